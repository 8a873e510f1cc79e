import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carePlan, type CarePlan } from '../careplan/plan';
import { samplePlanInput } from '../careplan/test-support';
import { stableJson } from '../careplan/versioning';
import { draftReferral, transition } from '../referral/status';
import { samplePacket } from '../../tests/fixtures/forms/sample-packet';
import { mergeCarePlans, mergeConsents, mergeReferrals } from './merge';
import { syncConsent } from './test-support';

const base = carePlan(samplePlanInput());
const same = (a: unknown, b: unknown) => stableJson(a) === stableJson(b);

/** A plan with some goals' words changed (by index) and maybe a new goal. */
function edited(plan: CarePlan, words: Record<number, string>, added: string | null): CarePlan {
  const goals = plan.goals.map((g, i) => (words[i] ? { ...g, patientWords: words[i] } : g));
  if (added) goals.push({ id: `g-${added}`, patientWords: `Goal ${added} in my words`, targetDate: '2027-03-01', problemIds: [], status: 'active' });
  return carePlan({ ...plan, goals });
}

describe('mergeCarePlans', () => {
  it('takes a change made on one side only, from either side', () => {
    const local = edited(base, {}, 'local');
    const remote = carePlan({ ...base, reviewIntervalDays: 14 });
    const { plan, conflicts } = mergeCarePlans(base, local, remote);
    expect(conflicts).toEqual([]);
    expect(plan.goals.map((g) => g.id)).toContain('g-local');
    expect(plan.reviewIntervalDays).toBe(14);
  });

  it('reports the same item changed differently on both sides as a conflict, keeping the local value', () => {
    const local = edited(base, { 0: 'Local words for this goal' }, null);
    const remote = edited(base, { 0: 'Remote words for this goal' }, null);
    const { plan, conflicts } = mergeCarePlans(base, local, remote);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.path).toBe(`goals/${base.goals[0]!.id}`);
    expect(plan.goals[0]!.patientWords).toBe('Local words for this goal');
  });

  it('property: every remote change ends in the merged plan or in a conflict; nothing is lost silently', () => {
    const words = fc.dictionary(fc.constantFrom('0'), fc.constantFrom('Words A for the goal', 'Words B for the goal'));
    fc.assert(
      fc.property(words, words, fc.option(fc.constantFrom('x', 'y')), fc.option(fc.constantFrom('x', 'z')), (lw, rw, la, ra) => {
        const local = edited(base, lw as Record<number, string>, la);
        const remote = edited(base, rw as Record<number, string>, ra);
        const { plan, conflicts } = mergeCarePlans(base, local, remote);
        for (const goal of remote.goals) {
          const original = base.goals.find((g) => g.id === goal.id);
          if (original && same(original, goal)) continue; // not a remote change
          const kept = plan.goals.some((g) => same(g, goal));
          const surfaced = conflicts.some((c) => c.path === `goals/${goal.id}` && same(c.remote, goal));
          expect(kept || surfaced).toBe(true);
        }
        for (const goal of local.goals) expect(plan.goals.some((g) => g.id === goal.id)).toBe(true);
      }),
    );
  });
});

describe('mergeReferrals', () => {
  const sent = transition(draftReferral(samplePacket(), new Date('2026-11-23T13:00:00Z')), 'sent', new Date('2026-11-23T14:00:00Z'));
  it('keeps both sides’ events and takes the status of the newest', () => {
    const local = transition(sent, 'declined', new Date('2026-11-24T09:00:00Z'));
    const remote = transition(sent, 'scheduled', new Date('2026-11-24T10:00:00Z'), { appointmentOn: '2026-12-01' });
    for (const [a, b] of [[local, remote], [remote, local]] as const) {
      const { referral, conflicts } = mergeReferrals(a, b);
      expect(conflicts).toEqual([]);
      expect(referral.status).toBe('scheduled');
      expect(referral.appointmentOn).toBe('2026-12-01');
      expect(referral.history.map((h) => h.status)).toEqual(['drafted', 'sent', 'declined', 'scheduled']);
    }
  });
});

describe('mergeConsents', () => {
  it('a revocation on either side wins', () => {
    const consent = syncConsent('fp-abcdef0123');
    const revoked = { ...consent, revokedAt: '2026-11-24T09:00:00.000Z', revokedBy: 'front desk' };
    expect(mergeConsents(consent, revoked).consent.revokedAt).toBe('2026-11-24T09:00:00.000Z');
    expect(mergeConsents(revoked, consent).consent).toMatchObject({ revokedAt: '2026-11-24T09:00:00.000Z', revokedBy: 'front desk' });
    expect(mergeConsents(consent, revoked).conflicts).toEqual([]);
  });
});
