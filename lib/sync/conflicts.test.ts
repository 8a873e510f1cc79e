import { describe, expect, it } from 'vitest';
import { carePlan, CarePlanError } from '../careplan/plan';
import { samplePlanInput } from '../careplan/test-support';
import type { Consent } from '../consent/consent';
import type { ReferralRecord } from '../referral/status';
import { conflictFieldLabel, conflictValueText, ConflictMismatchError, kindLabel, resolvedCarePlan, resolvedConsent, resolvedReferral } from './conflicts';

const plan = carePlan(samplePlanInput());
const goal = plan.goals[0]!;
const remoteGoal = { ...goal, targetDate: '2027-04-15' };

describe('conflict words', () => {
  it('names record kinds, plan items by their words and plan fields in plain words', () => {
    expect(kindLabel('care-plan')).toBe('Care plan');
    expect(conflictFieldLabel('care-plan', { path: 'goals/g-drive', local: goal, remote: remoteGoal })).toBe(`Goal “${goal.patientWords}”`);
    expect(conflictFieldLabel('care-plan', { path: 'careTeam/m-x', local: null, remote: { id: 'm-x', name: 'Dr. Lee' } })).toBe('Care team member “Dr. Lee”');
    expect(conflictFieldLabel('care-plan', { path: 'nextContactDue', local: '2026-12-01', remote: '2026-12-08' })).toBe('Next contact due');
    expect(conflictFieldLabel('referral', { path: 'packet', local: {}, remote: {} })).toBe('The referral packet');
  });

  it('says what each side holds, and "(removed)" for an item one side deleted', () => {
    expect(conflictValueText('goals/g-drive', remoteGoal)).toBe(`“${goal.patientWords}”, target 2027-04-15, status active`);
    expect(conflictValueText('goals/g-drive', null)).toBe('(removed)');
    expect(conflictValueText('nextContactDue', null)).toBe('(none)');
    expect(conflictValueText('reviewIntervalDays', 14)).toBe('14');
  });
});

describe('resolvedCarePlan', () => {
  it("applies the chosen side of an item and of a plan field", () => {
    const fields = [
      { path: 'goals/g-drive', local: goal, remote: remoteGoal },
      { path: 'nextContactDue', local: plan.nextContactDue, remote: '2026-12-08' },
    ];
    expect(resolvedCarePlan(plan, fields, 'take-remote')).toMatchObject({ goals: [remoteGoal], nextContactDue: '2026-12-08' });
    expect(resolvedCarePlan(plan, fields, 'keep-local')).toEqual(plan);
  });

  it('adds an item only one side has, and removes one the chosen side removed', () => {
    const problem = { id: 'p-new', source: 'clinician' as const, description: 'tobacco use', identifiedOn: '2026-11-22', status: 'active' as const };
    expect(resolvedCarePlan(plan, [{ path: 'problems/p-new', local: null, remote: problem }], 'take-remote').problems.map((p) => p.id)).toContain('p-new');
    const removed = resolvedCarePlan(plan, [{ path: 'decisions/' + (plan.decisions[0]?.id ?? 'none'), local: plan.decisions[0] ?? null, remote: null }], 'take-remote');
    expect(removed.decisions).toHaveLength(Math.max(0, plan.decisions.length - 1));
  });

  it('refuses a result that is not a valid plan, another plan, or an unknown field', () => {
    expect(() => resolvedCarePlan(plan, [{ path: 'goals/g-drive', local: goal, remote: null }], 'take-remote')).toThrow(CarePlanError);
    expect(() => resolvedCarePlan(plan, [{ path: '(plan)', local: plan, remote: { ...plan, id: 'plan-other' } }], 'take-remote')).toThrow(ConflictMismatchError);
    expect(() => resolvedCarePlan(plan, [{ path: 'colour', local: 1, remote: 2 }], 'take-remote')).toThrow(ConflictMismatchError);
  });
});

describe('resolvedReferral and resolvedConsent', () => {
  it("takes the chosen referral packet", () => {
    const referral = { id: 'r1', packet: { createdAt: 'local' } } as unknown as ReferralRecord;
    expect(resolvedReferral(referral, [{ path: 'packet', local: { createdAt: 'local' }, remote: { createdAt: 'remote' } }], 'take-remote').packet).toEqual({ createdAt: 'remote' });
  });

  it('keeps a revocation recorded here whichever consent is chosen', () => {
    const local = { id: 'c1', purpose: { text: 'treatment' }, revokedAt: '2026-11-20T10:00:00Z', revokedBy: 'patient' } as unknown as Consent;
    const remote = { id: 'c1', purpose: { text: 'treatment and care coordination' }, revokedAt: null, revokedBy: null } as unknown as Consent;
    expect(resolvedConsent(local, [{ path: '(consent)', local, remote }], 'take-remote')).toMatchObject({ purpose: { text: 'treatment and care coordination' }, revokedAt: '2026-11-20T10:00:00Z', revokedBy: 'patient' });
  });
});
