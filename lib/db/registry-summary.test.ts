import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carePlanSchema } from '../careplan/plan';
import { samplePlanInput } from '../careplan/test-support';
import { createCarePlan } from '../careplan/versioning';
import type { PatientContext } from '../ehr/patient';
import { draftReferral, transition, type ReferralRecord, type ReferralStatus } from '../referral/status';
import { caseloadRows, SPARKLINE_POINTS } from '../registry/caseload';
import { summariesIn } from './registry-summary-table';
import type { RegistryRow } from '../registry/registry';
import { referenceRegistryRows } from '../registry/test-support';
import { samplePacket, samplePacketInput } from '../../tests/fixtures/forms/sample-packet';
import { carePlanOf, saveCarePlan } from './careplan-store';
import { BridgeDatabase, type PatientOwnedRecord } from './database';
import { allReferrals, saveReferral } from './referral-store';
import { eraseAllData, purgeExpired } from './retention-store';
import { recordScreening } from './screening-record-store';

const newDb = () => new BridgeDatabase(`registry-summary-${Math.random()}`);
const FP = 'fp-abcdef0123';
const NOW = new Date('2026-12-09T12:00:00Z');
const stamp = (at: string) => ({ by: 'Lee Carter, LICSW', at });
const chart = (fingerprint: string): PatientContext => ({ name: 'Jane Q Testpatient', birthDate: '1980-04-09', sex: 'female', postalCode: '02139', mrn: 'MRN12345', sourceUrl: 'http://127.0.0.1/chart/p01', confidence: 0.9, fingerprint });
const four = { q1: '2-4-a-month', q2: '3-4', q3: 'less-than-monthly' };

function referralOf(fp: string, id: string, createdAt: string): ReferralRecord {
  return draftReferral(samplePacket({ id, createdAt, patient: { ...samplePacketInput().patient, fingerprint: fp, name: `Pat ${fp}`, mrn: `MRN-${fp}` } }), new Date(createdAt));
}
const summariesOf = async (db: BridgeDatabase) => summariesIn(await db.registrySummaries.toArray());
const rowsOf = async (db: BridgeDatabase, now = NOW) => caseloadRows(await summariesOf(db), now).rows;

/**
 * The registry from the full records, as the background read it before summaries: every table
 * read whole, each plan's `current` and each referral validated in full (lib/careplan, lib/referral),
 * then the plain definition of the rows (`referenceRegistryRows`) and the sparkline scores.
 */
async function registryFromFullRecords(db: BridgeDatabase, now: Date): Promise<{ rows: (RegistryRow & { recentScores: number[] })[]; skippedPlans: number }> {
  const planRows = await db.carePlans.toArray();
  const plans = planRows.flatMap((row) => {
    const current = carePlanSchema.safeParse((row as { current?: unknown }).current);
    return current.success && current.data.patientFingerprint === row.patientFingerprint ? [current.data] : [];
  });
  const screenings = (await db.screenings.toArray()).flatMap((s) =>
    s.result.status === 'complete' && typeof s.result.score === 'number' ? [{ patientFingerprint: s.patientFingerprint, instrumentId: s.instrumentId, score: s.result.score, completedAt: s.completedAt }] : [],
  );
  const rows = referenceRegistryRows({ plans, screenings, referrals: await allReferrals(db), patients: await db.patients.toArray() }, now);
  const withScores = rows.map((row) => {
    const mine = screenings.filter((s) => s.patientFingerprint === row.patientFingerprint && s.instrumentId === row.latestScore?.instrumentId && Date.parse(s.completedAt) <= now.getTime());
    const recentScores = mine.sort((a, b) => Date.parse(a.completedAt) - Date.parse(b.completedAt)).slice(-SPARKLINE_POINTS).map((s) => s.score);
    return { ...row, recentScores };
  });
  return { rows: withScores, skippedPlans: planRows.length - plans.length };
}
const byPatient = <T extends { patientFingerprint: string }>(rows: T[]) => rows.slice().sort((a, b) => (a.patientFingerprint < b.patientFingerprint ? -1 : 1));

describe('registry summaries, kept in the same transaction as each write', () => {
  it('care plan save: a summary with the plan, updated by the next version, gone when the plan is closed', async () => {
    const db = newDb();
    await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 0, plan: samplePlanInput() }, stamp('2026-11-23T14:00:00Z'));
    expect(await rowsOf(db)).toMatchObject([{ patientFingerprint: FP, planId: 'plan-0001', nextContactDue: '2026-12-07', flags: ['overdue-contact'], daysOverdue: 2 }]);
    await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 1, plan: samplePlanInput({ nextContactDue: '2026-12-20' }) }, stamp('2026-11-24T14:00:00Z'));
    expect(await rowsOf(db)).toMatchObject([{ nextContactDue: '2026-12-20', flags: [] }]);
    await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 2, plan: samplePlanInput({ nextContactDue: '2026-12-20', status: 'closed' }) }, stamp('2026-11-25T14:00:00Z'));
    expect((await summariesOf(db)).length).toBe(0);
  });

  it('referral save and status changes: listed while open, with status, sent day and the first-appointment flag', async () => {
    const db = newDb();
    let referral = referralOf(FP, 'ref-1', '2026-11-20T09:00:00Z');
    await saveReferral(db, referral, '2026-11-20T09:00:00Z');
    expect(await rowsOf(db)).toMatchObject([{ referralStatus: 'drafted', referralSentOn: null }]);
    expect((await rowsOf(db))[0]!.flags).not.toContain('no-first-appointment');
    referral = transition(referral, 'sent', new Date('2026-11-20T09:30:00Z'));
    await saveReferral(db, referral, '2026-11-20T09:30:00Z');
    expect(await rowsOf(db)).toMatchObject([{ referralStatus: 'sent', referralSentOn: '2026-11-20', flags: ['overdue-contact', 'no-first-appointment'] }]);
    referral = transition(transition(referral, 'scheduled', new Date('2026-11-25T10:00:00Z')), 'attended', new Date('2026-12-01T10:00:00Z'));
    await saveReferral(db, referral, '2026-12-01T10:00:00Z');
    expect((await rowsOf(db))[0]!.flags).not.toContain('no-first-appointment');
    await saveReferral(db, transition(referral, 'closed', new Date('2026-12-02T10:00:00Z')), '2026-12-02T10:00:00Z');
    expect((await summariesOf(db)).length).toBe(0);
  });

  it('screening save: the score, last contact and sparkline of a patient on the caseload', async () => {
    const db = newDb();
    await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 0, plan: samplePlanInput() }, stamp('2026-11-23T14:00:00Z'));
    await recordScreening(db, { patientFingerprint: FP, instrumentId: 'audit-c', answers: four, mode: 'clinician' }, chart(FP), { now: '2026-12-01T10:00:00.000Z', newId: () => 's-1' });
    expect(await rowsOf(db)).toMatchObject([{ latestScore: { instrumentId: 'audit-c', score: 4, on: '2026-12-01' }, lastContactOn: '2026-12-01', recentScores: [4] }]);
  });

  it('patient seen on an EHR page (name and MRN), as the background stores it with its audit entry', async () => {
    const db = newDb();
    await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 0, plan: samplePlanInput() }, stamp('2026-11-23T14:00:00Z'));
    expect((await rowsOf(db))[0]).toMatchObject({ name: '', mrn: null });
    await db.transaction('rw', db.audit, db.patients, async () => {
      await db.audit.add({ at: '2026-11-24T09:00:00Z', action: 'view', patientFingerprint: FP, detail: '127.0.0.1' });
      await db.patients.put({ fingerprint: FP, name: 'Jane Q Testpatient', birthDate: null, sex: 'female', postalCode: null, mrn: 'MRN12345', lastSeenAt: '2026-11-24T09:00:00Z' });
    });
    expect((await rowsOf(db))[0]).toMatchObject({ name: 'Jane Q Testpatient', mrn: 'MRN12345' });
  });

  it('retention purge and "erase all data" take the summaries with the records', async () => {
    const db = newDb();
    await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 0, plan: samplePlanInput({ status: 'active' }) }, stamp('2026-01-02T14:00:00Z'));
    const old = transition(transition(referralOf('fp-second-0001', 'ref-old', '2026-01-01T09:00:00Z'), 'sent', new Date('2026-01-01T10:00:00Z')), 'declined', new Date('2026-01-05T10:00:00Z'));
    await saveReferral(db, old, '2026-01-05T10:00:00Z');
    await db.screenings.put({ id: 'old-score', patientFingerprint: FP, instrumentId: 'audit-c', instrumentVersion: '1', answers: {}, result: { status: 'complete', score: 9 }, mode: 'clinician', completedAt: '2026-01-03T10:00:00Z' });
    expect((await summariesOf(db)).length).toBe(2);
    await purgeExpired(db, '2026-12-09T12:00:00Z', 90);
    // The declined referral and the old score are gone; the active plan stays, without the score.
    expect((await rowsOf(db)).map((r) => [r.patientFingerprint, r.latestScore])).toEqual([[FP, null]]);
    await eraseAllData(db);
    expect((await summariesOf(db)).length).toBe(0);
  });

  it('a sync pull or a resolved conflict writes straight to the table, in its own transaction: the summary follows', async () => {
    const db = newDb();
    const plan = createCarePlan(samplePlanInput(), stamp('2026-11-23T14:00:00Z'));
    // As lib/sync's engine applies a pulled record (its table and the sync links, one transaction).
    await db.transaction('rw', [db.carePlans, db.syncLinks], async () => {
      await db.carePlans.put({ ...plan, id: plan.current.id, patientFingerprint: FP, updatedAt: '2026-11-23T14:00:00Z' });
      await db.syncLinks.put({ key: `care-plan:${plan.current.id}:careplan`, kind: 'care-plan', recordId: plan.current.id, part: 'careplan', patientFingerprint: FP, resourceType: 'CarePlan', serverId: '1', versionId: '1', syncedHash: 'h', base: null, syncedAt: '2026-11-23T14:00:00Z' });
    });
    expect(await rowsOf(db)).toMatchObject([{ planId: plan.current.id }]);
    // As handlers/sync-conflicts.ts keeps the server's screening.
    await db.screenings.put({ id: 'remote-1', patientFingerprint: FP, instrumentId: 'audit-c', instrumentVersion: '1', answers: {}, result: { status: 'complete', score: 7 }, mode: 'clinician', completedAt: '2026-11-30T10:00:00.000Z' });
    expect((await rowsOf(db))[0]!.latestScore).toEqual({ instrumentId: 'audit-c', score: 7, on: '2026-11-30' });
  });

  it('a write that fails leaves no summary behind (same transaction)', async () => {
    const db = newDb();
    const plan = createCarePlan(samplePlanInput(), stamp('2026-11-23T14:00:00Z'));
    await expect(
      db.transaction('rw', db.carePlans, async () => {
        await db.carePlans.put({ ...plan, id: plan.current.id, patientFingerprint: FP, updatedAt: '2026-11-23T14:00:00Z' });
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect([await db.carePlans.count(), (await summariesOf(db)).length]).toEqual([0, 0]);
  });

  it('a plan re-filed under another patient moves to that patient, and an unreadable plan is counted, never listed', async () => {
    const db = newDb();
    const plan = createCarePlan(samplePlanInput(), stamp('2026-11-23T14:00:00Z'));
    await db.carePlans.put({ ...plan, id: plan.current.id, patientFingerprint: FP, updatedAt: '2026-11-23T14:00:00Z' });
    await db.carePlans.put({ ...plan, id: plan.current.id, patientFingerprint: 'fp-someone-else', updatedAt: '2026-11-23T15:00:00Z' });
    expect(await summariesOf(db)).toEqual([{ patientFingerprint: 'fp-someone-else', digest: null, unreadablePlans: 1 }]);
    expect(caseloadRows(await summariesOf(db), NOW)).toEqual({ rows: [], skippedPlans: 1 });
  });
});

// ------------------------------------------------------------------ property

const PATIENTS = ['fp-prop-000001', 'fp-prop-000002', 'fp-prop-000003'];
const day = (offset: number) => new Date(Date.UTC(2026, 10, 1) + offset * 86_400_000).toISOString().slice(0, 10);
const patientArb = fc.constantFrom(...PATIENTS);
const command = fc.oneof(
  fc.record({ kind: fc.constant('plan' as const), fp: patientArb, next: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }), last: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }), closed: fc.boolean(), review: fc.constantFrom(14, 28), target: fc.integer({ min: 0, max: 6 }), goalStatus: fc.constantFrom('active', 'achieved') }),
  fc.record({ kind: fc.constant('referral' as const), fp: patientArb, n: fc.integer({ min: 1, max: 3 }), steps: fc.array(fc.constantFrom<ReferralStatus>('sent', 'scheduled', 'attended', 'no-show', 'declined', 'closed'), { maxLength: 3 }), follow: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }) }),
  fc.record({ kind: fc.constant('screening' as const), fp: patientArb, n: fc.integer({ min: 1, max: 12 }), score: fc.integer({ min: 0, max: 12 }), at: fc.integer({ min: 0, max: 60 }), minute: fc.constantFrom(0, 0, 30), instrument: fc.constantFrom('audit-c', 'dast-10'), complete: fc.boolean() }),
  fc.record({ kind: fc.constant('recorded-screening' as const), fp: patientArb }),
  fc.record({ kind: fc.constant('seen' as const), fp: patientArb, name: fc.constantFrom('Ana Example', 'Bo Sample'), mrn: fc.option(fc.constantFrom('MRN1', 'MRN2'), { nil: null }) }),
  fc.record({ kind: fc.constant('delete-screening' as const), fp: patientArb, n: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('misfiled-plan' as const), fp: patientArb, under: patientArb }),
  fc.record({ kind: fc.constant('purge' as const), days: fc.integer({ min: 10, max: 60 }) }),
  fc.record({ kind: fc.constant('erase' as const) }),
);

type Command = typeof command extends fc.Arbitrary<infer T> ? T : never;

async function run(db: BridgeDatabase, c: Command, step: number): Promise<void> {
  const at = new Date(Date.UTC(2026, 10, 1, 8) + step * 3_600_000).toISOString();
  switch (c.kind) {
    case 'plan': {
      const existing = await carePlanOf(db, c.fp);
      const input = samplePlanInput({ id: `plan-${c.fp}`, patientFingerprint: c.fp, nextContactDue: c.next === null ? null : day(c.next), lastContactOn: c.last === null ? null : day(c.last), status: c.closed ? 'closed' : 'active', reviewIntervalDays: c.review });
      input.goals = (input.goals ?? []).map((g) => ({ ...g, status: c.goalStatus, measure: { instrumentId: 'audit-c', target: c.target, direction: 'decrease' } }));
      await saveCarePlan(db, { patientFingerprint: c.fp, basedOnVersion: existing?.version ?? 0, plan: input }, stamp(at));
      return;
    }
    case 'referral': {
      const id = `ref-${c.fp}-${c.n}`;
      const stored = (await allReferrals(db)).find((r) => r.id === id);
      let referral = stored ?? referralOf(c.fp, id, at);
      for (const to of c.steps) referral = transition(referral, to, new Date(at));
      await saveReferral(db, { ...referral, followUpOn: referral.status === 'closed' ? null : c.follow === null ? null : day(c.follow) }, at);
      return;
    }
    case 'screening':
      await db.screenings.put({ id: `scr-${c.fp}-${c.n}`, patientFingerprint: c.fp, instrumentId: c.instrument, instrumentVersion: '1', answers: {}, result: c.complete ? { status: 'complete', score: c.score } : { status: 'incomplete' }, mode: 'clinician', completedAt: `${day(c.at)}T10:${c.minute === 0 ? '00' : '30'}:00Z` });
      return;
    case 'recorded-screening':
      await recordScreening(db, { patientFingerprint: c.fp, instrumentId: 'audit-c', answers: four, mode: 'clinician' }, chart(c.fp), { now: at, newId: () => `rec-${step}` });
      return;
    case 'seen':
      await db.patients.put({ fingerprint: c.fp, name: c.name, birthDate: null, sex: 'unknown', postalCode: null, mrn: c.mrn, lastSeenAt: at });
      return;
    case 'delete-screening':
      await db.screenings.delete(`scr-${c.fp}-${c.n}`);
      return;
    case 'misfiled-plan': {
      const plan = createCarePlan(samplePlanInput({ id: `plan-misfiled-${c.fp}`, patientFingerprint: c.fp }), stamp(at));
      await db.carePlans.put({ ...plan, id: plan.current.id, patientFingerprint: c.under, updatedAt: at } as PatientOwnedRecord);
      return;
    }
    case 'purge':
      await purgeExpired(db, new Date(Date.UTC(2026, 11, 20)).toISOString(), c.days);
      return;
    case 'erase':
      await eraseAllData(db);
      return;
  }
}

describe('registry summaries, property', () => {
  it('after any sequence of writes through the stores, the registry from the summaries equals the registry from the full records, on any clock', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 14 }), fc.array(fc.integer({ min: 0, max: 80 }), { minLength: 1, maxLength: 3 }), async (commands, clocks) => {
        const db = newDb();
        try {
          for (const [step, c] of commands.entries()) {
            // A refusal (a transition the referral cannot take...) writes nothing; the invariant must hold either way.
            await run(db, c, step).catch(() => undefined);
          }
          const summaries = await summariesOf(db);
          for (const offset of clocks) {
            const now = new Date(Date.UTC(2026, 10, 1, 12) + offset * 86_400_000);
            const fromSummaries = caseloadRows(summaries, now);
            const fromRecords = await registryFromFullRecords(db, now);
            expect(byPatient(fromSummaries.rows)).toEqual(byPatient(fromRecords.rows));
            expect(fromSummaries.skippedPlans).toBe(fromRecords.skippedPlans);
          }
        } finally {
          db.close();
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
