import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeDifference, planChangeBetween } from './changes';
import { carePlan, type CarePlan } from './plan';
import { samplePlanInput } from './test-support';
import { changedPlan, diffPlans } from './versioning';
import { treatmentEngagement } from './engagement';
import { draftReferral, transition } from '../referral/status';
import { samplePacket } from '../../tests/fixtures/forms/sample-packet';

const base = carePlan(samplePlanInput());

describe('planChangeBetween', () => {
  it('is null for the same plan and one batch for an editor session', () => {
    expect(planChangeBetween(base, carePlan(samplePlanInput()))).toBeNull();
    const edited = carePlan({
      ...samplePlanInput(),
      careTeam: [...samplePlanInput().careTeam!, { id: 'm-new', role: 'addiction-specialist', name: 'Dr. Kim' }],
      interventions: samplePlanInput().interventions!.map((i) => (i.id === 'i-peer' ? { ...i, assignedTo: 'm-new' } : i)),
      nextContactDue: '2026-12-10',
    });
    const change = planChangeBetween(base, edited)!;
    expect(change.op).toBe('batch');
    expect(diffPlans(changedPlan(base, change), edited)).toEqual([]);
  });

  it('orders edits so removals never leave a dangling reference (goal removed with the intervention that used it)', () => {
    const input = samplePlanInput();
    const edited = carePlan({ ...input, goals: [], interventions: input.interventions!.map((i) => ({ ...i, goalIds: [] })), decisions: [] });
    expect(diffPlans(changedPlan(base, planChangeBetween(base, edited)!), edited)).toEqual([]);
  });

  it('property: applying the change between any two plans gives the second', () => {
    const pick = <T,>(items: T[], mask: boolean[]) => items.filter((_, i) => mask[i]);
    const all = samplePlanInput();
    const arbPlan = fc
      .record({
        problems: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
        team: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        next: fc.option(fc.constantFrom('2026-12-01', '2027-01-05'), { nil: null }),
        words: fc.constantFrom('I want to sleep better.', 'I want my job back.'),
      })
      .map(({ problems, team, next, words }): CarePlan => {
        const careTeam = pick(all.careTeam!, team);
        const members = new Set(careTeam.map((m) => m.id));
        const probs = pick(all.problems!, problems);
        const probIds = new Set(probs.map((p) => p.id));
        return carePlan({
          ...all,
          problems: probs,
          careTeam,
          goals: all.goals!.map((g) => ({ ...g, patientWords: words, problemIds: g.problemIds!.filter((p) => probIds.has(p)) })),
          interventions: all.interventions!.map((i) => ({ ...i, assignedTo: i.assignedTo && members.has(i.assignedTo) ? i.assignedTo : undefined })),
          decisions: all.decisions!.filter((d) => members.has(d.recordedBy)),
          nextContactDue: next,
        });
      });
    fc.assert(
      fc.property(arbPlan, arbPlan, (a, b) => {
        const change = planChangeBetween(a, b);
        expect(change === null ? diffPlans(a, b) : diffPlans(changedPlan(a, change), b)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('describes differences in the clinic’s words', () => {
    const edited = carePlan(samplePlanInput({ nextContactDue: '2026-12-10', careTeam: samplePlanInput().careTeam!.map((m) => (m.id === 'm-bhcm' ? { ...m, name: 'Lee Carter, LCSW' } : m)) }));
    const lines = diffPlans(base, edited).map((d) => describeDifference(d, base, edited));
    expect(lines).toEqual(['Changed care team member Lee Carter, LCSW: name', 'Set next contact due: 2026-12-07 → 2026-12-10']);
  });
});

describe('treatmentEngagement', () => {
  const packet = samplePacket();
  const sent = transition(draftReferral(packet, new Date('2026-11-23T10:00:00Z')), 'sent', new Date('2026-11-23T11:00:00Z'), {});
  const scheduled = transition(sent, 'scheduled', new Date('2026-11-24T10:00:00Z'), { appointmentOn: '2026-12-01' });
  const attended = transition(scheduled, 'attended', new Date('2026-12-01T15:00:00Z'), {});
  const active = carePlan(samplePlanInput({ interventions: samplePlanInput().interventions!.map((i) => ({ ...i, status: 'active' as const })), lastContactOn: '2027-01-05' }));

  it('is "no first appointment" until one is kept, and shows a scheduled one', () => {
    expect(treatmentEngagement(base, [], new Date('2026-12-02T00:00:00Z'))).toMatchObject({ firstAppointment: { status: 'none' }, engagedAt30: 'no-first-appointment' });
    expect(treatmentEngagement(base, [scheduled], new Date('2026-11-30T00:00:00Z')).firstAppointment).toEqual({ status: 'scheduled', on: '2026-12-01' });
  });
  it('counts engagement at 30 and 90 days from the kept appointment, with a contact on or after the day', () => {
    expect(treatmentEngagement(active, [attended], new Date('2026-12-15T00:00:00Z'))).toMatchObject({ firstAppointment: { status: 'kept', on: '2026-12-01' }, engagedAt30: 'not-yet', engagedAt90: 'not-yet' });
    expect(treatmentEngagement(active, [attended], new Date('2027-01-10T00:00:00Z'))).toMatchObject({ engagedAt30: 'yes', engagedAt90: 'not-yet' });
    expect(treatmentEngagement(active, [attended], new Date('2027-03-10T00:00:00Z'))).toMatchObject({ engagedAt30: 'yes', engagedAt90: 'no' });
    expect(treatmentEngagement(base, [attended], new Date('2027-01-10T00:00:00Z')).engagedAt30).toBe('no');
  });
  it('reports the MOUD intervention that is furthest along', () => {
    const withMoud = carePlan(samplePlanInput({ interventions: [{ id: 'm1', kind: 'moud', description: 'Buprenorphine', medication: 'buprenorphine', status: 'active' }] }));
    expect(treatmentEngagement(withMoud, [], new Date()).moud).toEqual({ status: 'active', medication: 'buprenorphine' });
    expect(treatmentEngagement(null, [], new Date()).moud).toEqual({ status: 'none', medication: null });
  });
});
