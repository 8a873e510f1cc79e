import { describe, expect, it, vi } from 'vitest';
import { createStartUpWork } from './start-up-work';

/** A start-up gate on a hand-driven clock: `tick()` runs the timers due so far. */
function gate(graceMs = 1000) {
  let now = 0;
  const timers: { at: number; run: () => void }[] = [];
  const errors: unknown[] = [];
  const work = createStartUpWork({ graceMs, setTimer: (run, ms) => timers.push({ at: now + ms, run }), onError: (e) => errors.push(e) });
  const tick = (ms = 0) => {
    now += ms;
    for (const timer of timers.filter((t) => t.at <= now)) {
      timers.splice(timers.indexOf(timer), 1);
      timer.run();
    }
  };
  return { work, tick, errors };
}

describe('start-up work', () => {
  it('waits for the first answered message, then runs every deferred task once, in order', () => {
    const { work, tick } = gate();
    const ran: string[] = [];
    work.defer(() => ran.push('retention'));
    work.defer(() => ran.push('sync'));
    tick(10);
    expect(ran).toEqual([]);
    work.messageAnswered();
    expect(ran).toEqual([]); // after the reply is posted, not in the same turn
    tick();
    expect(ran).toEqual(['retention', 'sync']);
    work.messageAnswered();
    tick(2000);
    expect(ran).toEqual(['retention', 'sync']);
  });

  it('runs the work after the grace time when no message comes (a worker woken by an alarm)', () => {
    const { work, tick } = gate(1000);
    const task = vi.fn();
    work.defer(task);
    tick(999);
    expect(task).not.toHaveBeenCalled();
    tick(1);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('runs a task deferred after the gate opened at once, and everything on startNow()', () => {
    const { work, tick } = gate();
    const early = vi.fn();
    work.defer(early);
    work.startNow();
    expect(early).toHaveBeenCalledTimes(1);
    const late = vi.fn();
    work.defer(late);
    expect(late).toHaveBeenCalledTimes(1);
    tick(5000);
    expect(early).toHaveBeenCalledTimes(1);
  });

  it('reports a failing task without stopping the others', async () => {
    const { work, errors } = gate();
    const after = vi.fn();
    work.defer(() => {
      throw new Error('sync failed');
    });
    work.defer(() => Promise.reject(new Error('retention failed')));
    work.defer(after);
    work.startNow();
    await Promise.resolve();
    expect(after).toHaveBeenCalledTimes(1);
    expect(errors.map((e) => (e as Error).message)).toEqual(['sync failed', 'retention failed']);
  });
});
