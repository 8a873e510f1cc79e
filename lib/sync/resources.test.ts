import { describe, expect, it } from 'vitest';
import { applyChange, createCarePlan } from '../careplan/versioning';
import { samplePlanInput } from '../careplan/test-support';
import { BRIDGE_IDENTIFIER_SYSTEM } from '../fhir/bundle';
import { SUD_SECURITY_LABELS } from '../fhir/security';
import { identifierValueOf, recordFromCarrier, resourcesOf, sharedContent, type LocalRecord } from './resources';

const stamp = { by: 'nurse', at: '2026-11-23T13:00:00Z' };
const walk = { id: 'g-walk', patientWords: 'I want to walk the dog every evening.', targetDate: '2027-03-31' };

function planRecord(id = 'plan-1') {
  const base = samplePlanInput({ id: 'plan-as-created', patientFingerprint: 'fp-1' });
  const v = createCarePlan({ ...base, goals: [...(base.goals ?? []), walk] }, stamp);
  return { v, record: { ...v, id, patientFingerprint: 'fp-1' } as unknown as LocalRecord };
}

describe('a care plan as resources', () => {
  it('is a CarePlan carrier, a CareTeam and one Goal per goal, labelled and identified by the record id', () => {
    const { record } = planRecord();
    const parts = resourcesOf('care-plan', record, 'Patient/p1', () => null);
    expect(parts.map((p) => `${p.spec.part} ${p.resource.resourceType}`)).toEqual(['plan CarePlan', 'team CareTeam', 'goal:g-drive Goal', 'goal:g-walk Goal']);
    expect(parts.map((p) => identifierValueOf(p.spec, p.resource))).toEqual(['plan-1', 'plan-1', 'plan-1:g-drive', 'plan-1:g-walk']);
    for (const { resource } of parts) {
      expect(resource.meta?.security).toEqual(SUD_SECURITY_LABELS);
      expect(resource.id).toBeUndefined();
      expect(JSON.stringify(resource)).not.toContain('urn:uuid:');
      expect(resource.subject).toMatchObject({ reference: 'Patient/p1' });
    }
    // Conditions are not sent: a goal's `addresses` keeps the problem's words only.
    expect(parts[2]!.resource.addresses).toEqual([{ display: expect.any(String) }, { display: expect.any(String) }]);
    expect(parts[1]!.resource.identifier).toEqual([{ system: `${BRIDGE_IDENTIFIER_SYSTEM}/care-team`, value: 'plan-1' }]);
    // Not yet pushed: the CarePlan points at nothing; pushed: at the server's ids.
    expect(parts[0]!.resource.careTeam).toBeUndefined();
    const pushed = resourcesOf('care-plan', record, 'Patient/p1', (part) => `srv-${part}`)[0]!.resource;
    expect(pushed.careTeam).toEqual([{ reference: 'CareTeam/srv-team' }]);
    expect(pushed.goal).toEqual([
      { reference: 'Goal/srv-goal:g-drive', display: 'I want to be sober enough to drive my kids to school every morning.' },
      { reference: 'Goal/srv-goal:g-walk', display: walk.patientWords },
    ]);
    // The carrier still reads back as the whole record.
    expect(sharedContent(recordFromCarrier('care-plan', parts[0]!.resource, 'fp-1'))).toEqual(sharedContent(record));
  });

  it('a goal the server held and the plan no longer has is sent as a cancelled Goal, and only then', () => {
    const { v, record } = planRecord();
    const without = applyChange(v, { op: 'remove', collection: 'goals', id: 'g-walk' }, { ...stamp, at: '2026-11-23T14:00:00Z' }).plan;
    const now = { ...without, id: 'plan-1', patientFingerprint: 'fp-1' } as unknown as LocalRecord;
    const parts = resourcesOf('care-plan', now, 'Patient/p1', () => 'x', sharedContent(record));
    const goals = parts.filter((p) => p.resource.resourceType === 'Goal');
    expect(goals.map((g) => [g.spec.part, g.resource.lifecycleStatus])).toEqual([
      ['goal:g-drive', 'active'],
      ['goal:g-walk', 'cancelled'],
    ]);
    expect((parts[0]!.resource.goal as unknown[]).length).toBe(1);
    // Once the server holds the plan without it, nothing more is sent for that goal.
    expect(resourcesOf('care-plan', now, 'Patient/p1', () => 'x', sharedContent(now)).filter((p) => p.resource.resourceType === 'Goal')).toHaveLength(1);
  });
});
