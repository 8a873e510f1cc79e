import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createCarePlan, applyChange } from '@/lib/careplan/versioning';
import { samplePlanInput } from '@/lib/careplan/test-support';
import { BridgeDatabase, type PatientOwnedRecord } from '@/lib/db/database';
import { saveReferral } from '@/lib/db/referral-store';
import { routeMessage, type SenderFacts } from '@/lib/messaging/router';
import { draftReferral, transition, type ReferralRecord } from '@/lib/referral/status';
import type { CarePlan } from '@/lib/careplan/plan';
import { registryRows } from '@/lib/registry/registry';
import { syntheticCaseload } from '@/lib/registry/test-support';
import { samplePacket } from '@/tests/fixtures/forms/sample-packet';
import { currentPlanOf, registryHandlers, registryReferralOf } from './registry';

const ctx = { ownId: 'bridge-id', ownOrigin: 'chrome-extension://bridge-id' };
const fromRegistry: SenderFacts = { extensionId: 'bridge-id', url: 'chrome-extension://bridge-id/registry.html', tabId: undefined };
const fromContent: SenderFacts = { extensionId: 'bridge-id', url: 'http://127.0.0.1/chart/p02', tabId: 7 };
const FP = 'fp-abcdef0123';

let db: BridgeDatabase;
const send = (type: string, payload: unknown, sender = fromRegistry) => routeMessage({ bridge: 1, type, payload }, sender, registryHandlers(db), ctx, () => undefined);
const data = (reply: unknown) => (reply as { ok: true; data: any }).data; // eslint-disable-line @typescript-eslint/no-explicit-any

async function storePlan(record: ReturnType<typeof createCarePlan>, filedUnder = record.current.patientFingerprint) {
  await db.carePlans.put({ id: record.current.id, patientFingerprint: filedUnder, updatedAt: record.history.at(-1)!.at, ...record } as unknown as PatientOwnedRecord);
}
async function storeScreening(id: string, score: number, completedAt: string, patientFingerprint = FP) {
  await db.screenings.put({ id, patientFingerprint, instrumentId: 'audit-c', instrumentVersion: '1', answers: {}, result: { status: 'complete', score }, mode: 'clinician', completedAt });
}

beforeEach(() => {
  fakeBrowser.reset();
  db = new BridgeDatabase(`registry-handlers-${Math.random()}`);
});

describe('registry.rows', () => {
  it('lists a patient with a plan and a sent referral, flagged on the clock the page passes', async () => {
    await storePlan(createCarePlan(samplePlanInput(), { by: 'm-bhcm', at: '2026-11-23T14:00:00Z' }));
    await saveReferral(db, transition(draftReferral(samplePacket(), new Date('2026-11-23T13:00:00Z')), 'sent', new Date('2026-11-23T13:30:00Z')), '2026-11-23T13:30:00Z');
    await storeScreening('s1', 9, '2026-11-20T10:00:00Z');
    await storeScreening('s2', 7, '2026-11-22T10:00:00Z');
    await db.patients.put({ fingerprint: FP, name: 'Jane Q Testpatient', birthDate: null, sex: 'female', postalCode: null, mrn: 'MRN12345', lastSeenAt: '2026-11-23T14:00:00Z' });

    const before = data(await send('registry.rows', { now: '2026-11-24T12:00:00Z' }));
    expect(before.skippedPlans).toBe(0);
    expect(before.rows).toHaveLength(1);
    expect(before.rows[0]).toMatchObject({ patientFingerprint: FP, name: 'Jane Q Testpatient', mrn: 'MRN12345', nextContactDue: '2026-11-30', referralStatus: 'sent', flags: [], recentScores: [9, 7] });

    // The referral's follow-up (a week after sending, 30 Nov) comes before the plan's (7 Dec). On
    // 9 Dec both have passed and the referral was sent 16 days ago with no visit.
    const after = data(await send('registry.rows', { now: '2026-12-09T12:00:00Z' }));
    expect(after.rows[0].flags).toEqual(['overdue-contact', 'no-first-appointment']);
    expect(after.rows[0].daysOverdue).toBe(9);
  });

  it('sees every write (the summaries are kept in the write\'s transaction)', async () => {
    await storePlan(createCarePlan(samplePlanInput(), { by: 'm-bhcm', at: '2026-11-23T14:00:00Z' }));
    await storeScreening('s1', 9, '2026-11-20T10:00:00Z');
    expect(data(await send('registry.rows', { now: '2026-11-24T12:00:00Z' })).rows[0].latestScore.score).toBe(9);
    await storeScreening('s2', 4, '2026-11-24T10:00:00Z');
    expect(data(await send('registry.rows', { now: '2026-11-24T12:00:00Z' })).rows[0].latestScore.score).toBe(4);
    const record = createCarePlan(samplePlanInput(), { by: 'm-bhcm', at: '2026-11-23T14:00:00Z' });
    await storePlan(applyChange(record, { op: 'set', field: 'status', value: 'closed' }, { by: 'm-bhcm', at: '2026-11-24T11:00:00Z' }).plan);
    expect(data(await send('registry.rows', { now: '2026-11-24T12:00:00Z' })).rows).toEqual([]);
  });

  it('skips a plan filed under another patient, and rebuilds one stored without its current version', async () => {
    const mine = createCarePlan(samplePlanInput(), { by: 'm-bhcm', at: '2026-11-23T14:00:00Z' });
    await storePlan(mine, 'fp-someone-else');
    const other = createCarePlan(samplePlanInput({ id: 'plan-2', patientFingerprint: 'fp-second-0001' }), { by: 'm-bhcm', at: '2026-11-23T14:00:00Z' });
    const changed = applyChange(other, { op: 'set', field: 'nextContactDue', value: '2026-12-01' }, { by: 'm-bhcm', at: '2026-11-23T15:00:00Z' }).plan;
    const { current: _current, ...withoutCurrent } = changed;
    await db.carePlans.put({ id: 'plan-2', patientFingerprint: 'fp-second-0001', updatedAt: '2026-11-23T15:00:00Z', ...withoutCurrent } as unknown as PatientOwnedRecord);
    const reply = data(await send('registry.rows', { now: '2026-11-24T12:00:00Z' }));
    expect(reply.skippedPlans).toBe(1);
    expect(reply.rows.map((r: { patientFingerprint: string; nextContactDue: string }) => [r.patientFingerprint, r.nextContactDue])).toEqual([['fp-second-0001', '2026-12-01']]);
  });

  it("sparkline scores: the latest instrument's last 8 scores up to the page's clock, oldest first", async () => {
    await storePlan(createCarePlan(samplePlanInput(), { by: 'm-bhcm', at: '2026-11-23T14:00:00Z' }));
    for (let i = 1; i <= 10; i++) await storeScreening(`s${i}`, i, `2026-10-${String(i + 10).padStart(2, '0')}T10:00:00Z`);
    await db.screenings.put({ id: 'dast', patientFingerprint: FP, instrumentId: 'dast-10', instrumentVersion: '1', answers: {}, result: { status: 'complete', score: 2 }, mode: 'clinician', completedAt: '2026-10-01T10:00:00Z' });
    const on = async (now: string) => data(await send('registry.rows', { now })).rows[0].recentScores;
    expect(await on('2026-11-24T12:00:00Z')).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await on('2026-10-15T12:00:00Z')).toEqual([1, 2, 3, 4, 5]);
  });

  it('is refused from a content script and without a valid clock', async () => {
    expect(await send('registry.rows', { now: '2026-11-24T12:00:00Z' }, fromContent)).toMatchObject({ ok: false });
    expect(await send('registry.rows', { now: 'tomorrow' })).toMatchObject({ ok: false });
  });
});

describe('registry.exportCsv', () => {
  it('exports the rows the query selects and records the export in the audit log', async () => {
    await storePlan(createCarePlan(samplePlanInput(), { by: 'm-bhcm', at: '2026-11-23T14:00:00Z' }));
    await storePlan(createCarePlan(samplePlanInput({ id: 'plan-2', patientFingerprint: 'fp-second-0001', nextContactDue: '2027-01-10' }), { by: 'm-bhcm', at: '2026-11-23T14:00:00Z' }));
    const reply = data(await send('registry.exportCsv', { now: '2026-12-09T12:00:00Z', query: { flags: ['overdue-contact'] } }));
    expect(reply.rows).toBe(1);
    expect(reply.csv.split('\r\n')[0]).toContain('"next_contact_due"');
    expect(reply.csv).toContain('"2026-12-07"');
    expect(reply.csv).not.toContain('2027-01-10');
    const audit = await db.audit.toArray();
    expect(audit).toMatchObject([{ action: 'export', patientFingerprint: null, detail: 'caseload registry CSV, 1 patient (filtered)' }]);
  });
});

describe('the registry reads only part of each stored plan and referral', () => {
  it('gives the same rows as the full records (so the projection is enough for registryRows)', () => {
    const now = new Date('2026-12-20T12:00:00Z');
    const input = syntheticCaseload(300, samplePacket(), now, 7);
    const row = (x: object, fp: string) => ({ ...x, patientFingerprint: fp, updatedAt: now.toISOString() }) as unknown as PatientOwnedRecord;
    const plans = input.plans.map((p) => currentPlanOf(row({ initial: p, current: p, version: 1, history: [] }, p.patientFingerprint))!);
    const referrals = input.referrals.map((r) => registryReferralOf(row(r, r.packet.patient.fingerprint))!);
    expect(plans.every(Boolean) && referrals.every(Boolean)).toBe(true);
    expect(registryRows({ ...input, plans: plans as unknown as CarePlan[], referrals: referrals as unknown as ReferralRecord[] }, now)).toEqual(registryRows(input, now));
  });
});
