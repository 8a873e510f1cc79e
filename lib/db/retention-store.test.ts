import { describe, expect, it } from 'vitest';
import { BridgeDatabase } from './database';
import { eraseAllData, purgeExpired } from './retention-store';

const NOW = '2026-11-23T12:00:00.000Z';
const OLD = '2026-01-01T00:00:00.000Z';
const RECENT = '2026-11-01T00:00:00.000Z';

async function seeded() {
  const db = new BridgeDatabase(`retention-${Math.random()}`);
  const screening = (id: string, completedAt: string) => ({ id, patientFingerprint: 'fp-11111111', instrumentId: 'audit-c', instrumentVersion: '1', answers: {}, result: {}, mode: 'clinician' as const, completedAt });
  await db.screenings.bulkPut([screening('old', OLD), screening('new', RECENT)]);
  await db.drafts.bulkPut([
    { id: 'screening:fp-11111111', kind: 'screening', patientFingerprint: 'fp-11111111', data: {}, updatedAt: OLD },
    { id: 'referral:fp-11111111', kind: 'referral', patientFingerprint: 'fp-11111111', data: {}, updatedAt: RECENT },
  ]);
  await db.referrals.bulkPut([
    { id: 'open-old', patientFingerprint: 'fp-11111111', status: 'sent', updatedAt: OLD },
    { id: 'closed-old', patientFingerprint: 'fp-11111111', status: 'closed', updatedAt: OLD },
    { id: 'closed-new', patientFingerprint: 'fp-11111111', status: 'closed', updatedAt: RECENT },
  ]);
  const plan = (id: string, status: string, updatedAt: string) => ({ id, patientFingerprint: 'fp-11111111', current: { status }, updatedAt });
  await db.carePlans.bulkPut([plan('plan-active-old', 'active', OLD), plan('plan-closed-old', 'closed', OLD), plan('plan-closed-new', 'closed', RECENT)]);
  await db.audit.bulkAdd([
    { at: OLD, action: 'view', patientFingerprint: 'fp-11111111', detail: 'x' },
    { at: RECENT, action: 'view', patientFingerprint: 'fp-11111111', detail: 'y' },
  ]);
  await db.settings.put({ key: 'clinicianName', value: 'Dr. A', updatedAt: OLD });
  return db;
}

describe('purgeExpired', () => {
  it('purges what is older than the period and keeps open referrals and recent records', async () => {
    const db = await seeded();
    const report = await purgeExpired(db, NOW, 90);
    expect(report).toEqual({ before: '2026-08-25T12:00:00.000Z', screenings: 1, drafts: 1, referrals: 1, carePlans: 1, audit: 1 });
    expect((await db.carePlans.toArray()).map((p) => p.id).sort()).toEqual(['plan-active-old', 'plan-closed-new']);
    expect((await db.screenings.toArray()).map((s) => s.id)).toEqual(['new']);
    expect((await db.referrals.toArray()).map((r) => r.id).sort()).toEqual(['closed-new', 'open-old']);
    expect(await db.audit.count()).toBe(1);
    expect(await db.settings.count()).toBe(1);
  });
  it('changes nothing when the period is invalid', async () => {
    const db = await seeded();
    await expect(purgeExpired(db, NOW, 0)).rejects.toThrow(/Nothing was purged/);
    expect(await db.screenings.count()).toBe(2);
  });
});

describe('eraseAllData', () => {
  it('empties every table', async () => {
    const db = await seeded();
    await eraseAllData(db);
    for (const table of db.tables) expect(await table.count()).toBe(0);
  });
});
