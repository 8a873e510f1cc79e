import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { askBackground } from '@/lib/messaging/send.browser';
import type { PatientContext } from '@/lib/ehr/patient';
import { builtInAdapters } from '@/lib/ehr/adapters/index';
import { readPatientContext } from '@/lib/ehr/context';
import { watchPatient } from '@/lib/ehr/watch.dom';
import { ScreeningPrompt } from '@/components/overlay/ScreeningPrompt';
import { overlayPromptCss } from '@/components/overlay/styles';
import overlayHostCss from './overlay.css?inline';

type OverlayState = { kind: 'hidden' } | { kind: 'due'; lastScreenedOn: string | null; adolescent: boolean };

// Runs at document_start on the EHR origins the background registered it for (document_start
// costs the page nothing measurable; shared/measured.md). Its first turn only schedules work;
// reading the patient and mounting the overlay wait for the page's idle time.
export default defineContentScript({
  registration: 'runtime',
  matches: [],
  runAt: 'document_start',
  cssInjectionMode: 'manual',
  // WXT's legacy window.postMessage on start would tell every EHR page that Bridge is installed.
  noScriptStartedPostMessage: true,
  main(ctx) {
    whenPageIsIdle(ctx, () => void startOverlay(ctx).catch((error) => console.warn('[Bridge] overlay failed to start', error)));
  },
});

function whenPageIsIdle(ctx: ContentScriptContext, work: () => void) {
  const schedule = () => ctx.requestIdleCallback(work, { timeout: 1500 });
  if (document.readyState === 'loading') ctx.addEventListener(document, 'DOMContentLoaded', schedule, { once: true });
  else schedule();
}

async function startOverlay(ctx: ContentScriptContext) {
  let state: OverlayState = { kind: 'hidden' };
  let current: PatientContext | null = null;

  const ui = await createShadowRootUi(ctx, {
    name: 'bridge-overlay',
    position: 'inline',
    anchor: 'html',
    append: 'last',
    mode: 'closed',
    // Inlined, so the page can't fetch or fingerprint any web-accessible resource of Bridge's.
    css: overlayHostCss + overlayPromptCss,
    onMount: (container) => container,
    onRemove: (container) => container && render(null, container),
  });
  const draw = () =>
    ui.mounted &&
    render(
      state.kind === 'due' ? (
        <ScreeningPrompt state="due" lastScreened={state.lastScreenedOn} adolescent={state.adolescent} onOpen={actions.open} onSnooze={actions.snooze} onDismiss={actions.dismiss} />
      ) : null,
      ui.mounted,
    );

  const actions = {
    open: () => void askBackground('panel.open', {}),
    snooze: (days: number) => {
      if (!current) return;
      void askBackground('prompt.snooze', { fingerprint: current.fingerprint, days }).then(() => {
        state = { kind: 'hidden' };
        draw();
      });
    },
    dismiss: () => {
      state = { kind: 'hidden' };
      draw();
    },
  };

  /** The patient changed (or left): the old prompt goes at once, the new one follows. */
  const onPatient = async (patient: PatientContext | null) => {
    current = patient;
    state = { kind: 'hidden' };
    draw();
    await askBackground('patient.observed', { context: patient });
    if (!patient || current !== patient) return;
    const prompt = await askBackground('prompt.state', { fingerprint: patient.fingerprint, birthDate: patient.birthDate });
    if (current !== patient) return;
    state = prompt.due && !prompt.snoozedUntil ? { kind: 'due', lastScreenedOn: prompt.lastScreenedOn, adolescent: prompt.adolescent } : { kind: 'hidden' };
    draw();
  };

  ui.mount();
  watchPatient(document, {
    signal: ctx.signal,
    readContext: (doc) => readPatientContext(doc, location.href, { adapters: builtInAdapters }),
    onChange: (reading) => void onPatient(reading.context),
  });
}
