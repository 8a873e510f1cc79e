import type { BridgeDatabase } from './database';
import { carePlanExpired, referralExpired, retentionCutoff } from '../retention/retention';

export interface PurgeReport {
  before: string;
  screenings: number;
  drafts: number;
  referrals: number;
  carePlans: number;
  audit: number;
}

/**
 * Deletes what the retention period no longer covers, in one transaction (all or nothing):
 * screenings, drafts and audit entries older than the period; referrals closed or declined
 * longer ago than the period, and care plans closed longer ago than the period. Open referrals and
 * active plans stay whatever their age.
 */
export async function purgeExpired(db: BridgeDatabase, now: string, retentionDays: number): Promise<PurgeReport> {
  const cutoff = retentionCutoff(now, retentionDays);
  return db.transaction('rw', [db.screenings, db.drafts, db.referrals, db.carePlans, db.audit], async () => {
    const screenings = await db.screenings.where('completedAt').below(cutoff.before).delete();
    const drafts = await db.drafts.where('updatedAt').below(cutoff.before).delete();
    const referrals = await db.referrals.filter((r) => referralExpired(r, cutoff)).delete();
    const carePlans = await db.carePlans.filter((p) => carePlanExpired(p, cutoff)).delete();
    const audit = await db.audit.where('at').below(cutoff.before).delete();
    return { before: cutoff.before, screenings, drafts, referrals, carePlans, audit };
  });
}

/** "Erase all data on this device": every table emptied in one transaction. */
export async function eraseAllData(db: BridgeDatabase): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    await Promise.all(db.tables.map((table) => table.clear()));
  });
}
