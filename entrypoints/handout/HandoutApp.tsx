import { useEffect, useState } from 'preact/hooks';
import { carePlanHandout, handoutPlainText, type Handout } from '@/lib/careplan/handout';
import { findStigmatizingTerms } from '@/lib/language/check';
import type { HandoutLanguage } from '@/lib/careplan/handout-strings';
import { handoutText } from '@/lib/careplan/handout-strings';
import { sendToBackground } from '@/lib/messaging/client.browser';

/** The patient and language the URL names, or null. */
export function handoutTargetOf(search: string): { fingerprint: string; lang: HandoutLanguage } | null {
  const params = new URLSearchParams(search);
  const fingerprint = params.get('patient') ?? '';
  if (fingerprint.length < 8 || fingerprint.length > 128) return null;
  return { fingerprint, lang: params.get('lang') === 'es' ? 'es' : 'en' };
}

/**
 * The handout page: the plan in plain words in English or Spanish, laid out for paper. The print
 * dialog opens only when the clinician presses Print, and that is recorded in the audit log.
 */
export function HandoutApp({ search }: { search: string }) {
  const target = handoutTargetOf(search);
  const [handout, setHandout] = useState<Handout | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!target) return;
    document.documentElement.lang = target.lang;
    sendToBackground('careplan.handout', { patientFingerprint: target.fingerprint }).then(
      ({ plan, places, nextVisit }) => {
        if (!plan) return setError('This patient has no care plan yet. Make and save the plan first.');
        const h = carePlanHandout({ plan, places, nextVisit, today: new Date().toISOString().slice(0, 10) }, target.lang);
        document.title = h.title;
        setHandout(h);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, []);

  if (!target) return <p class="bridge-alert" role="alert">This page needs a patient: open the handout from the care plan.</p>;
  if (error) return <p class="bridge-alert" role="alert">{error}</p>;
  if (!handout) return <p class="bridge-card">…</p>;

  // Bridge's own words are checked in tests; what the team typed is checked here, before it is
  // printed (the patient's own words, in quotes, are theirs and are left alone).
  const text = handoutPlainText(handout);
  // Both lists: on a Spanish handout, what the team typed may well be English.
  const findings = (['en', 'es'] as const).flatMap((lang) => findStigmatizingTerms(text, { lang, detectQuotations: true })).filter((f, i, all) => all.findIndex((g) => g.start === f.start) === i);
  const print = async () => {
    await sendToBackground('audit.record', { action: 'print', patientFingerprint: target.fingerprint, detail: `care plan handout printed (${target.lang === 'es' ? 'Spanish' : 'English'})` });
    window.print();
  };
  return (
    <main class="bridge-handout-page">
      <div class="bridge-handout-actions bridge-no-print">
        <button type="button" class="bridge-primary" onClick={() => void print()} data-testid="handout-print">
          {handoutText(target.lang, 'printButton')}
        </button>
        {findings.length > 0 && (
          <ul class="bridge-language-hint" data-testid="handout-language-hint" lang="en">
            {findings.map((f) => (
              <li key={`${f.termId}-${f.start}`}>
                Before printing, consider “{f.suggestion}” instead of “{text.slice(f.start, f.end)}” (edit the plan to change it).
              </li>
            ))}
          </ul>
        )}
      </div>
      <article class="bridge-handout" data-testid="handout" lang={handout.lang}>
        <h1>{handout.title}</h1>
        {handout.sections.map((s) => (
          <section key={s.id} class={`bridge-handout-${s.id}`} data-section={s.id}>
            {s.heading && <h2>{s.heading}</h2>}
            {s.blocks.map((b, i) => (
              <p key={i}>
                {b.lines.map((l, j) => (
                  <span key={j} class="bridge-handout-line">
                    {l}
                  </span>
                ))}
              </p>
            ))}
          </section>
        ))}
      </article>
    </main>
  );
}
