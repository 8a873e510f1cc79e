import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { askBackground } from '@/lib/messaging/send.browser';
import type { PatientContext } from '@/lib/ehr/patient';
import { readPatientOnPage } from './read-patient';
import { OverlayApp, type OverlayState } from './OverlayApp';
import overlayCss from './overlay.css?inline';

// Runs at document_start on the EHR origins the background registered it for. Its first turn
// only schedules work; reading the patient and mounting the overlay wait for the page's idle time.
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
    css: overlayCss,
    onMount: (container) => container,
    onRemove: (container) => container && render(null, container),
  });
  const draw = () => ui.mounted && render(<OverlayApp state={state} actions={actions} />, ui.mounted);

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

  const refresh = async () => {
    const patient = readPatientOnPage(document, location.href);
    if (patient?.fingerprint === current?.fingerprint && current !== null) return;
    current = patient;
    await askBackground('patient.observed', { context: patient });
    if (!patient) {
      state = { kind: 'hidden' };
    } else {
      const prompt = await askBackground('prompt.state', { fingerprint: patient.fingerprint, birthDate: patient.birthDate });
      state = prompt.due && !prompt.snoozedUntil ? { kind: 'due', label: prompt.label, adolescent: prompt.adolescent } : { kind: 'hidden' };
    }
    draw();
  };

  ui.mount();
  draw();
  await refresh();
}
