import { askBackground } from '@/lib/messaging/send.browser';
import { EHR_PAGE_START } from '@/lib/ehr/start-hook';

// Bridge's start-up script on EHR pages. The background registers it
// (scripting.registerContentScripts) at document_start, only on origins the clinic's policy lists
// or the user granted. It is all that runs while the EHR loads: a few hundred bytes that register
// two listeners (shared/measured.md: a script at document_start costs the page nothing measurable
// when it is this small; the page script compiled there cost the server-rendered chart's parser
// about 5 ms and moved its first layout). Once the page has loaded and is idle it asks the
// background, which injects the page script (entrypoints/ehr-page) and answers with what that
// script needs; this one then starts it. It imports one constant and the page scripts' sender.
export default defineUnlistedScript(() => {
  const booted = Symbol.for('bridge.ehr-boot');
  const isolatedWorld = globalThis as unknown as Record<symbol, unknown>;
  if (isolatedWorld[booted]) return;
  isolatedWorld[booted] = true;
  const waiting = new AbortController();
  const askWhenIdle = () => {
    if (waiting.signal.aborted) return;
    waiting.abort();
    requestIdleCallback(() => void askToStart(isolatedWorld), { timeout: 2000 });
  };
  if (document.readyState === 'complete') askWhenIdle();
  else {
    addEventListener('load', askWhenIdle, { once: true, signal: waiting.signal });
    // A page whose load never ends (a hung image, a long poll) is still read, a little later.
    document.addEventListener('DOMContentLoaded', () => setTimeout(askWhenIdle, 3000), { once: true, signal: waiting.signal });
  }
});

async function askToStart(isolatedWorld: Record<symbol, unknown>): Promise<void> {
  // An orphan (Bridge was updated or removed under this page) or a refusal starts nothing.
  const setup = await askBackground('ehr.start', {}).catch(() => null);
  const start = isolatedWorld[EHR_PAGE_START];
  if (setup && typeof start === 'function') start(setup);
}
