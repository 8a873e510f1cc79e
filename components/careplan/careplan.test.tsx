// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { CarePlanEditor, type PlanSuggestions } from './CarePlanEditor';
import { LanguageHint } from './LanguageHint';
import { TrendChart } from './TrendChart';
import { ImportPreviewView } from './PlanFollowUp';
import { carePlan, type CarePlan } from '@/lib/careplan/plan';
import { samplePlanInput } from '@/lib/careplan/test-support';
import { scoreTrend } from '@/lib/careplan/trend';
import { useActMount } from '@/tests/support/render-root';

const mount = useActMount();
const type = (el: Element, value: string) =>
  act(() => {
    (el as HTMLInputElement).value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
const choose = (el: Element, value: string) =>
  act(() => {
    (el as HTMLSelectElement).value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
const submit = (form: Element) => act(() => void form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
const field = (root: Element, label: string) => Array.from(root.querySelectorAll('label')).find((l) => l.textContent?.trim().startsWith(label))!.querySelector('input, textarea, select')!;

const noSuggestions: PlanSuggestions = { latestPositive: null, providers: [], referrals: [] };

function Harness({ start, seen }: { start: CarePlan; seen: (p: CarePlan) => void }) {
  const [plan, setPlan] = useState(start);
  let n = 0;
  return (
    <CarePlanEditor
      plan={plan}
      onChange={(p) => {
        seen(p);
        setPlan(p);
      }}
      suggestions={{ ...noSuggestions, latestPositive: { instrumentId: 'audit-c', description: 'High-risk alcohol use (AUDIT-C 9 of 12)', score: 9, on: '2026-11-20' } }}
      today="2026-11-23"
      newId={() => `new-${++n}`}
    />
  );
}

describe('CarePlanEditor', () => {
  it('adds a care team member and a goal through their forms, and the problem from the latest screening', () => {
    const seen = vi.fn();
    const root = mount(<Harness start={carePlan({ id: 'p1', patientFingerprint: 'fp-abcdef0123' })} seen={seen} />);
    const team = root.querySelector('[data-testid="plan-team"]')!;
    choose(field(team, 'Role'), 'support-person');
    type(field(team, 'Name'), 'Sam Testpatient');
    type(field(team, 'Phone'), '(617) 555-0199');
    type(field(team, 'What they do'), 'Drives to meetings\nCalls on Fridays');
    submit(team.querySelector('form')!);
    const goals = root.querySelector('[data-testid="plan-goals"]')!;
    type(field(goals, 'The goal as the patient says it'), 'I want to sleep through the night.');
    type(field(goals, 'Target date'), '2027-02-01');
    submit(goals.querySelector('form')!);
    act(() => (Array.from(root.querySelectorAll('button')).find((b) => b.textContent?.startsWith('Add from the latest screening')) as HTMLButtonElement).click());
    const last: CarePlan = seen.mock.calls.at(-1)![0];
    expect(last.careTeam).toEqual([{ id: 'new-1', role: 'support-person', name: 'Sam Testpatient', contact: { phone: '(617) 555-0199' }, responsibilities: ['Drives to meetings', 'Calls on Fridays'] }]);
    expect(last.goals[0]).toMatchObject({ patientWords: 'I want to sleep through the night.', targetDate: '2027-02-01', status: 'active' });
    expect(last.problems[0]).toMatchObject({ source: 'screening', instrumentId: 'audit-c', score: 9 });
    expect(() => carePlan(last)).not.toThrow();
  });

  it('will not remove a member an intervention is assigned to, and offers the patient role only once', () => {
    const seen = vi.fn();
    const root = mount(<Harness start={carePlan(samplePlanInput())} seen={seen} />);
    const team = root.querySelector('[data-testid="plan-team"]')!;
    act(() => (team.querySelector('button[aria-label="Remove care team member Dr. Ana Rivera"]') as HTMLButtonElement).click());
    expect(seen).not.toHaveBeenCalled();
    expect(team.textContent).toContain('reassign before removing');
    const patientOption = team.querySelector('option[value="patient"]') as HTMLOptionElement;
    expect(patientOption.disabled).toBe(true);
  });
});

describe('LanguageHint', () => {
  it('suggests other words without blocking, and each suggestion can be dismissed', () => {
    const root = mount(<LanguageHint text="Former addict, relapsed last month" />);
    expect(root.textContent).toContain('Consider “person with a substance use disorder; person in recovery” instead of “Former addict”.');
    expect(root.textContent).toContain('Maybe “return to use; recurrence of use” instead of “relapsed”.');
    act(() => (root.querySelector('button[aria-label*="Former addict"]') as HTMLButtonElement).click());
    expect(root.textContent).not.toContain('Former addict');
    expect(root.textContent).toContain('relapsed');
    expect(mount(<LanguageHint text="Person in recovery" />).textContent).toBe('');
  });
});

describe('TrendChart and the import preview', () => {
  it('draws the scores as a line with the target, and says them in text', () => {
    const trend = scoreTrend(
      [
        { at: '2026-10-01', score: 9 },
        { at: '2026-11-01', score: 9 },
      ],
      { instrumentId: 'audit-c', target: 3, direction: 'decrease' },
      28,
      new Date('2026-11-23T00:00:00Z'),
    );
    const root = mount(<TrendChart label="AUDIT-C" trend={trend} target={3} range={{ min: 0, max: 12 }} />);
    expect(root.querySelector('polyline')?.getAttribute('points')?.split(' ')).toHaveLength(2);
    expect(root.querySelector('line')).not.toBeNull();
    expect(root.querySelector('figcaption')?.textContent).toBe('AUDIT-C: 9 → 9');
    expect(trend.status).toBe('not-improving');
  });
  it('lists the changes and applies only on request', () => {
    const onApply = vi.fn();
    const root = mount(<ImportPreviewView lines={['Added goal: X']} warnings={[]} sourceVersion="4" matchedBy="fingerprint" onApply={onApply} onCancel={() => undefined} busy={false} />);
    expect(root.textContent).toContain('their version 4');
    expect(onApply).not.toHaveBeenCalled();
    act(() => (Array.from(root.querySelectorAll('button')).find((b) => b.textContent === 'Apply as a new version') as HTMLButtonElement).click());
    expect(onApply).toHaveBeenCalledOnce();
  });
});
