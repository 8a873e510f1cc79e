import { browser } from 'wxt/browser';
import { collectFields } from '@/lib/referral/collect.dom';
import { fillForm, undoFill } from '@/lib/referral/fill.dom';
import { planFill, type FillValues } from '@/lib/referral/plan';
import { samePatientAndPage } from '@/lib/referral/verify';
import { askBackground } from '@/lib/messaging/send.browser';
import { fillScriptRequestSchema, type FillScriptRequest } from '@/lib/messaging/messages/referral';

// The referral fill engine, injected into the EHR tab by the background only when the clinician
// asks for a fill (handlers/referral.ts), so the always-on EHR content script stays small.
// It listens to Bridge's own background only (never the page, never another extension), checks
// every request with zod, and re-checks the patient and the URL just before it writes anything.
// Injected again on each plan; the flag keeps one listener per page.

const LISTENING = Symbol.for('bridge.referralFill');

/** The page's URL; a seam so the check before filling reads it at that moment. */
const pageUrl = () => location.href;

async function handle(request: FillScriptRequest): Promise<unknown> {
  switch (request.op) {
    case 'plan': {
      const form = collectFields(document, { url: pageUrl() });
      const plan = planFill(form, request.values as FillValues, request.adapter ? { adapter: request.adapter } : {});
      return { ok: true, plan, fieldCount: form.fields.length };
    }
    case 'fill': {
      const planned = { patientFingerprint: request.patientFingerprint, url: request.plan.url };
      try {
        return await fillForm(document, request.plan, {
          // The patient as the background last recorded it for this tab (the EHR content script
          // reports every change), and the URL now: both must still be what the plan was made on.
          verify: async () => {
            const { fingerprint } = await askBackground('referral.pagePatient', {});
            const current = fingerprint ? { patientFingerprint: fingerprint, url: pageUrl() } : null;
            return samePatientAndPage(planned, () => current)();
          },
        });
      } catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
    }
    case 'undo':
      return { ok: true, ...undoFill(document, request.undo) };
  }
}

export default defineUnlistedScript(() => {
  const scope = globalThis as unknown as Record<symbol, boolean>;
  if (scope[LISTENING]) return;
  scope[LISTENING] = true;
  browser.runtime.onMessage.addListener((raw: unknown, sender) => {
    // Only Bridge's background sends here: same extension id, and not from a tab.
    if (sender.id !== browser.runtime.id || sender.tab) return undefined;
    const parsed = fillScriptRequestSchema.safeParse(raw);
    if (!parsed.success) {
      if ((raw as { bridgeFill?: unknown } | null)?.bridgeFill !== 1) return undefined;
      return Promise.resolve({ ok: false, error: `The fill request was not valid: ${parsed.error.issues[0]?.message ?? 'unknown problem'}.` });
    }
    return handle(parsed.data);
  });
});
