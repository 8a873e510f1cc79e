import { askBackground, ExtensionGoneError } from '@/lib/messaging/send.browser';
import type { ResponseOf } from '@/lib/messaging/protocol';
import type { PatientContext } from '@/lib/ehr/patient';
import { builtInAdapters } from '@/lib/ehr/adapters/index';
import { readPatientContext } from '@/lib/ehr/context';
import { EHR_PAGE_START } from '@/lib/ehr/start-hook';
import { watchPatient } from '@/lib/ehr/watch.dom';
import { showScreeningPrompt } from '@/components/overlay/screening-prompt.dom';
import { overlayPromptCss } from '@/components/overlay/styles';
import overlayHostCss from './overlay.css?inline';

// Bridge's page script on EHR pages. It is not registered: the background injects it once the
// page has loaded, when the start-up script (entrypoints/ehr-boot.ts, registered at
// document_start on the EHR origins only) asks, and that script then calls the start function
// left here with the background's reply. Evaluating this file does nothing else, so a copy that
// lands in a page that did not ask stays inert. It is an unlisted script, not a WXT content
// script: it needs neither WXT's context (whose start-up event a page can forge) nor the promise
// polyfill, and stays small; no module it imports does work when it loads (lib/ehr/README.md),
// and the prompt is plain DOM, not Preact, since every kilobyte here is compiled cold in every
// page view.
export default defineUnlistedScript(() => {
  const isolatedWorld = globalThis as unknown as Record<symbol, unknown>;
  if (isolatedWorld[EHR_PAGE_START]) return;
  let started = false;
  isolatedWorld[EHR_PAGE_START] = (setup: ResponseOf<'ehr.start'>) => {
    if (started) return;
    started = true;
    start(new AbortController(), setup);
  };
});

type PromptView = { kind: 'hidden' } | { kind: 'due'; lastScreenedOn: string | null; adolescent: boolean };

/** The overlay's mount point: a closed shadow root the page cannot open, styled only by Bridge. */
function mountOverlay(host: HTMLElement, signal: AbortSignal): HTMLElement {
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = overlayHostCss + overlayPromptCss;
  const root = document.createElement('div');
  shadow.append(style, root);
  // In the top layer (a manual popover) the prompt stays above every z-index the EHR uses, and
  // showing it repaints less of the page than a fixed element among the page's own layers
  // (lib/ehr/README.md).
  host.popover = 'manual';
  document.documentElement.append(host);
  host.showPopover();
  signal.addEventListener('abort', () => host.remove(), { once: true });
  return root;
}

function start(lifetime: AbortController, { policyAdapters }: ResponseOf<'ehr.start'>) {
  // The shadow root is made the first time a prompt must show: most page views need none.
  const host = document.createElement('bridge-overlay');
  let root: HTMLElement | null = null;
  let current: PatientContext | null = null;

  const draw = (view: PromptView) => {
    if (view.kind === 'hidden') {
      root?.replaceChildren();
      return;
    }
    root ??= mountOverlay(host, lifetime.signal);
    showScreeningPrompt(root, { state: 'due', lastScreened: view.lastScreenedOn, adolescent: view.adolescent, onOpen: open, onSnooze: snooze, onDismiss: hide });
  };
  const hide = () => draw({ kind: 'hidden' });
  /** Every call to the background goes through here: an orphaned script tears itself down. */
  const ask: typeof askBackground = (type, payload) =>
    askBackground(type, payload).catch((error: unknown) => {
      if (error instanceof ExtensionGoneError || !chrome.runtime?.id) lifetime.abort();
      throw error;
    });
  const open = () => void ask('panel.open', {});
  const snooze = (days: number) => {
    if (current) void ask('prompt.snooze', { fingerprint: current.fingerprint, days }).then(hide);
  };

  /** The patient changed (or left): the old prompt goes at once, the new one follows. */
  const onPatient = async (patient: PatientContext | null) => {
    current = patient;
    hide();
    const { prompt } = await ask('patient.observed', { context: patient });
    if (!patient || !prompt || current !== patient) return;
    draw(prompt.due && !prompt.snoozedUntil ? { kind: 'due', lastScreenedOn: prompt.lastScreenedOn, adolescent: prompt.adolescent } : { kind: 'hidden' });
  };

  watchPatient(document, {
    signal: lifetime.signal,
    // Showing or hiding the overlay changes no patient: it must not cost a re-read.
    isOwnNode: (node) => node === host,
    readContext: (doc) => readPatientContext(doc, location.href, { adapters: builtInAdapters, policyAdapters }),
    onChange: (reading) => void onPatient(reading.context).catch(() => undefined),
  });
}
