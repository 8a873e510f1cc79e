import type { PatientReading } from './context';

/** Runs `task` later, batching; returns a function that cancels it. */
export type Scheduler = (task: () => void) => () => void;

export interface WatchPatientOptions {
  /** Aborting it removes every listener and the observer and cancels pending work. */
  signal: AbortSignal;
  /** Called with the first reading, then whenever the patient (fingerprint, or none) changes. */
  onChange: (reading: PatientReading, previousFingerprint: string | null) => void;
  /** Usually `(doc) => readPatientContext(doc, location.href, options)`. */
  readContext: (doc: Document) => PatientReading;
  /** Default: the page's idle time, at most `idleTimeoutMs` later. Tests pass a manual queue. */
  schedule?: Scheduler;
  /** Latest a batched check may run after a change; default 30 ms (the change budget is 50 ms). */
  idleTimeoutMs?: number;
  /**
   * While no banner is on the page the whole body is observed; DOM changes then re-read it at most
   * this often (default 150 ms), so a page with a ticking clock costs nearly nothing. Navigation
   * events are never delayed.
   */
  noBannerCooldownMs?: number;
  /**
   * The caller's own elements (Bridge's overlay host): adding or removing only those is no page
   * change and costs no re-read.
   */
  isOwnNode?: (node: Node) => boolean;
}

export interface PatientWatch {
  /** Re-reads the page now (cancelling a pending batch), reports a change, returns the reading. */
  checkNow(): PatientReading;
}

/** The Navigation API object; typed loosely because TypeScript's DOM library may not declare it. */
type NavigationLike = EventTarget;

function idleScheduler(doc: Document, timeout: number): Scheduler {
  const win = doc.defaultView;
  return (task) => {
    if (win && typeof win.requestIdleCallback === 'function') {
      const id = win.requestIdleCallback(task, { timeout });
      return () => win.cancelIdleCallback(id);
    }
    const id = setTimeout(task, 16);
    return () => clearTimeout(id);
  };
}

/**
 * Follows the patient on an EHR page: reads it once, then again (in idle time, batched) after
 * same-document navigations — the Navigation API's `currententrychange` where the browser has it
 * (a content script's isolated world cannot see the page's `history.pushState` calls by patching
 * them), `popstate`, `hashchange` — and after DOM changes seen by one MutationObserver whose
 * roots are narrow: the banner's parent (subtree) plus each ancestor's direct children, so a
 * banner edited in place or swapped out by the app is noticed, and the observer re-roots onto the
 * new banner. Without a banner it watches the body, throttled, until one appears. Calls `onChange` only when
 * the fingerprint really changes. Work per mutation batch is constant: a flag and one scheduled
 * re-read.
 */
export function watchPatient(doc: Document, options: WatchPatientOptions): PatientWatch {
  const { signal, onChange, readContext } = options;
  const schedule = options.schedule ?? idleScheduler(doc, options.idleTimeoutMs ?? 30);
  let lastFingerprint: string | null | undefined;
  let cancelPending: (() => void) | null = null;
  let observedBanner: Element | null | undefined;
  let lastReading: PatientReading | null = null;

  const cooldown = options.noBannerCooldownMs ?? 150;
  let lastCheckAt = -Infinity;
  let cooldownTimer: ReturnType<typeof setTimeout> | null = null;

  const isOwnNode = options.isOwnNode;
  const onlyOwnNodes = (records: MutationRecord[]): boolean =>
    !!isOwnNode &&
    records.every((r) => r.type === 'childList' && [...Array.from(r.addedNodes), ...Array.from(r.removedNodes)].every(isOwnNode));

  const observer = new (doc.defaultView?.MutationObserver ?? MutationObserver)((records) => {
    if (onlyOwnNodes(records)) return;
    const wait = observedBanner ? 0 : lastCheckAt + cooldown - performance.now();
    if (wait <= 0) return request();
    cooldownTimer ??= setTimeout(() => {
      cooldownTimer = null;
      request();
    }, wait);
  });

  function reroot(banner: Element | null): void {
    if (banner === observedBanner && (!banner || banner.isConnected)) return;
    observer.disconnect();
    observedBanner = banner;
    const parent = banner?.parentElement;
    if (banner && parent) {
      observer.observe(parent, { childList: true, subtree: true, characterData: true });
      for (let up = parent.parentElement; up; up = up.parentElement) observer.observe(up, { childList: true });
    } else if (doc.body) {
      observer.observe(doc.body, { childList: true, subtree: true });
    }
  }

  function check(): PatientReading {
    cancelPending?.();
    cancelPending = null;
    lastCheckAt = performance.now();
    const reading = readContext(doc);
    lastReading = reading;
    if (signal.aborted) return reading;
    const fingerprint = reading.context?.fingerprint ?? null;
    reroot(reading.banner && reading.banner.isConnected ? reading.banner : null);
    if (fingerprint !== lastFingerprint) {
      const previous = lastFingerprint ?? null;
      lastFingerprint = fingerprint;
      onChange(reading, previous);
    }
    return reading;
  }

  function request(): void {
    if (cancelPending || signal.aborted) return;
    cancelPending = schedule(() => {
      cancelPending = null;
      if (!signal.aborted) check();
    });
  }

  if (!signal.aborted) {
    const win = doc.defaultView;
    const navigation = (win as unknown as { navigation?: NavigationLike } | null)?.navigation;
    navigation?.addEventListener('currententrychange', request, { signal });
    win?.addEventListener('popstate', request, { signal });
    win?.addEventListener('hashchange', request, { signal });
    win?.addEventListener('pageshow', request, { signal });
    signal.addEventListener(
      'abort',
      () => {
        observer.disconnect();
        cancelPending?.();
        cancelPending = null;
        if (cooldownTimer) clearTimeout(cooldownTimer);
      },
      { once: true },
    );
    request();
  }

  return {
    checkNow: () => (signal.aborted ? (lastReading ?? readContext(doc)) : check()),
  };
}
