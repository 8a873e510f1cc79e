import { useEffect, useRef, useState } from 'preact/hooks';
import type { Sex } from '@/lib/ehr/patient';
import { promptKeyFor, type Answers, type AnswerValue, type Instrument, type InstrumentItem } from '@/lib/screening/instrument';
import type { MessageLookup, ScreeningLocale } from '@/lib/screening/messages';
import { missingItems, visibleItems } from '@/lib/screening/score';
import './InstrumentForm.css';

export interface InstrumentFormProps {
  instrument: Instrument;
  answers: Answers;
  onAnswer: (itemId: string, value: AnswerValue) => void;
  /** Called when a typed count is cleared, so the draft forgets the answer. */
  onClearAnswer?: (itemId: string) => void;
  /** Called when every asked item is answered and the user finishes (button or Enter on the last question). */
  onComplete: () => void;
  locale: ScreeningLocale;
  /** Message lookup for `locale` (see lib/screening/messages.ts). */
  t: MessageLookup;
  /** `clinician`: every asked question on one page. `self`: one question per screen, large type. */
  mode: 'clinician' | 'self';
  /** Picks sex/age-specific wording (4 or 5 drinks); unknown when absent. */
  patient?: { sex: Sex; ageYears: number | null };
}

const unknownPatient = { sex: 'unknown' as const, ageYears: null };

/**
 * Asks an instrument's questions. Keyboard: number keys 1–9 pick an option of the focused question
 * (the current one in self mode), Enter moves on. Only asked items (after skip logic) are shown.
 */
export function InstrumentForm(props: InstrumentFormProps) {
  return props.mode === 'self' ? <SelfForm {...props} /> : <ClinicianForm {...props} />;
}

function fieldName(instrument: Instrument, item: InstrumentItem) {
  return `bridge-${instrument.id}-${item.id}`;
}

/** Digit key → option index, or null for any other key. */
function optionIndexForKey(event: KeyboardEvent, item: InstrumentItem): number | null {
  if (item.kind !== 'choice' || event.altKey || event.ctrlKey || event.metaKey) return null;
  if (!/^[1-9]$/.test(event.key)) return null;
  const index = Number(event.key) - 1;
  return index < item.options.length ? index : null;
}

function Question(props: {
  item: InstrumentItem;
  number: number;
  instrument: Instrument;
  answers: Answers;
  t: MessageLookup;
  patient: { sex: Sex; ageYears: number | null };
  large: boolean;
  onAnswer: (itemId: string, value: AnswerValue) => void;
  onClearAnswer?: (itemId: string) => void;
  onEnter: () => void;
}) {
  const { item, instrument, answers, t, patient } = props;
  const prompt = t(promptKeyFor(item, patient));
  const answer = answers[item.id];
  const name = fieldName(instrument, item);
  const promptId = `${name}-prompt`;
  const [draft, setDraft] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);

  const onKeyDown = (event: KeyboardEvent) => {
    const index = optionIndexForKey(event, item);
    if (index !== null && item.kind === 'choice' && !(event.target instanceof HTMLInputElement && event.target.type === 'number')) {
      event.preventDefault();
      event.stopPropagation();
      const option = item.options[index]!;
      props.onAnswer(item.id, option.value);
      const fieldset = event.currentTarget as HTMLElement;
      fieldset.querySelector<HTMLInputElement>(`input[value="${option.value}"]`)?.focus();
      return;
    }
    if (event.key === 'Enter') {
      event.preventDefault();
      event.stopPropagation();
      props.onEnter();
    }
  };

  if (item.kind === 'count') {
    const inputId = `${name}-input`;
    const errorId = `${name}-error`;
    const shown = draft ?? (answer === undefined ? '' : String(answer));
    const onInput = (event: Event) => {
      const text = (event.currentTarget as HTMLInputElement).value.trim();
      setDraft(text);
      if (text === '') {
        setInvalid(false);
        props.onClearAnswer?.(item.id);
        return;
      }
      const n = Number(text);
      const ok = /^\d+$/.test(text) && n <= item.max;
      setInvalid(!ok);
      if (ok) props.onAnswer(item.id, n);
      else props.onClearAnswer?.(item.id);
    };
    return (
      <div class="bridge-question" data-item={item.id} onKeyDown={onKeyDown}>
        {item.sectionKey && <p class="bridge-question-section">{t(item.sectionKey)}</p>}
        <label for={inputId} id={promptId} class="bridge-question-prompt">
          {!props.large && <span class="bridge-question-number">{props.number}. </span>}
          {prompt}
        </label>
        <div class="bridge-count">
          <input
            id={inputId}
            type="number"
            inputMode="numeric"
            min={0}
            max={item.max}
            step={1}
            value={shown}
            aria-invalid={invalid}
            aria-describedby={invalid ? errorId : undefined}
            onInput={onInput}
          />
          <span class="bridge-count-unit">{t(item.unitKey)}</span>
        </div>
        {invalid && (
          <p id={errorId} class="bridge-question-error" role="alert">
            {t('self_number_invalid', [item.max])}
          </p>
        )}
      </div>
    );
  }

  return (
    <fieldset class="bridge-question" data-item={item.id} onKeyDown={onKeyDown} aria-describedby={promptId}>
      {item.sectionKey && <p class="bridge-question-section">{t(item.sectionKey)}</p>}
      <legend id={promptId} class="bridge-question-prompt">
        {!props.large && <span class="bridge-question-number">{props.number}. </span>}
        {prompt}
      </legend>
      <div class="bridge-options-list">
        {item.options.map((option, index) => (
          <label class={`bridge-option${answer === option.value ? ' bridge-option-chosen' : ''}`} key={option.value}>
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={answer === option.value}
              onChange={() => props.onAnswer(item.id, option.value)}
            />
            <span class="bridge-option-key" aria-hidden="true">
              {index + 1}
            </span>
            <span class="bridge-option-label">{t(option.labelKey)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function ClinicianForm(props: InstrumentFormProps) {
  const { instrument, answers, t } = props;
  const patient = props.patient ?? unknownPatient;
  const asked = visibleItems(instrument, answers);
  const missing = missingItems(instrument, answers);
  const formRef = useRef<HTMLFormElement>(null);

  const focusItem = (itemId: string) => {
    const box = formRef.current?.querySelector<HTMLElement>(`[data-item="${itemId}"]`);
    const target =
      box?.querySelector<HTMLInputElement>('input:checked') ?? box?.querySelector<HTMLInputElement>('input') ?? null;
    target?.focus();
  };

  const advanceFrom = (itemId: string) => {
    // Skip logic may have changed what is asked after this answer, so recompute from the latest props.
    const ids = visibleItems(instrument, props.answers).map((i) => i.id);
    const next = ids[ids.indexOf(itemId) + 1];
    if (next) focusItem(next);
    else if (missingItems(instrument, props.answers).length === 0) props.onComplete();
    else focusItem(missingItems(instrument, props.answers)[0]!);
  };

  return (
    <form
      ref={formRef}
      class="bridge-instrument-form bridge-clinician"
      aria-label={instrument.name}
      onSubmit={(event) => {
        event.preventDefault();
        if (missing.length === 0) props.onComplete();
      }}
    >
      <h2 class="bridge-instrument-title">{instrument.shortName}</h2>
      <p class="bridge-muted">{t(instrument.introKey)}</p>
      {instrument.lookbackKey && <p class="bridge-muted">{t(instrument.lookbackKey)}</p>}
      <p class="bridge-muted bridge-keyboard-hint">Keys 1–9 pick an answer, Enter moves to the next question.</p>
      {asked.map((item, index) => (
        <Question
          key={item.id}
          item={item}
          number={index + 1}
          instrument={instrument}
          answers={answers}
          t={t}
          patient={patient}
          large={false}
          onAnswer={props.onAnswer}
          onClearAnswer={props.onClearAnswer}
          onEnter={() => advanceFrom(item.id)}
        />
      ))}
      <div class="bridge-form-actions">
        <button type="submit" class="bridge-primary" disabled={missing.length > 0}>
          Score {instrument.shortName}
        </button>
        {missing.length > 0 && (
          <span class="bridge-muted" aria-live="polite">
            {missing.length} question{missing.length === 1 ? '' : 's'} left
          </span>
        )}
      </div>
    </form>
  );
}

function SelfForm(props: InstrumentFormProps) {
  const { instrument, answers, t } = props;
  const patient = props.patient ?? unknownPatient;
  const asked = visibleItems(instrument, answers);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const headingRef = useRef<HTMLDivElement>(null);
  // The current question may have been skipped by a changed answer: fall back to the first unanswered one.
  const found = asked.findIndex((i) => i.id === currentId);
  const firstMissing = asked.findIndex((i) => answers[i.id] === undefined);
  const index = found >= 0 ? found : Math.max(0, firstMissing);
  const current = currentId === null ? null : asked[index]!;
  const answered = current ? answers[current.id] !== undefined : false;

  useEffect(() => {
    // Focus follows the question, so a screen reader reads it and digits/Enter reach it.
    const box = headingRef.current;
    (box?.querySelector<HTMLInputElement>('input:checked') ?? box?.querySelector<HTMLInputElement>('input'))?.focus();
  }, [currentId]);

  const next = () => {
    if (!current) {
      setCurrentId(asked[0]!.id);
      return;
    }
    if (!answered) return;
    // Recompute with the latest answers: this answer may open or skip later questions.
    const nowAsked = visibleItems(instrument, props.answers);
    const following = nowAsked[nowAsked.findIndex((i) => i.id === current.id) + 1];
    if (following) setCurrentId(following.id);
    else if (missingItems(instrument, props.answers).length === 0) props.onComplete();
  };
  const back = () => setCurrentId(index === 0 ? null : asked[index - 1]!.id);

  if (!current) {
    return (
      <section class="bridge-instrument-form bridge-self" lang={props.locale} aria-label={instrument.shortName}>
        <p class="bridge-self-intro">{t('self_intro')}</p>
        <p class="bridge-self-intro">{t(instrument.introKey)}</p>
        <div class="bridge-form-actions">
          <button type="button" class="bridge-primary bridge-self-button" onClick={next}>
            {t('self_start')}
          </button>
        </div>
      </section>
    );
  }

  const isLast = index === asked.length - 1;
  return (
    <section
      class="bridge-instrument-form bridge-self"
      lang={props.locale}
      aria-label={instrument.shortName}
      onKeyDown={(event) => {
        // Digits anywhere on the screen pick an option of the one question shown.
        const option = optionIndexForKey(event, current);
        if (option !== null && current.kind === 'choice' && !(event.target instanceof HTMLInputElement && event.target.type === 'number')) {
          event.preventDefault();
          props.onAnswer(current.id, current.options[option]!.value);
        } else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
          event.preventDefault();
          next();
        }
      }}
    >
      <p class="bridge-self-progress" aria-live="polite">
        {t('self_progress', [index + 1, asked.length])}
      </p>
      {instrument.lookbackKey && <p class="bridge-self-lookback">{t(instrument.lookbackKey)}</p>}
      <div ref={headingRef} class="bridge-self-question">
        <Question
          key={current.id}
          item={current}
          number={index + 1}
          instrument={instrument}
          answers={answers}
          t={t}
          patient={patient}
          large
          onAnswer={props.onAnswer}
          onClearAnswer={props.onClearAnswer}
          onEnter={next}
        />
      </div>
      <p class="bridge-muted">{current.kind === 'choice' ? t('self_choose_one') : t('self_enter_number')}</p>
      <div class="bridge-form-actions">
        <button type="button" class="bridge-self-button" onClick={back}>
          {t('self_back')}
        </button>
        <button type="button" class="bridge-primary bridge-self-button" disabled={!answered} onClick={next}>
          {isLast ? t('self_finish') : t('self_next')}
        </button>
      </div>
    </section>
  );
}

/** The neutral screen a patient sees at the end of a self-screen: no score, no clinical note. */
export function SelfScreenThankYou({ t, locale }: { t: MessageLookup; locale: ScreeningLocale }) {
  return (
    <section class="bridge-instrument-form bridge-self bridge-self-done" lang={locale} aria-live="polite">
      <h2>{t('self_thank_you_title')}</h2>
      <p>{t('self_thank_you_body')}</p>
    </section>
  );
}
