/**
 * Work the background does at every start that no message waits for (retention, the first sync,
 * re-registering the EHR content script, reading settings nobody asked for yet). A stopped
 * service worker is usually started by a message, and everything it does in its first moments
 * runs on the same thread as that message's answer; so this work waits until the first message
 * has been answered, or `graceMs` after start-up when no message comes (a worker woken by an
 * alarm or by the browser starting). Listeners are never deferred: Chrome wakes a worker only for
 * listeners registered in its first turn.
 */
export interface StartUpWork {
  /** Runs `task` once the worker has answered its first message (or the grace time has passed). */
  defer(task: () => unknown): void;
  /** The router answered a message: deferred work may start. */
  messageAnswered(): void;
  /** Runs deferred work now (the first need for something it prepares, e.g. settings). */
  startNow(): void;
}

export interface StartUpWorkOptions {
  /** How long to wait for a first message before running the work anyway. */
  graceMs: number;
  /** Timer seam for tests; defaults to `setTimeout`. */
  setTimer?: (run: () => void, ms: number) => unknown;
  /** Where a failed task is reported; defaults to console.error. */
  onError?: (error: unknown) => void;
}

/** A gate for start-up work, open after the first answered message or the grace time. */
export function createStartUpWork(options: StartUpWorkOptions): StartUpWork {
  const setTimer = options.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  const onError = options.onError ?? ((error: unknown) => console.error('[Bridge] start-up work failed', error));
  let open = false;
  const queue: (() => unknown)[] = [];
  const run = (task: () => unknown) => {
    try {
      void Promise.resolve(task()).catch(onError);
    } catch (error) {
      onError(error);
    }
  };
  const openGate = () => {
    if (open) return;
    open = true;
    for (const task of queue.splice(0)) run(task);
  };
  setTimer(openGate, options.graceMs);
  return {
    defer(task) {
      if (open) run(task);
      else queue.push(task);
    },
    // A timer, not a microtask: the reply is posted to the sender before the work starts.
    messageAnswered: () => {
      if (!open) setTimer(openGate, 0);
    },
    startNow: openGate,
  };
}
