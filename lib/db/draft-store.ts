import type { BridgeDatabase, DraftRecord } from './database';

/** The id of a patient's draft of one kind: one draft of a kind per patient. */
export function draftIdOf(kind: string, patientFingerprint: string): string {
  return `${kind}:${patientFingerprint}`;
}

/** Saves (replaces) the patient's draft of this kind and returns the stored record. */
export async function saveDraft(
  db: BridgeDatabase,
  kind: string,
  patientFingerprint: string,
  data: Record<string, unknown>,
  now: string,
): Promise<DraftRecord> {
  const record: DraftRecord = { id: draftIdOf(kind, patientFingerprint), kind, patientFingerprint, data, updatedAt: now };
  await db.drafts.put(record);
  return record;
}

/**
 * The patient's draft of this kind, or undefined. A draft is only ever returned for the patient it
 * was saved for: the id is derived from the fingerprint, and the stored owner is checked again.
 */
export async function readDraft(db: BridgeDatabase, kind: string, patientFingerprint: string): Promise<DraftRecord | undefined> {
  const record = await db.drafts.get(draftIdOf(kind, patientFingerprint));
  return record && record.patientFingerprint === patientFingerprint && record.kind === kind ? record : undefined;
}

/** Deletes the patient's draft of this kind, if there is one. */
export async function discardDraft(db: BridgeDatabase, kind: string, patientFingerprint: string): Promise<void> {
  await db.drafts.delete(draftIdOf(kind, patientFingerprint));
}
