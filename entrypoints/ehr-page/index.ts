import { render } from 'preact';
import { askBackground, ExtensionGoneError } from '@/lib/messaging/send.browser';
import type { PatientContext } from '@/lib/ehr/patient';
import { builtInAdapters } from '@/lib/ehr/adapters/index';
import { readPatientContext } from '@/lib/ehr/context';
import { watchPatient } from '@/lib/ehr/watch.dom';
import { ScreeningPrompt } from '@/components/overlay/ScreeningPrompt';
import { overlayPromptCss } from '@/components/overlay/styles';
import overlayHostCss from './overlay.css?inline';

// Bridge's script on EHR pages. The background registers it (scripting.registerContentScripts)
// at document_start, only on origins the clinic's policy lists or the user granted. It is an
// unlisted script, not a WXT content script: it needs neither WXT's context (whose start-up
// event a page can forge) nor the promise polyfill, and stays small. Its first turn only
// registers one listener, and no module it imports does work when it loads (lib/ehr/README.md):
// at document_start every millisecond delays the page. Reading the patient and showing the prompt
// wait until the page has loaded and is idle, so they never delay the EHR's own load.
export default defineUnlistedScript(() => {
  const started = Symbol.for('bridge.ehr-page');
  const isolatedWorld = globalThis as unknown as Record<symbol, boolean>;
  if (isolatedWorld[started]) return;
  isolatedWorld[started] = true;
  const lifetime = new AbortController();
  let scheduled = false;
  const startWhenIdle = () => {
    if (scheduled) return;
    scheduled = true;
    requestIdleCallback(() => void start(lifetime), { timeout: 2000 });
  };
  if (document.readyState === 'complete') startWhenIdle();
  else {
    addEventListener('load', startWhenIdle, { once: true, signal: lifetime.signal });
    // A page whose load never ends (a hung image, a long poll) is still read, a little later.
    document.addEventListener('DOMContentLoaded', () => setTimeout(startWhenIdle, 3000), { once: true, signal: lifetime.signal });
  }
});

type PromptView = { kind: 'hidden' } | { kind: 'due'; lastScreenedOn: string | null; adolescent: boolean };

/** The overlay's mount point: a closed shadow root the page cannot open, styled only by Bridge. */
function mountOverlay(host: HTMLElement, signal: AbortSignal): HTMLElement {
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = overlayHostCss + overlayPromptCss;
  const root = document.createElement('div');
  shadow.append(style, root);
  document.documentElement.append(host);
  signal.addEventListener('abort', () => {
    render(null, root);
    host.remove();
  });
  return root;
}

async function start(lifetime: AbortController) {
  // The clinic's own adapters (managed policy), validated by the background; built-in ones follow.
  const { policyAdapters } = await askBackground('ehr.pageSetup', {}).catch(() => ({ policyAdapters: [] }));
  // The shadow root is made the first time a prompt must show: most page views need none.
  const host = document.createElement('bridge-overlay');
  let root: HTMLElement | null = null;
  let view: PromptView = { kind: 'hidden' };
  let current: PatientContext | null = null;

  const draw = () => {
    if (view.kind === 'hidden' && !root) return;
    root ??= mountOverlay(host, lifetime.signal);
    render(
      view.kind === 'due' ? (
        <ScreeningPrompt state="due" lastScreened={view.lastScreenedOn} adolescent={view.adolescent} onOpen={open} onSnooze={snooze} onDismiss={hide} />
      ) : null,
      root,
    );
  };
  const hide = () => {
    view = { kind: 'hidden' };
    draw();
  };
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
    view = prompt.due && !prompt.snoozedUntil ? { kind: 'due', lastScreenedOn: prompt.lastScreenedOn, adolescent: prompt.adolescent } : { kind: 'hidden' };
    draw();
  };

  watchPatient(document, {
    signal: lifetime.signal,
    // Showing or hiding the overlay changes no patient: it must not cost a re-read.
    isOwnNode: (node) => node === host,
    readContext: (doc) => readPatientContext(doc, location.href, { adapters: builtInAdapters, policyAdapters }),
    onChange: (reading) => void onPatient(reading.context).catch(() => undefined),
  });
}
