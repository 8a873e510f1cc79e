import { describe, expect, it } from 'vitest';
import { backoffDelay, FhirClient, NotAuthorisedError, RejectedError, ServerUnavailableError, type HttpFetch } from './client';

const reply = (status: number, body: unknown = {}, headers: Record<string, string> = {}) => ({
  status,
  headers: { get: (n: string) => headers[n] ?? null },
  text: async () => JSON.stringify(body),
});

function client(answers: (ReturnType<typeof reply> | Error)[], slept: number[] = []) {
  const calls: { url: string; headers: Record<string, string> }[] = [];
  const fetch: HttpFetch = async (url, init) => {
    calls.push({ url, headers: init.headers });
    const next = answers.shift()!;
    if (next instanceof Error) throw next;
    return next;
  };
  const c = new FhirClient({ baseUrl: 'https://fhir.example.org/r4/', fetch, authorize: async () => 'Bearer abc', sleep: async (ms) => void slept.push(ms), random: () => 0.5, retries: 3 });
  return { c, calls, slept };
}

describe('backoffDelay', () => {
  it('doubles up to the cap, with half of it jittered', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, 500, 4000, () => 0))).toEqual([250, 500, 1000, 2000, 2000]);
    expect([1, 2, 3].map((n) => backoffDelay(n, 500, 4000, () => 1))).toEqual([500, 1000, 2000]);
  });
});

describe('FhirClient.request', () => {
  it('retries network failures, 5xx and 429, honouring Retry-After, then succeeds', async () => {
    const { c, calls, slept } = client([new Error('ECONNREFUSED'), reply(503), reply(429, {}, { 'Retry-After': '2' }), reply(200, { ok: 1 })]);
    await expect(c.request('GET', 'Patient')).resolves.toEqual({ status: 200, body: { ok: 1 } });
    expect(calls).toHaveLength(4);
    expect(calls[0]!.url).toBe('https://fhir.example.org/r4/Patient');
    expect(calls[0]!.headers.Authorization).toBe('Bearer abc');
    expect(slept).toEqual([375, 750, 2000]);
  });

  it('gives up after the retries with a reason, keeps 412 for the caller, refuses 4xx and 401 for good', async () => {
    await expect(client([reply(503), reply(503), reply(503), reply(503)]).c.request('GET', 'x')).rejects.toBeInstanceOf(ServerUnavailableError);
    await expect(client([reply(412)]).c.request('PUT', 'x')).resolves.toMatchObject({ status: 412 });
    const bad = client([reply(400, { resourceType: 'OperationOutcome', issue: [{ details: { text: 'bad date' } }] })]);
    await expect(bad.c.request('POST', 'x', { body: {} })).rejects.toThrow(RejectedError);
    expect(bad.calls).toHaveLength(1);
    await expect(client([reply(401)]).c.request('GET', 'x')).rejects.toBeInstanceOf(NotAuthorisedError);
  });

  it('sends nothing when there is no authorization yet', async () => {
    const calls: unknown[] = [];
    const c = new FhirClient({ baseUrl: 'https://fhir.example.org', fetch: async () => (calls.push(1), reply(200)), authorize: async () => null });
    await expect(c.request('GET', 'Patient')).rejects.toThrow(/not signed in/);
    expect(calls).toEqual([]);
  });
});
