import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { carePlan, CarePlanError } from './plan';
import { applyChange, CarePlanChangeError, createCarePlan, diffVersions, planAt, planHistory, stableJson, type PlanChange, type VersionedCarePlan } from './versioning';
import { scoreTrend, type ScorePoint } from './trend';
import { samplePlanInput } from './test-support';
import { findStigmatizingTerms } from '../language/check';

const by = 'm-bhcm';
const t0 = '2026-11-23T14:00:00Z';
const stamp = (minutes: number) => ({ by, at: new Date(Date.parse(t0) + minutes * 60_000).toISOString() });

describe('carePlanSchema', () => {
  it('accepts the sample plan and fills defaults', () => {
    const plan = carePlan(samplePlanInput());
    expect(plan.status).toBe('active');
    expect(plan.problems[0]!.status).toBe('active');
    expect(plan.careTeam.map((m) => m.role)).toContain('patient');
    expect(plan.careTeam.map((m) => m.role)).toContain('support-person');
  });
  it('names every broken reference and says nothing was saved', () => {
    const input = samplePlanInput();
    input.interventions![0]!.goalIds = ['g-missing'];
    input.interventions![1]!.assignedTo = 'm-missing';
    input.goals![0]!.problemIds = ['p-missing'];
    expect(() => carePlan(input)).toThrow(CarePlanError);
    expect(() => carePlan(input)).toThrow(/interventions\.0\.goalIds\.0: no goal 'g-missing'.*interventions\.1\.assignedTo: no care team member 'm-missing'.*Nothing was saved/s);
  });
  it('rejects duplicate ids, two patients, a medication on a non-MOUD intervention, a bad date', () => {
    const dupe = samplePlanInput();
    dupe.goals!.push({ ...dupe.goals![0]! });
    expect(() => carePlan(dupe)).toThrow(/duplicate id 'g-drive'/);
    const twoPatients = samplePlanInput();
    twoPatients.careTeam!.push({ id: 'm-p2', role: 'patient', name: 'X' });
    expect(() => carePlan(twoPatients)).toThrow(/at most one member with the role "patient"/);
    const med = samplePlanInput();
    med.interventions![1]!.medication = 'methadone';
    expect(() => carePlan(med)).toThrow(/only an MOUD intervention/);
    expect(() => carePlan(samplePlanInput({ nextContactDue: '07/12/2026' }))).toThrow(/nextContactDue: a date as YYYY-MM-DD/);
  });
  it('goals are kept in the patient\'s own words (any words the patient chose)', () => {
    const plan = carePlan(samplePlanInput());
    expect(plan.goals[0]!.patientWords).toMatch(/^I want/);
  });
  it("the sample plan's Bridge-facing text passes the language check (ICD title quoted beside its code)", () => {
    const plan = carePlan(samplePlanInput());
    const texts = [...plan.problems.map((p) => `${p.description}${p.icd ? ` ${p.icd.code} ${p.icd.title}` : ''}`), ...plan.interventions.map((i) => i.description)];
    expect(texts.flatMap((t) => findStigmatizingTerms(t, { lang: 'en' }))).toEqual([]);
  });
});

describe('versioning', () => {
  const start = () => createCarePlan(samplePlanInput(), { by: 'm-pcp', at: t0 });

  it('starts at version 1 with who and when', () => {
    const r = start();
    expect(r.version).toBe(1);
    expect(r.history).toEqual([{ version: 1, by: 'm-pcp', at: t0, change: null }]);
  });
  it('applies a change as a new version, keeps the old one, and does not mutate the record', () => {
    const r1 = start();
    const before = stableJson(r1);
    const { plan: r2, version } = applyChange(r1, { op: 'set', field: 'nextContactDue', value: '2026-12-14' }, stamp(5));
    expect(version).toMatchObject({ version: 2, by, at: stamp(5).at });
    expect(r2.current.nextContactDue).toBe('2026-12-14');
    expect(planAt(r2, 1).nextContactDue).toBe('2026-12-07');
    expect(stableJson(r1)).toBe(before);
  });
  it('upserts, removes and batches; a batch is one version', () => {
    let r = start();
    r = applyChange(r, { op: 'upsert', collection: 'goals', item: { id: 'g-sleep', patientWords: 'Sleep through the night', targetDate: '2027-01-15' } }, stamp(1)).plan;
    r = applyChange(r, { op: 'upsert', collection: 'goals', item: { id: 'g-sleep', patientWords: 'Sleep through the night most nights', targetDate: '2027-01-31' } }, stamp(2)).plan;
    r = applyChange(
      r,
      {
        op: 'batch',
        edits: [
          { op: 'remove', collection: 'interventions', id: 'i-naltrexone' },
          { op: 'upsert', collection: 'interventions', item: { id: 'i-moud', kind: 'moud', medication: 'naltrexone-extended-release', description: 'Monthly injection', goalIds: ['g-drive'], status: 'active' } },
          { op: 'set', field: 'lastContactOn', value: '2026-11-24' },
        ],
      },
      stamp(3),
    ).plan;
    expect(r.version).toBe(4);
    expect(r.current.goals.find((g) => g.id === 'g-sleep')?.targetDate).toBe('2027-01-31');
    expect(diffVersions(r, 1, 4)).toEqual([
      { collection: 'goals', id: 'g-sleep', kind: 'added' },
      { collection: 'interventions', id: 'i-moud', kind: 'added' },
      { collection: 'interventions', id: 'i-naltrexone', kind: 'removed' },
      { field: 'lastContactOn', kind: 'set', from: '2026-11-23', to: '2026-11-24' },
    ]);
    expect(diffVersions(r, 2, 3)).toEqual([{ collection: 'goals', id: 'g-sleep', kind: 'changed', fields: ['patientWords', 'targetDate'] }]);
  });
  it('refuses a change that would break the plan, and records nothing', () => {
    const r = start();
    expect(() => applyChange(r, { op: 'remove', collection: 'goals', id: 'g-drive' }, stamp(1))).toThrow(/would leave the care plan invalid: interventions\.0\.goalIds\.0: no goal 'g-drive'/);
    expect(() => applyChange(r, { op: 'remove', collection: 'careTeam', id: 'm-nobody' }, stamp(1))).toThrow(/no 'm-nobody' in careTeam/);
    expect(() => applyChange(r, { op: 'set', field: 'reviewIntervalDays', value: 0 }, stamp(1))).toThrow(CarePlanChangeError);
    expect(r.version).toBe(1);
  });
  it('refuses a change without who, with a bad time, or dated before the last version', () => {
    const r = applyChange(start(), { op: 'set', field: 'status', value: 'active' }, stamp(10)).plan;
    expect(() => applyChange(r, { op: 'set', field: 'reviewIntervalDays', value: 14 }, { by: ' ', at: stamp(11).at })).toThrow(/needs `by`/);
    expect(() => applyChange(r, { op: 'set', field: 'reviewIntervalDays', value: 14 }, { by, at: 'yesterday' })).toThrow(/ISO date-time/);
    expect(() => applyChange(r, { op: 'set', field: 'reviewIntervalDays', value: 14 }, { by, at: '2026-11-01T00:00:00Z' })).toThrow(/check the clock/);
  });
  it('a change that changes nothing records no version', () => {
    const r = start();
    const out = applyChange(r, { op: 'set', field: 'status', value: 'active' }, stamp(1));
    expect(out.plan).toBe(r);
    expect(out.version.version).toBe(1);
  });
});

describe('versioning: properties', () => {
  const memberIds = ['m-x1', 'm-x2', 'm-x3'];
  const change: fc.Arbitrary<PlanChange> = fc.oneof(
    fc.record({ op: fc.constant('set' as const), field: fc.constant('reviewIntervalDays' as const), value: fc.integer({ min: 1, max: 365 }) }),
    fc.record({ op: fc.constant('set' as const), field: fc.constant('status' as const), value: fc.constantFrom('active' as const, 'closed' as const) }),
    fc.record({
      op: fc.constant('upsert' as const),
      collection: fc.constant('careTeam' as const),
      item: fc.record({ id: fc.constantFrom(...memberIds), role: fc.constantFrom('peer-recovery-specialist' as const, 'community-service' as const), name: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0) }),
    }),
    fc.record({ op: fc.constant('remove' as const), collection: fc.constant('careTeam' as const), id: fc.constantFrom(...memberIds) }),
    fc.record({ op: fc.constant('set' as const), field: fc.constant('nextContactDue' as const), value: fc.option(fc.constantFrom('2026-12-01', '2027-01-05'), { nil: null }) }),
  );

  it('version numbers strictly increase, times never go back, and history rebuilds every version', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(change, fc.integer({ min: 0, max: 600 })), { maxLength: 25 }), (steps) => {
        let r: VersionedCarePlan = createCarePlan(samplePlanInput(), { by: 'm-pcp', at: t0 });
        const snapshots = new Map<number, string>([[1, stableJson(r.current)]]);
        let minutes = 0;
        for (const [c, gap] of steps) {
          minutes += gap;
          try {
            const out = applyChange(r, c, stamp(minutes));
            if (out.plan !== r) {
              expect(out.version.version).toBe(r.version + 1);
              snapshots.set(out.version.version, stableJson(out.plan.current));
            }
            r = out.plan;
          } catch (e) {
            expect(e).toBeInstanceOf(CarePlanChangeError); // e.g. removing a member who is not there
          }
        }
        const history = planHistory(r);
        expect(history.map((v) => v.version)).toEqual(history.map((_, i) => i + 1));
        for (let i = 1; i < history.length; i++) expect(Date.parse(history[i]!.at)).toBeGreaterThanOrEqual(Date.parse(history[i - 1]!.at));
        for (const v of history) expect(stableJson(v.plan)).toBe(snapshots.get(v.version));
        expect(stableJson(history[history.length - 1]!.plan)).toBe(stableJson(r.current));
        // Diffing a version with itself finds nothing; with the next one, something.
        for (let v = 1; v < r.version; v++) {
          expect(diffVersions(r, v, v)).toEqual([]);
          expect(diffVersions(r, v, v + 1).length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('scoreTrend', () => {
  const goal = { instrumentId: 'audit-c', target: 3, direction: 'decrease' as const };
  const now = new Date('2027-01-10T12:00:00Z');
  const pts = (...xs: [string, number][]): ScorePoint[] => xs.map(([at, score]) => ({ at, score }));

  it.each([
    ['no scores', [], 'no-scores'],
    ['baseline only, before the review date', pts(['2026-12-20', 9]), 'too-early'],
    ['baseline only, review date passed', pts(['2026-11-20', 9]), 'not-improving'],
    ['unchanged after the interval', pts(['2026-11-20', 9], ['2026-12-20', 9]), 'not-improving'],
    ['worse after the interval', pts(['2026-11-20', 7], ['2026-12-20', 9]), 'not-improving'],
    ['down after the interval', pts(['2026-11-20', 9], ['2026-12-20', 6]), 'improving'],
    ['at the target', pts(['2026-11-20', 9], ['2026-12-20', 3]), 'at-target'],
    ['at the target before the review date', pts(['2027-01-01', 9], ['2027-01-08', 2]), 'at-target'],
    ['unchanged but not yet due', pts(['2026-12-20', 9], ['2027-01-05', 9]), 'too-early'],
    ['scores in any order', pts(['2026-12-20', 6], ['2026-11-20', 9]), 'improving'],
    ['a future score is ignored', pts(['2026-11-20', 9], ['2027-02-01', 1]), 'not-improving'],
  ] as [string, ScorePoint[], string][])('%s → %s', (_name, scores, status) => {
    const t = scoreTrend(scores, goal, 28, now);
    expect(t.status).toBe(status);
    expect(t.notImproving).toBe(status === 'not-improving');
  });
  it('due exactly on the review day (clock controlled)', () => {
    const scores = pts(['2026-11-20', 9]);
    expect(scoreTrend(scores, goal, 28, new Date('2026-12-17T23:59:59Z')).status).toBe('too-early');
    expect(scoreTrend(scores, goal, 28, new Date('2026-12-18T00:00:00Z')).status).toBe('not-improving');
    expect(scoreTrend(scores, goal, 28, now).reviewDueOn).toBe('2026-12-18');
  });
  it('honours a minimum change and an increasing goal', () => {
    const scores = pts(['2026-11-20', 9], ['2026-12-20', 8]);
    expect(scoreTrend(scores, { ...goal, minimumChange: 2 }, 28, now).status).toBe('not-improving');
    expect(scoreTrend(scores, { ...goal, minimumChange: 1 }, 28, now).status).toBe('improving');
    const up = { instrumentId: 'readiness', target: 8, direction: 'increase' as const };
    expect(scoreTrend(pts(['2026-11-20', 3], ['2026-12-20', 5]), up, 28, now).status).toBe('improving');
    expect(scoreTrend(pts(['2026-11-20', 5], ['2026-12-20', 3]), up, 28, now).status).toBe('not-improving');
  });
  it('returns the chart points in order, and the change from baseline', () => {
    const t = scoreTrend(pts(['2026-12-20', 6], ['2026-11-20', 9], ['bad date', 1]), goal, 28, now);
    expect(t.points.map((p) => p.score)).toEqual([9, 6]);
    expect(t.change).toBe(-3);
  });
  it('property: a score that moved toward the goal past the interval is never flagged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 12 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 90 }), (base, drop, interval) => {
        const latest = Math.max(base - drop, 0);
        const t = scoreTrend(pts(['2026-10-01', base], ['2026-12-01', latest]), goal, interval, now);
        expect(t.notImproving).toBe(false);
      }),
    );
  });
});
