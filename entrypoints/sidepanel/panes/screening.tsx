import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { BriefInterventionGuide } from '@/components/screening/BriefInterventionGuide';
import { Dsm5Checklist, type Dsm5ChecklistValue } from '@/components/screening/Dsm5Checklist';
import { InstrumentForm } from '@/components/screening/InstrumentForm';
import { InstrumentPicker } from '@/components/screening/InstrumentPicker';
import { ScreeningResult } from '@/components/screening/ScreeningResult';
import { ageOn } from '@/lib/ehr/age';
import { SCREENING_DRAFT_KIND, SCREENINGS_UPDATED_KEY } from '@/lib/db/screening-record-store';
import { sendToBackground } from '@/lib/messaging/client.browser';
import type { ScreeningRecordView } from '@/lib/messaging/messages/screening';
import type { ResponseOf } from '@/lib/messaging/protocol';
import { availableInstruments, instrumentWording, instruments, nextInstrument, screeningMessages, suggestInstruments, type AnswerValue, type ScreeningLocale } from '@/lib/screening';
import type { PaneDefinition, PaneProps } from './types';
import './screening.css';

// The "Screen" pane: pick an instrument, answer it (answers kept as this patient's draft in the
// background's database), save through the background (which re-scores and checks the chart still
// shows this patient), then the result, brief intervention, next instrument and history.

type Stage =
  | { kind: 'loading' }
  | { kind: 'pick' }
  | { kind: 'form'; instrumentId: string; answers: Record<string, AnswerValue>; restoredAt?: string }
  | { kind: 'result'; record: ScreeningRecordView };

type History = ResponseOf<'screening.history'>;

const DRAFT_DELAY_MS = 300;
const clinicianText = screeningMessages('en');
const knownInstrument = (id: unknown): id is string => typeof id === 'string' && instruments.some((i) => i.id === id);
const noDsm5: Dsm5ChecklistValue = { substanceId: 'alcohol', criteriaMet: [], remission: 'none', takenAsPrescribed: false };
const timeOf = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** The screening settings in force (clinic policy over this machine's settings over defaults). */
interface ScreeningSettings {
  optedIn: string[];
  enabledIds?: string[];
  selfScreenAllowed: boolean;
  defaultLanguage: ScreeningLocale;
}

function screeningSettingsFrom(values: Record<string, unknown>): ScreeningSettings {
  const listed = Array.isArray(values.enabledInstruments) ? values.enabledInstruments : [];
  const optedIn = values.s2biAndCageAidEnabled === true ? ['s2bi', 'cage-aid'] : [];
  // Instruments with unverified terms also need the clinic's opt-in (s2biAndCageAidEnabled).
  const enabled = listed.filter(knownInstrument).filter((id) => !instruments.find((i) => i.id === id)!.licence.requiresClinicOptIn || optedIn.includes(id));
  return {
    optedIn,
    enabledIds: enabled.length > 0 ? [...new Set(enabled)] : undefined,
    selfScreenAllowed: values.selfScreenAllowed === true,
    defaultLanguage: values.defaultLanguage === 'es' ? 'es' : 'en',
  };
}

function ScreeningPane({ patient, tabId, goTo }: PaneProps) {
  const fingerprint = patient.fingerprint;
  const ageYears = ageOn(patient.birthDate, new Date().toISOString().slice(0, 10));
  const [stage, setStage] = useState<Stage>({ kind: 'loading' });
  // Null until the settings in force have been read, so nothing they govern flashes on screen.
  const [loadedSettings, setSettings] = useState<ScreeningSettings | null>(null);
  const settings = loadedSettings ?? screeningSettingsFrom({});
  const [history, setHistory] = useState<History | null>(null);
  const [draftSavedAt, setDraftSavedAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [biSteps, setBiSteps] = useState<string[]>([]);
  const [dsm5, setDsm5] = useState<Dsm5ChecklistValue | null>(null);
  const pendingDraft = useRef<Promise<unknown>>(Promise.resolve());
  const formBox = useRef<HTMLDivElement>(null);
  const resultBox = useRef<HTMLDivElement>(null);
  const guideBox = useRef<HTMLDivElement>(null);

  const loadHistory = () =>
    sendToBackground('screening.history', { patientFingerprint: fingerprint }).then(setHistory, (e: unknown) => setError(String((e as Error).message)));

  useEffect(() => {
    void sendToBackground('settings.effective', {}).then(
      ({ values }) => setSettings(screeningSettingsFrom(values)),
      () => setSettings(screeningSettingsFrom({})),
    );
    void loadHistory();
    void sendToBackground('draft.read', { kind: SCREENING_DRAFT_KIND, patientFingerprint: fingerprint }).then(
      (draft) => {
        const { instrumentId, answers } = (draft?.data ?? {}) as { instrumentId?: unknown; answers?: unknown };
        if (draft && knownInstrument(instrumentId) && typeof answers === 'object' && answers !== null) {
          setStage({ kind: 'form', instrumentId, answers: answers as Record<string, AnswerValue>, restoredAt: draft.updatedAt });
          setDraftSavedAt(draft.updatedAt);
        } else setStage({ kind: 'pick' });
      },
      (e: unknown) => {
        setError((e as Error).message);
        setStage({ kind: 'pick' });
      },
    );
    // A self-screen finished on the tablet tab shows up here without a reload.
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      const change = changes[SCREENINGS_UPDATED_KEY]?.newValue as { patientFingerprint?: unknown } | undefined;
      if (area === 'session' && change?.patientFingerprint === fingerprint) void loadHistory();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
    // The pane is re-created for each patient, so the fingerprint never changes under it.
  }, []);

  // Answers become this patient's draft shortly after each change (debounced).
  const formKey = stage.kind === 'form' ? JSON.stringify([stage.instrumentId, stage.answers]) : null;
  useEffect(() => {
    if (stage.kind !== 'form' || stage.restoredAt) return;
    const data = { instrumentId: stage.instrumentId, answers: stage.answers };
    const timer = setTimeout(() => {
      pendingDraft.current = sendToBackground('draft.save', { kind: SCREENING_DRAFT_KIND, patientFingerprint: fingerprint, data }).then(
        ({ updatedAt }) => setDraftSavedAt(updatedAt),
        (e: unknown) => setError(`The draft was not saved: ${(e as Error).message}`),
      );
    }, DRAFT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [formKey]);

  // Keyboard-first: a new form puts focus on its first question, a result on its heading.
  const focusKey = stage.kind === 'form' ? `form:${stage.instrumentId}` : stage.kind === 'result' ? `result:${stage.record.id}` : stage.kind;
  useEffect(() => {
    if (stage.kind === 'form') formBox.current?.querySelector<HTMLInputElement>('input:checked, input')?.focus();
    const heading = stage.kind === 'result' ? resultBox.current?.querySelector<HTMLElement>('h2') : null;
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }, [focusKey]);

  const start = (instrumentId: string) => {
    setError(null);
    setBiSteps([]);
    setDsm5(null);
    setStage({ kind: 'form', instrumentId, answers: {} });
  };
  const answer = (itemId: string, value: AnswerValue) =>
    setStage((s) => (s.kind === 'form' ? { kind: 'form', instrumentId: s.instrumentId, answers: { ...s.answers, [itemId]: value } } : s));
  const clearAnswer = (itemId: string) =>
    setStage((s) => {
      if (s.kind !== 'form') return s;
      const { [itemId]: _cleared, ...answers } = s.answers;
      return { kind: 'form', instrumentId: s.instrumentId, answers };
    });
  const discardDraft = async () => {
    await pendingDraft.current;
    await sendToBackground('draft.discard', { kind: SCREENING_DRAFT_KIND, patientFingerprint: fingerprint });
    setDraftSavedAt(null);
    setStage({ kind: 'pick' });
  };

  const complete = async () => {
    if (stage.kind !== 'form' || saving) return;
    setSaving(true);
    setError(null);
    try {
      // A draft save still in flight must not land after the save deleted the draft.
      await pendingDraft.current;
      const record = await sendToBackground('screening.save', { tabId, patientFingerprint: fingerprint, instrumentId: stage.instrumentId, answers: stage.answers, mode: 'clinician' });
      setDraftSavedAt(null);
      setStage({ kind: 'result', record });
      void loadHistory();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  const instrumentOf = (id: string) => instruments.find((i) => i.id === id)!;
  const usable = availableInstruments(settings.optedIn).filter((i) => !settings.enabledIds || settings.enabledIds.includes(i.id));
  const suggestions = suggestInstruments({ ageYears, sex: patient.sex, enabledIds: settings.enabledIds ?? (settings.optedIn.length ? [...usable.map((i) => i.id)] : undefined) });

  return (
    <div class="bridge-screen" data-testid="screening-pane">
      {error && (
        <p class="bridge-alert" role="alert" data-testid="screening-error">
          {error}
        </p>
      )}
      {stage.kind === 'loading' && <p class="bridge-card bridge-muted">Loading…</p>}
      {stage.kind === 'pick' && <InstrumentPicker instruments={usable} suggestions={suggestions} onPick={start} />}
      {stage.kind === 'form' && (
        <div class="bridge-card" ref={formBox} data-testid="screening-form">
          <p class="bridge-screen-draft bridge-muted" aria-live="polite" data-testid="draft-status">
            {stage.restoredAt ? `Draft restored (saved ${timeOf(stage.restoredAt)}).` : draftSavedAt ? `Draft saved ${timeOf(draftSavedAt)}.` : 'Not saved yet.'}
          </p>
          <InstrumentForm
            instrument={instrumentOf(stage.instrumentId)}
            answers={stage.answers}
            onAnswer={answer}
            onClearAnswer={clearAnswer}
            onComplete={() => void complete()}
            locale="en"
            t={clinicianText}
            mode="clinician"
            patient={{ sex: patient.sex, ageYears }}
          />
          <div class="bridge-form-actions">
            <button type="button" onClick={() => void discardDraft()}>
              Discard and choose another instrument
            </button>
            {saving && <span class="bridge-muted">Saving…</span>}
          </div>
        </div>
      )}
      {stage.kind === 'result' && (
        <ResultView
          record={stage.record}
          resultBox={resultBox}
          guideBox={guideBox}
          enabledIds={settings.enabledIds}
          biSteps={biSteps}
          onToggleStep={(id, done) => setBiSteps((steps) => (done ? [...steps.filter((s) => s !== id), id] : steps.filter((s) => s !== id)))}
          dsm5={dsm5}
          onDsm5={setDsm5}
          onStartNext={start}
          onFindTreatment={() => goTo('treatment')}
          onNewScreening={() => setStage({ kind: 'pick' })}
        />
      )}
      {loadedSettings && !loadedSettings.selfScreenAllowed && (
        <p class="bridge-card bridge-muted" data-testid="self-screen-off">
          Patient self-screen is turned off for this clinic (setting “selfScreenAllowed”).
        </p>
      )}
      {loadedSettings?.selfScreenAllowed && (
        <SelfScreenLauncher
          tabId={tabId}
          fingerprint={fingerprint}
          defaultLanguage={settings.defaultLanguage}
          instrumentIds={[...new Set([...suggestions.map((s) => s.instrumentId), ...usable.map((i) => i.id)])]}
        />
      )}
      <HistoryList history={history} />
    </div>
  );
}

function ResultView(props: {
  record: ScreeningRecordView;
  resultBox: RefObject<HTMLDivElement | null>;
  guideBox: RefObject<HTMLDivElement | null>;
  enabledIds?: string[];
  biSteps: string[];
  onToggleStep: (id: string, done: boolean) => void;
  dsm5: Dsm5ChecklistValue | null;
  onDsm5: (value: Dsm5ChecklistValue | null) => void;
  onStartNext: (instrumentId: string) => void;
  onFindTreatment: () => void;
  onNewScreening: () => void;
}) {
  const { result } = props.record;
  const instrument = instruments.find((i) => i.id === result.instrumentId)!;
  const next = nextInstrument(result, { enabledIds: props.enabledIds });
  const action = result.action === 'brief-intervention' || result.action === 'brief-intervention-and-referral' ? result.action : null;
  return (
    <div ref={props.resultBox}>
      <ScreeningResult
        result={result}
        instrument={instrument}
        mode="clinician"
        next={next}
        nextName={next ? instruments.find((i) => i.id === next.instrumentId)?.shortName : undefined}
        onStartNext={props.onStartNext}
        onStartBriefIntervention={() => props.guideBox.current?.querySelector<HTMLElement>('input')?.focus()}
        onFindTreatment={props.onFindTreatment}
      />
      {action && (
        <div ref={props.guideBox}>
          <BriefInterventionGuide action={action} completedStepIds={props.biSteps} onToggleStep={props.onToggleStep} />
        </div>
      )}
      <div class="bridge-form-actions bridge-screen-more">
        <button type="button" aria-expanded={props.dsm5 !== null} onClick={() => props.onDsm5(props.dsm5 ? null : noDsm5)}>
          {props.dsm5 ? 'Hide DSM-5 checklist' : 'DSM-5 checklist'}
        </button>
        <button type="button" onClick={props.onNewScreening}>
          New screening
        </button>
      </div>
      {props.dsm5 && <Dsm5Checklist value={props.dsm5} onChange={props.onDsm5} />}
    </div>
  );
}

/** Hands the screening to the patient: a full tab locked to this patient, in their language. */
function SelfScreenLauncher(props: { tabId: number; fingerprint: string; defaultLanguage: ScreeningLocale; instrumentIds: string[] }) {
  const [lang, setLang] = useState<ScreeningLocale>(props.defaultLanguage);
  const [instrumentId, setInstrumentId] = useState(props.instrumentIds[0] ?? '');
  if (!instrumentId) return null;
  const open = () => {
    const query = new URLSearchParams({ tab: String(props.tabId), fp: props.fingerprint, lang, instrument: instrumentId });
    // Relative to this extension page, so it opens Bridge's own intake.html.
    void browser.tabs.create({ url: `intake.html?${query.toString()}` });
  };
  return (
    <section class="bridge-card bridge-screen-self" aria-labelledby="bridge-self-title">
      <h2 id="bridge-self-title" class="bridge-screen-heading">
        Patient self-screen
      </h2>
      <div class="bridge-screen-self-fields">
        <label>
          Questionnaire{' '}
          <select value={instrumentId} onChange={(e) => setInstrumentId((e.currentTarget as HTMLSelectElement).value)}>
            {props.instrumentIds.map((id) => (
              <option key={id} value={id}>
                {instruments.find((i) => i.id === id)?.shortName ?? id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Patient's language{' '}
          <select value={lang} onChange={(e) => setLang((e.currentTarget as HTMLSelectElement).value as ScreeningLocale)}>
            <option value="en">English</option>
            <option value="es">Español</option>
          </select>
        </label>
      </div>
      {lang === 'es' && <SpanishWordingNotice instrumentId={instrumentId} />}
      <button type="button" onClick={open}>
        Start patient self-screen (tablet)
      </button>
    </section>
  );
}

/** Before a Spanish self-screen, tells the clinician whether the Spanish questions are a validated version or Bridge's own translation. */
function SpanishWordingNotice({ instrumentId }: { instrumentId: string }) {
  const spanish = instrumentWording(instrumentId).spanish;
  return (
    <p class="bridge-muted" role="note" data-testid="spanish-wording">
      {spanish.status === 'validated' ? `Spanish questions: ${spanish.source}.` : spanish.disclosure}
    </p>
  );
}

function HistoryList({ history }: { history: History | null }) {
  if (!history) return null;
  const shortName = (id: string) => instruments.find((i) => i.id === id)?.shortName ?? id;
  return (
    <section class="bridge-card bridge-screen-history" aria-labelledby="bridge-history-title" data-testid="screening-history">
      <h2 id="bridge-history-title" class="bridge-screen-heading">
        Screening history
      </h2>
      {history.records.length === 0 ? (
        <p class="bridge-muted">No screening recorded for this patient on this device.</p>
      ) : (
        <>
          <ul class="bridge-screen-trends" aria-label="Trends" data-testid="screening-trends">
            {history.trends.map((t) => (
              <li key={t.instrumentId} class={`bridge-trend-${t.direction}`}>
                {t.label}
                {t.direction !== 'single' && <span class="bridge-muted"> ({t.direction})</span>}
              </li>
            ))}
          </ul>
          <ol class="bridge-screen-records" reversed>
            {[...history.records].reverse().map((r) => (
              <li key={r.id}>
                <time dateTime={r.completedAt}>{new Date(r.completedAt).toLocaleString()}</time> · {shortName(r.instrumentId)} {r.result.score} ·{' '}
                {r.result.positive ? 'positive' : 'negative'} · {r.result.riskLabel}
                {r.mode === 'self' && <span class="bridge-muted"> · patient self-screen</span>}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

export const screeningPane: PaneDefinition = { id: 'screen', label: 'Screen', Pane: ScreeningPane };
