import { useEffect, useState } from 'preact/hooks';
import { InstrumentForm, SelfScreenThankYou } from '@/components/screening/InstrumentForm';
import { ageOn } from '@/lib/ehr/age';
import type { PatientContext } from '@/lib/ehr/patient';
import { sendToBackground } from '@/lib/messaging/client.browser';
import { instruments, screeningMessages, suggestInstruments, type AnswerValue, type ScreeningLocale } from '@/lib/screening';
import { followTabPatient } from '../sidepanel/follow-tab';

/** What the intake URL names: the EHR tab, the patient it must still show, language, instrument. */
export interface IntakeTarget {
  tabId: number;
  fingerprint: string;
  locale: ScreeningLocale;
  /** Null: the first instrument suggested for the patient's age and sex. */
  instrumentId: string | null;
}

/** Reads the intake URL; null when it does not name a tab, a patient and a known instrument. */
export function intakeTargetOf(search: string): IntakeTarget | null {
  const params = new URLSearchParams(search);
  const tabId = Number(params.get('tab'));
  const fingerprint = params.get('fp') ?? '';
  const instrumentId = params.get('instrument');
  if (!Number.isInteger(tabId) || tabId <= 0 || fingerprint.length < 8 || fingerprint.length > 128) return null;
  if (instrumentId !== null && !instruments.some((i) => i.id === instrumentId)) return null;
  return { tabId, fingerprint, locale: params.get('lang') === 'es' ? 'es' : 'en', instrumentId };
}

type Phase = 'checking' | 'asking' | 'saving' | 'done' | 'hand-back';

/**
 * One question per screen in the patient's language, no score and no clinical note. It stops for
 * good, forgetting the answers, as soon as the EHR tab shows anyone else (or no one), and saves
 * nothing then: the background re-checks the tab's patient on save as well.
 */
export function IntakeApp({ search }: { search: string }) {
  const target = intakeTargetOf(search);
  const [locale, setLocale] = useState<ScreeningLocale>(target?.locale ?? 'en');
  const [phase, setPhase] = useState<Phase>(target ? 'checking' : 'hand-back');
  const [patient, setPatient] = useState<PatientContext | null>(null);
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const t = screeningMessages(locale);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('self_language') === 'Idioma' ? 'Preguntas de salud' : 'Health questions';
  }, [locale, t]);

  useEffect(() => {
    if (!target) return;
    const controller = new AbortController();
    followTabPatient(target.tabId, controller.signal, (value) => {
      const context = value?.context ?? null;
      if (context?.fingerprint === target.fingerprint) {
        setPatient(context);
        setPhase((p) => (p === 'checking' ? 'asking' : p));
        return;
      }
      setAnswers({});
      setPhase((p) => (p === 'done' ? p : 'hand-back'));
    });
    return () => controller.abort();
    // The target comes from this page's URL and never changes.
  }, []);

  const ageYears = patient ? ageOn(patient.birthDate, new Date().toISOString().slice(0, 10)) : null;
  const instrumentId = target?.instrumentId ?? (patient ? (suggestInstruments({ ageYears, sex: patient.sex })[0]?.instrumentId ?? null) : null);
  const instrument = instruments.find((i) => i.id === instrumentId) ?? null;

  const finish = async () => {
    if (!target || !instrument || phase !== 'asking') return;
    setPhase('saving');
    try {
      await sendToBackground('screening.save', { tabId: target.tabId, patientFingerprint: target.fingerprint, instrumentId: instrument.id, answers, mode: 'self' });
      setAnswers({});
      setPhase('done');
    } catch (error) {
      // The patient sees only the neutral screen; the reason is for staff looking at the console.
      console.warn('[Bridge] self-screen not saved:', (error as Error).message);
      setAnswers({});
      setPhase('hand-back');
    }
  };

  return (
    <main class="bridge-intake" lang={locale}>
      {phase !== 'hand-back' && phase !== 'done' && (
        <div class="bridge-intake-bar" role="group" aria-label={t('self_language')}>
          <span>{t('self_language')}:</span>
          <button type="button" lang="en" aria-pressed={locale === 'en'} onClick={() => setLocale('en')}>
            English
          </button>
          <button type="button" lang="es" aria-pressed={locale === 'es'} onClick={() => setLocale('es')}>
            Español
          </button>
        </div>
      )}
      {phase === 'checking' && <p class="bridge-intake-stop" aria-busy="true">…</p>}
      {(phase === 'asking' || phase === 'saving') && patient && !instrument && (
        <section class="bridge-intake-stop" data-testid="hand-back">
          <h1>{t('self_hand_back_title')}</h1>
        </section>
      )}
      {(phase === 'asking' || phase === 'saving') && instrument && patient && (
        <InstrumentForm
          instrument={instrument}
          answers={answers}
          onAnswer={(id, value) => setAnswers((a) => ({ ...a, [id]: value }))}
          onClearAnswer={(id) =>
            setAnswers((a) => {
              const { [id]: _cleared, ...rest } = a;
              return rest;
            })
          }
          onComplete={() => void finish()}
          locale={locale}
          t={t}
          mode="self"
          patient={{ sex: patient.sex, ageYears }}
        />
      )}
      {phase === 'done' && <SelfScreenThankYou t={t} locale={locale} />}
      {phase === 'hand-back' && (
        <section class="bridge-intake-stop" data-testid="hand-back" aria-live="assertive">
          <h1>{t('self_hand_back_title')}</h1>
          <p>{t('self_hand_back_body')}</p>
        </section>
      )}
    </main>
  );
}
