import type { VerifyResult } from './fill.dom';

/** What the page showed when the plan was made: the patient's fingerprint and the page URL. */
export interface PageIdentity {
  patientFingerprint: string;
  url: string;
}

/**
 * The check `fillForm` runs before writing: same patient and same page (ignoring the URL's
 * fragment, which SPAs change freely). `current` is read at call time, after any navigation.
 */
export function samePatientAndPage(planned: PageIdentity, current: () => PageIdentity | null): () => VerifyResult {
  return () => {
    const now = current();
    if (!now) return { ok: false, reason: 'Bridge can no longer read the patient on this page. Check the chart and plan again.' };
    if (now.patientFingerprint !== planned.patientFingerprint) {
      return { ok: false, reason: 'the patient on the page changed since the plan was made. Open the right chart and plan again.' };
    }
    const strip = (u: string) => u.split('#')[0];
    if (strip(now.url) !== strip(planned.url)) {
      return { ok: false, reason: `the page changed since the plan was made (now ${strip(now.url)}). Plan again on this page.` };
    }
    return { ok: true };
  };
}
