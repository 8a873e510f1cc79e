// @vitest-environment happy-dom
import axe from 'axe-core';
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { nextInstrument, suggestInstruments, availableInstruments } from '@/lib/screening/flows';
import { auditC, crafft21, instrumentById } from '@/lib/screening/instruments';
import { screeningMessages } from '@/lib/screening/messages';
import { scoreScreening, type CompleteScreening } from '@/lib/screening/score';
import { BriefInterventionGuide } from './BriefInterventionGuide';
import { Dsm5Checklist, type Dsm5ChecklistValue } from './Dsm5Checklist';
import { InstrumentForm } from './InstrumentForm';
import { InstrumentPicker } from './InstrumentPicker';
import { ScreeningResult } from './ScreeningResult';
import { useRenderRoot } from '../../tests/support/render-root';

let root: HTMLElement;
useRenderRoot((el) => (root = el));
const show = (node: preact.ComponentChild) => act(() => render(node, root));
const buttonNamed = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);

/** axe-core structural rules; colour contrast needs real layout, which happy-dom does not do. */
async function axeViolations() {
  const results = await axe.run(root, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
}

const positive = scoreScreening(auditC, { q1: '4-plus-a-week', q2: '5-6', q3: 'weekly' }, { sex: 'male', ageYears: 50 }) as CompleteScreening;

describe('ScreeningResult', () => {
  it('shows score, risk, action, rationale and attribution to the clinician', () => {
    const onBi = vi.fn();
    const onFind = vi.fn();
    const onNext = vi.fn();
    show(
      <ScreeningResult
        result={positive}
        instrument={auditC}
        mode="clinician"
        next={nextInstrument(positive)}
        nextName="AUDIT"
        onStartBriefIntervention={onBi}
        onFindTreatment={onFind}
        onStartNext={onNext}
      />,
    );
    const text = root.textContent!;
    expect(text).toContain('AUDIT-C: 9 / 12');
    expect(text).toContain('Positive screen');
    expect(text).toContain('High risk: possible alcohol use disorder');
    expect(text).toContain('Recommended: Brief intervention and referral to treatment.');
    expect(text).toContain('AUDIT-C score 9 (range 0–12)');
    expect(text).toContain('© World Health Organization');
    buttonNamed('Start brief intervention')!.click();
    buttonNamed('Find treatment')!.click();
    buttonNamed('Next: AUDIT')!.click();
    expect([onBi.mock.calls.length, onFind.mock.calls.length, onNext.mock.calls[0]]).toEqual([1, 1, ['audit']]);
  });

  it('offers the brief intervention and treatment search for an at-risk (positive) AUDIT-C', () => {
    const atRisk = scoreScreening(auditC, { q1: '2-3-a-week', q2: '3-4', q3: 'never' }, { sex: 'male', ageYears: 50 }) as CompleteScreening;
    expect([atRisk.score, atRisk.action]).toEqual([4, 'brief-intervention']);
    show(<ScreeningResult result={atRisk} instrument={auditC} mode="clinician" onStartBriefIntervention={vi.fn()} onFindTreatment={vi.fn()} />);
    expect(buttonNamed('Start brief intervention')).toBeDefined();
    expect(buttonNamed('Find treatment')).toBeDefined();
  });

  it('offers neither intervention nor treatment search for a negative screen', () => {
    const negative = scoreScreening(auditC, { q1: 'never' }, { sex: 'female', ageYears: 50 }) as CompleteScreening;
    show(<ScreeningResult result={negative} instrument={auditC} mode="clinician" onStartBriefIntervention={vi.fn()} onFindTreatment={vi.fn()} />);
    expect(root.textContent).toContain('Negative screen');
    expect(buttonNamed('Start brief intervention')).toBeUndefined();
    expect(buttonNamed('Find treatment')).toBeUndefined();
  });

  it('shows the CRAFFT CAR advisory', () => {
    const r = scoreScreening(crafft21, { 'alcohol-days': 0, 'marijuana-days': 0, 'other-days': 0, car: 'yes' }, { sex: 'male', ageYears: 15 }) as CompleteScreening;
    show(<ScreeningResult result={r} instrument={crafft21} mode="clinician" />);
    expect(root.querySelector('.bridge-result-advisories')?.textContent).toMatch(/riding with a driver/);
  });

  it('renders nothing in self mode', () => {
    show(<ScreeningResult result={positive} instrument={auditC} mode="self" />);
    expect(root.innerHTML).toBe('');
  });
});

describe('BriefInterventionGuide', () => {
  it('lists the steps with prompts, and the referral step only when referral is recommended', () => {
    show(<BriefInterventionGuide action="brief-intervention" completedStepIds={[]} onToggleStep={vi.fn()} />);
    expect(root.textContent).toContain('0 of 5 steps done');
    expect(root.textContent).not.toContain('Offer referral');
    show(<BriefInterventionGuide action="brief-intervention-and-referral" completedStepIds={['feedback']} onToggleStep={vi.fn()} />);
    expect(root.textContent).toContain('1 of 6 steps done');
    expect(root.textContent).toContain('5. Offer referral to treatment');
    expect(root.textContent).toContain('how ready are you to make a change?');
  });

  it('reports ticked steps', () => {
    const onToggle = vi.fn();
    show(<BriefInterventionGuide action="brief-intervention" completedStepIds={[]} onToggleStep={onToggle} />);
    act(() => (root.querySelector('#bridge-bi-feedback') as HTMLInputElement).click());
    expect(onToggle).toHaveBeenCalledWith('feedback', true);
  });
});

describe('Dsm5Checklist', () => {
  function Harness({ initial }: { initial: Dsm5ChecklistValue }) {
    const [value, setValue] = useState(initial);
    return <Dsm5Checklist value={value} onChange={setValue} />;
  }
  const tick = (id: string) => act(() => (root.querySelector(`#bridge-dsm5-${id}`) as HTMLInputElement).click());

  it('updates severity and the ICD-10-CM suggestion as criteria are ticked', () => {
    show(<Harness initial={{ substanceId: 'alcohol', criteriaMet: [], remission: 'none', takenAsPrescribed: false }} />);
    const summary = () => root.querySelector('[data-testid=dsm5-summary]')!.textContent!;
    expect(summary()).toContain('0 of 11 criteria');
    tick('craving');
    tick('cut-down');
    expect(summary()).toContain('alcohol use disorder, mild');
    expect(summary()).toContain('F10.10');
    expect(summary()).toContain('confirm before adding it to the chart');
    tick('tolerance');
    tick('withdrawal');
    expect(summary()).toContain('alcohol use disorder, moderate');
    expect(summary()).toContain('F10.20');
  });

  it('disables withdrawal for hallucinogens', () => {
    show(<Harness initial={{ substanceId: 'hallucinogens', criteriaMet: [], remission: 'none', takenAsPrescribed: false }} />);
    expect((root.querySelector('#bridge-dsm5-withdrawal') as HTMLInputElement).disabled).toBe(true);
  });
});

describe('InstrumentPicker', () => {
  it('lists suggested instruments first and picks on click', () => {
    const onPick = vi.fn();
    show(<InstrumentPicker instruments={availableInstruments()} suggestions={suggestInstruments({ ageYears: 16, sex: 'female' })} onPick={onPick} />);
    const suggested = [...root.querySelectorAll('[data-testid=suggested-instruments] button')].map((b) => b.textContent);
    expect(suggested).toEqual(['CRAFFT 2.1']);
    const others = [...root.querySelectorAll('[data-testid=other-instruments] button')].map((b) => b.textContent);
    expect(others).not.toContain('CRAFFT 2.1');
    expect(others).not.toContain('S2BI');
    buttonNamed('CRAFFT 2.1')!.click();
    expect(onPick).toHaveBeenCalledWith('crafft-2.1');
  });
});

describe('accessibility (axe-core, structural rules)', () => {
  it('does catch an unlabelled control under happy-dom (control for the checks below)', async () => {
    show(<input type="radio" name="x" />);
    expect((await axeViolations()).join()).toMatch(/label/);
  });

  it.each([
    ['clinician form', () => <InstrumentForm instrument={instrumentById('taps')} answers={{ 'tobacco-12m': 'weekly' }} onAnswer={vi.fn()} onComplete={vi.fn()} locale="en" t={screeningMessages('en')} mode="clinician" />],
    ['count form', () => <InstrumentForm instrument={crafft21} answers={{}} onAnswer={vi.fn()} onComplete={vi.fn()} locale="en" t={screeningMessages('en')} mode="clinician" />],
    ['result', () => <ScreeningResult result={positive} instrument={auditC} mode="clinician" onStartBriefIntervention={vi.fn()} />],
    ['brief intervention', () => <BriefInterventionGuide action="brief-intervention-and-referral" completedStepIds={[]} onToggleStep={vi.fn()} />],
    ['DSM-5 checklist', () => <Dsm5Checklist value={{ substanceId: 'opioids', criteriaMet: ['craving'], remission: 'none', takenAsPrescribed: false }} onChange={vi.fn()} />],
    ['picker', () => <InstrumentPicker instruments={availableInstruments()} suggestions={suggestInstruments({ ageYears: 40, sex: 'male' })} onPick={vi.fn()} />],
  ])('%s has no violations', async (_name, node) => {
    show(node());
    expect(await axeViolations()).toEqual([]);
  });
});
