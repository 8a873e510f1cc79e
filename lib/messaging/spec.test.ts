import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { protocol } from './protocol';
import { routeMessage, type Handlers, type SenderFacts } from './router';
import { lazySchema, spec } from './spec';

const ctx = { ownId: 'bridgeid', ownOrigin: 'chrome-extension://bridgeid' };
const pageSender: SenderFacts = { extensionId: 'bridgeid', url: 'chrome-extension://bridgeid/sidepanel.html', tabId: undefined };

describe('spec', () => {
  it('builds a message’s schemas on first use, once', () => {
    const request = vi.fn(() => z.object({ zip: z.string().length(5) }));
    const response = vi.fn(() => z.object({ count: z.number().int() }));
    const message = spec(['extension'], request, response);
    expect(request).not.toHaveBeenCalled();
    expect(response).not.toHaveBeenCalled();

    expect(message.request.safeParse({ zip: '02108' }).success).toBe(true);
    expect(message.request.safeParse({ zip: '2108' }).success).toBe(false);
    expect(message.request).toBe(message.request);
    expect(request).toHaveBeenCalledTimes(1);
    expect(response).not.toHaveBeenCalled();
    expect(message.response.parse({ count: 3 })).toEqual({ count: 3 });
    expect(response).toHaveBeenCalledTimes(1);
  });

  it('gives every message of the protocol a request and a response schema that build', () => {
    for (const [type, message] of Object.entries(protocol)) {
      expect(message.from.length, type).toBeGreaterThan(0);
      expect(message.request, type).toBeInstanceOf(z.ZodType);
      expect(message.response, type).toBeInstanceOf(z.ZodType);
    }
  });
});

describe('lazySchema', () => {
  it('builds its schema only when it first checks a value, and checks as the schema would', () => {
    const build = vi.fn(() => z.object({ kind: z.literal('zip'), zip: z.string().regex(/^\d{5}$/) }));
    const origin = lazySchema(build);
    const wrapped = z.object({ origin: origin.nullable(), list: origin.array().max(2) });
    expect(build).not.toHaveBeenCalled();

    expect(wrapped.parse({ origin: { kind: 'zip', zip: '02108' }, list: [] })).toEqual({ origin: { kind: 'zip', zip: '02108' }, list: [] });
    expect(wrapped.safeParse({ origin: null, list: [{ kind: 'zip', zip: 'nope' }] }).success).toBe(false);
    expect(origin.safeParse({ kind: 'zip', zip: '02108', extra: 1 }).data).toEqual({ kind: 'zip', zip: '02108' });
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('keeps the issue path and message of the schema it wraps', () => {
    const days = lazySchema(() => z.number().int().min(1).max(90));
    const result = z.object({ days }).safeParse({ days: 900 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['days']);
    expect(result.error?.issues[0]?.message).toBe(z.number().max(90).safeParse(900).error?.issues[0]?.message);
  });
});

describe('routeMessage with schemas built on first use', () => {
  it('still rejects and logs a payload that fails a lazily built schema (here the shared fingerprint schema)', async () => {
    const log = vi.fn();
    const handler = vi.fn(async () => ({ ok: true as const }));
    const handlers: Handlers = { 'prompt.snooze': handler, 'prompt.state': vi.fn() };
    const contentSender: SenderFacts = { extensionId: 'bridgeid', url: 'http://127.0.0.1:4321/chart/p01', tabId: 7 };
    const short = await routeMessage({ bridge: 1, type: 'prompt.snooze', payload: { fingerprint: 'abc', days: 7 } }, contentSender, handlers, ctx, log);
    expect(short).toEqual({ ok: false, error: expect.stringMatching(/^prompt\.snooze: payload field "fingerprint" /) });
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^Rejected message: prompt\.snooze: payload field "fingerprint"/));
    expect(handler).not.toHaveBeenCalled();

    const search = await routeMessage({ bridge: 1, type: 'directory.search', payload: { origin: { kind: 'zip', zip: 12345 }, need: [] } }, pageSender, {}, ctx, log);
    expect(search).toEqual({ ok: false, error: expect.stringMatching(/^directory\.search: payload field "origin\.zip" /) });
  });

  it('rejects a handler’s reply that fails a lazily built response schema', async () => {
    const log = vi.fn();
    const handlers = { 'prompt.state': vi.fn(async () => ({ due: 'yes' })) } as unknown as Handlers;
    const reply = await routeMessage({ bridge: 1, type: 'prompt.state', payload: { fingerprint: 'abcdefgh12', birthDate: null } }, pageSender, handlers, ctx, log);
    expect(reply).toEqual({ ok: false, error: 'prompt.state: handler produced an invalid response' });
    expect(log).toHaveBeenCalledWith('Rejected message: prompt.state: handler produced an invalid response');
  });
});

describe('spec with schemas given directly', () => {
  it('accepts a schema as well as a function that builds it', () => {
    const message = spec(['content'], z.object({ days: z.number() }), () => z.object({ ok: z.literal(true) }));
    expect(message.request.parse({ days: 2 })).toEqual({ days: 2 });
    expect(message.response.safeParse({ ok: false }).success).toBe(false);
  });
});
