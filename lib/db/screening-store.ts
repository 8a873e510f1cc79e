import Dexie from 'dexie';
import type { BridgeDatabase, ScreeningRecord } from './database';

/** The patient's most recent completed screening, or undefined if never screened here. */
export async function lastScreeningOf(db: BridgeDatabase, patientFingerprint: string): Promise<ScreeningRecord | undefined> {
  return db.screenings
    .where('[patientFingerprint+completedAt]')
    .between([patientFingerprint, Dexie.minKey], [patientFingerprint, Dexie.maxKey])
    .last();
}

/** Every completed screening of one patient, oldest first. */
export async function screeningsOf(db: BridgeDatabase, patientFingerprint: string): Promise<ScreeningRecord[]> {
  return db.screenings
    .where('[patientFingerprint+completedAt]')
    .between([patientFingerprint, Dexie.minKey], [patientFingerprint, Dexie.maxKey])
    .toArray();
}
