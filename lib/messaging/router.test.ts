import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { routeMessage, type Handlers, type SenderFacts } from './router';

const ctx = { ownId: 'bridgeid', ownOrigin: 'chrome-extension://bridgeid' };
const contentSender: SenderFacts = { extensionId: 'bridgeid', url: 'http://127.0.0.1:4321/chart/p01', tabId: 7 };
const pageSender: SenderFacts = { extensionId: 'bridgeid', url: 'chrome-extension://bridgeid/sidepanel.html', tabId: undefined };

function handlers(): Handlers {
  return {
    'prompt.snooze': vi.fn(async () => ({ ok: true as const })),
    'settings.readLocal': vi.fn(async () => ({ values: { a: 1 } })),
  };
}

describe('routeMessage', () => {
  it('delivers a valid message from an allowed sender and validates the response', async () => {
    const h = handlers();
    const log = vi.fn();
    const reply = await routeMessage({ bridge: 1, type: 'prompt.snooze', payload: { fingerprint: 'abcdefgh12', days: 7 } }, contentSender, h, ctx, log);
    expect(reply).toEqual({ ok: true, data: { ok: true } });
    expect(h['prompt.snooze']).toHaveBeenCalledWith({ fingerprint: 'abcdefgh12', days: 7 }, { kind: 'content', tabId: 7 });
    expect(log).not.toHaveBeenCalled();
  });

  it('rejects and logs a payload that fails its schema, naming the field', async () => {
    const h = handlers();
    const log = vi.fn();
    const reply = await routeMessage({ bridge: 1, type: 'prompt.snooze', payload: { fingerprint: 'abcdefgh12', days: 900 } }, contentSender, h, ctx, log);
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toMatch(/prompt\.snooze: payload field "days"/);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^Rejected message: prompt\.snooze/));
    expect(h['prompt.snooze']).not.toHaveBeenCalled();
  });

  it('rejects a content script sending a message reserved for extension pages', async () => {
    const h = handlers();
    const reply = await routeMessage({ bridge: 1, type: 'settings.readLocal', payload: {} }, contentSender, h, ctx, () => {});
    expect(reply).toEqual({ ok: false, error: 'settings.readLocal: not accepted from a content sender' });
    const fromPage = await routeMessage({ bridge: 1, type: 'settings.readLocal', payload: {} }, pageSender, h, ctx, () => {});
    expect(fromPage).toEqual({ ok: true, data: { values: { a: 1 } } });
  });

  it('rejects another extension and unknown types', async () => {
    const h = handlers();
    const foreign = await routeMessage({ bridge: 1, type: 'prompt.snooze', payload: { fingerprint: 'abcdefgh12', days: 1 } }, { ...contentSender, extensionId: 'evil' }, h, ctx, () => {});
    expect(foreign).toEqual({ ok: false, error: 'prompt.snooze: sender evil is not this extension' });
    const unknown = await routeMessage({ bridge: 1, type: 'db.dropAll', payload: {} }, pageSender, h, ctx, () => {});
    expect(unknown).toEqual({ ok: false, error: 'unknown message type "db.dropAll"' });
  });

  it('turns a full disk (Dexie QuotaExceededError) into a message the clinician can act on, and logs the cause', async () => {
    const { default: Dexie } = await import('dexie');
    const log = vi.fn();
    const h: Handlers = { 'settings.saveLocal': vi.fn(async () => { throw new Dexie.QuotaExceededError('quota'); }) };
    const reply = await routeMessage({ bridge: 1, type: 'settings.saveLocal', payload: { values: { a: 1 } } }, pageSender, h, ctx, log);
    expect(reply).toEqual({ ok: false, error: "This computer's storage for Bridge is full, so nothing was saved. Free some disk space (or ask IT), then try again." });
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^settings\.saveLocal failed: QuotaExceededError/));
  });

  it('never throws and never calls a handler for arbitrary junk', async () => {
    const h = handlers();
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (junk) => {
        const reply = await routeMessage(junk, contentSender, h, ctx, () => {});
        if (reply.ok) throw new Error('junk was accepted');
        expect(reply.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 10_000 },
    );
    expect(h['prompt.snooze']).not.toHaveBeenCalled();
  });
});
