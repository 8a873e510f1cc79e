// @vitest-environment happy-dom
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { Answers, AnswerValue, Instrument } from '@/lib/screening/instrument';
import { auditC, crafft21, niaaaSingleQuestion } from '@/lib/screening/instruments';
import { screeningMessages, type ScreeningLocale } from '@/lib/screening/messages';
import { InstrumentForm, SelfScreenThankYou } from './InstrumentForm';
import { useRenderRoot } from '../../tests/support/render-root';

let root: HTMLElement;
useRenderRoot((el) => (root = el));

interface Spy {
  answers: Answers;
  onComplete: ReturnType<typeof vi.fn<() => void>>;
}

/** Holds answers in state, as the side panel's draft does, so skip logic re-renders the form. */
function mount(instrument: Instrument, mode: 'clinician' | 'self', locale: ScreeningLocale = 'en', sex: 'female' | 'male' | 'unknown' = 'female') {
  const spy: Spy = { answers: {}, onComplete: vi.fn<() => void>() };
  function Harness() {
    const [answers, setAnswers] = useState<Answers>({});
    spy.answers = answers;
    const onAnswer = (id: string, value: AnswerValue) => setAnswers((a) => ({ ...a, [id]: value }));
    const onClear = (id: string) =>
      setAnswers((a) => {
        const { [id]: _gone, ...rest } = a;
        return rest;
      });
    return (
      <InstrumentForm
        instrument={instrument}
        answers={answers}
        onAnswer={onAnswer}
        onClearAnswer={onClear}
        onComplete={spy.onComplete}
        locale={locale}
        t={screeningMessages(locale)}
        mode={mode}
        patient={{ sex, ageYears: 30 }}
      />
    );
  }
  act(() => render(<Harness />, root));
  return spy;
}

const key = (target: Element, k: string) =>
  act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
  });
const click = (el: Element) => act(() => (el as HTMLElement).click());
const fieldsets = () => [...root.querySelectorAll('fieldset')];
const buttonNamed = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!;

describe('InstrumentForm, clinician mode', () => {
  it('shows every asked question as a labelled radio group', () => {
    mount(auditC, 'clinician');
    expect(fieldsets().map((f) => f.querySelector('legend')?.textContent)).toEqual([
      '1. How often do you have a drink containing alcohol?',
      '2. How many drinks containing alcohol do you have on a typical day when you are drinking?',
      '3. How often do you have six or more drinks on one occasion?',
    ]);
    for (const radio of root.querySelectorAll('input[type=radio]')) {
      expect(radio.closest('label')?.textContent?.trim().length).toBeGreaterThan(1);
    }
  });

  it('picks an option with a number key on the focused question', () => {
    const spy = mount(auditC, 'clinician');
    const firstRadio = fieldsets()[0]!.querySelector('input')!;
    firstRadio.focus();
    key(firstRadio, '3');
    expect(spy.answers).toEqual({ q1: '2-4-a-month' });
    expect((fieldsets()[0]!.querySelector('input[value="2-4-a-month"]') as HTMLInputElement).checked).toBe(true);
    expect(document.activeElement).toBe(fieldsets()[0]!.querySelector('input[value="2-4-a-month"]'));
  });

  it('ignores number keys beyond the options', () => {
    const spy = mount(auditC, 'clinician');
    key(fieldsets()[0]!.querySelector('input')!, '9');
    expect(spy.answers).toEqual({});
  });

  it('hides skipped questions as soon as "never" is chosen', () => {
    mount(auditC, 'clinician');
    key(fieldsets()[0]!.querySelector('input')!, '1');
    expect(fieldsets()).toHaveLength(1);
  });

  it('moves to the next question with Enter and completes from the last one', () => {
    const spy = mount(auditC, 'clinician');
    key(fieldsets()[0]!.querySelector('input')!, '2');
    key(fieldsets()[0]!.querySelector('input:checked')!, 'Enter');
    expect(fieldsets()[1]!.contains(document.activeElement)).toBe(true);
    key(document.activeElement!, '1');
    key(document.activeElement!, 'Enter');
    expect(fieldsets()[2]!.contains(document.activeElement)).toBe(true);
    const submit = root.querySelector('button[type=submit]') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    key(document.activeElement!, '2');
    expect(submit.disabled).toBe(false);
    key(document.activeElement!, 'Enter');
    expect(spy.onComplete).toHaveBeenCalledTimes(1);
    expect(spy.answers).toEqual({ q1: 'monthly-or-less', q2: '1-2', q3: 'less-than-monthly' });
  });

  it('takes a typed count and rejects what is not a whole number in range', () => {
    const spy = mount(niaaaSingleQuestion, 'clinician', 'en', 'female');
    expect(root.textContent).toContain('4 or more drinks in a day');
    const input = root.querySelector('input[type=number]') as HTMLInputElement;
    expect(root.querySelector(`label[for="${input.id}"]`)).not.toBeNull();
    act(() => {
      input.value = '12';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(spy.answers).toEqual({ 'heavy-drinking-days': 12 });
    act(() => {
      input.value = '4000';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(spy.answers).toEqual({});
    expect(root.querySelector('[role=alert]')?.textContent).toContain('0 to 366');
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });
});

describe('InstrumentForm, self mode', () => {
  it('asks one question per screen and finishes without showing a score', () => {
    const spy = mount(auditC, 'self');
    expect(root.textContent).toContain('We ask everyone');
    click(buttonNamed('Start'));
    expect(fieldsets()).toHaveLength(1);
    expect(root.textContent).toContain('Question 1 of 3');
    const next = buttonNamed('Next') as HTMLButtonElement;
    expect(next.disabled).toBe(true);
    const section = root.querySelector('section')!;
    key(section, '5');
    key(section, 'Enter');
    expect(root.textContent).toContain('Question 2 of 3');
    expect(fieldsets()[0]!.querySelector('legend')?.textContent).toContain('typical day');
    key(section, '2');
    key(section, 'Enter');
    key(section, '1');
    expect(buttonNamed('Finish')).toBeTruthy();
    click(buttonNamed('Finish'));
    expect(spy.onComplete).toHaveBeenCalledTimes(1);
    expect(spy.answers).toEqual({ q1: '4-plus-a-week', q2: '3-4', q3: 'never' });
    expect(root.textContent).not.toMatch(/score|risk|positive|brief intervention/i);
  });

  it('goes back to the previous question', () => {
    mount(auditC, 'self');
    click(buttonNamed('Start'));
    const section = root.querySelector('section')!;
    key(section, '2');
    key(section, 'Enter');
    click(buttonNamed('Back'));
    expect(root.textContent).toContain('Question 1 of 3');
    expect((root.querySelector('input:checked') as HTMLInputElement).value).toBe('monthly-or-less');
  });

  it('speaks Spanish to the patient', () => {
    mount(auditC, 'self', 'es');
    click(buttonNamed('Comenzar'));
    expect(root.querySelector('section')?.getAttribute('lang')).toBe('es');
    expect(root.textContent).toContain('¿Con qué frecuencia consume alguna bebida alcohólica?');
    expect(root.textContent).toContain('Pregunta 1 de 3');
    expect(buttonNamed('Siguiente')).toBeTruthy();
  });

  it('follows the CRAFFT skip rule: no use → only the CAR question after Part A', () => {
    const spy = mount(crafft21, 'self', 'en', 'male');
    click(buttonNamed('Start'));
    for (let i = 0; i < 3; i++) {
      const input = root.querySelector('input[type=number]') as HTMLInputElement;
      act(() => {
        input.value = '0';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      key(input, 'Enter');
    }
    expect(root.textContent).toContain('CAR');
    expect(root.textContent).toContain('Question 4 of 4');
    key(root.querySelector('section')!, '1');
    click(buttonNamed('Finish'));
    expect(spy.onComplete).toHaveBeenCalledTimes(1);
    expect(Object.keys(spy.answers)).toEqual(['alcohol-days', 'marijuana-days', 'other-days', 'car']);
  });

  it('ends on a neutral thank-you screen', () => {
    act(() => render(<SelfScreenThankYou t={screeningMessages('es')} locale="es" />, root));
    expect(root.textContent).toBe('GraciasHa terminado. Por favor, devuelva el dispositivo al personal.');
  });
});
