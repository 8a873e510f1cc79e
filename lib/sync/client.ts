/**
 * The HTTP side of the sync: FHIR REST calls with the clinic's authorization, retried with
 * exponential back-off and jitter on network failures, 5xx and 429 (honouring Retry-After). A
 * 4xx other than 429 is final. `fetch`, `sleep` and `random` are passed in, so the background owns
 * the network and tests own the clock.
 */

export interface HttpResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}
export type HttpFetch = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<HttpResponse>;

/** Returns the `Authorization` header value (e.g. `Bearer …`), or null when Bridge is not authorised yet. */
export type Authorize = () => Promise<string | null>;

/** The server could not be reached, or kept answering 5xx/429, after every retry. */
export class ServerUnavailableError extends Error {
  override readonly name = 'ServerUnavailableError';
}
/** No authorization yet (SMART sign-in needed), or the server refused it (401/403). */
export class NotAuthorisedError extends Error {
  override readonly name = 'NotAuthorisedError';
}
/** The server refused the request for good (4xx other than 401/403/404/409/412/429). */
export class RejectedError extends Error {
  override readonly name = 'RejectedError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface FhirResult {
  status: number;
  body: Record<string, unknown> | null;
}

export interface FhirClientOptions {
  baseUrl: string;
  fetch: HttpFetch;
  authorize: Authorize;
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** First back-off in ms (default 500); doubles each retry up to `maxDelayMs` (default 8 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Back-off before retry `attempt` (1-based): exponential, capped, with "equal jitter" (half fixed, half random). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}

function outcomeText(body: Record<string, unknown> | null): string {
  const issue = (body?.issue as { details?: { text?: string }; diagnostics?: string }[] | undefined)?.[0];
  return issue?.details?.text ?? issue?.diagnostics ?? '';
}

/** A FHIR REST client bound to one server. */
export class FhirClient {
  readonly baseUrl: string;
  constructor(private readonly options: FhirClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /** Host of the server, for messages. */
  get host(): string {
    return new URL(this.baseUrl).host;
  }

  /**
   * One request, retried as the class says. `path` is relative to the base (`Patient?identifier=…`)
   * or absolute (a `next` link). Resolves with any status the caller must handle (2xx, 404, 409,
   * 410, 412); throws the typed errors above for the rest.
   */
  async request(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<FhirResult> {
    const { retries = 3, baseDelayMs = 500, maxDelayMs = 8000 } = this.options;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const random = this.options.random ?? Math.random;
    const url = /^https?:\/\//.test(path) ? path : `${this.baseUrl}/${path}`;
    let lastProblem = '';
    for (let attempt = 1; attempt <= retries + 1; attempt++) {
      const authorization = await this.options.authorize();
      if (!authorization) throw new NotAuthorisedError(`Bridge is not signed in to ${this.host} yet. Sign in on Bridge's options page.`);
      let retryAfterMs = 0;
      try {
        const res = await this.options.fetch(url, {
          method,
          headers: {
            Accept: 'application/fhir+json',
            Authorization: authorization,
            ...(options.body !== undefined ? { 'Content-Type': 'application/fhir+json' } : {}),
            ...options.headers,
          },
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        });
        const text = await res.text();
        let body: Record<string, unknown> | null = null;
        try {
          body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
        } catch {
          body = null;
        }
        if (res.status < 300 || [404, 409, 410, 412].includes(res.status)) return { status: res.status, body };
        if (res.status === 401 || res.status === 403) {
          throw new NotAuthorisedError(`${this.host} refused Bridge's sign-in (HTTP ${res.status}). Ask the clinic's administrator to check the token or sign in again.`);
        }
        if (res.status !== 429 && res.status < 500) {
          throw new RejectedError(`${this.host} refused the ${method} (HTTP ${res.status})${outcomeText(body) ? `: ${outcomeText(body)}` : ''}.`, res.status);
        }
        lastProblem = `HTTP ${res.status}`;
        const retryAfter = Number(res.headers.get('Retry-After'));
        if (Number.isFinite(retryAfter) && retryAfter > 0) retryAfterMs = Math.min(retryAfter * 1000, maxDelayMs);
      } catch (error) {
        if (error instanceof NotAuthorisedError || error instanceof RejectedError) throw error;
        lastProblem = error instanceof Error ? error.message : String(error);
      }
      if (attempt <= retries) await sleep(Math.max(retryAfterMs, backoffDelay(attempt, baseDelayMs, maxDelayMs, random)));
    }
    throw new ServerUnavailableError(`${this.host} could not be reached (${lastProblem}) after ${retries + 1} attempts. Bridge keeps the changes and tries again.`);
  }

  /** Every resource of a search, following `next` links (or `_offset` on servers without them). */
  async searchAll(query: string, pageSize = 500): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    const sep = query.includes('?') ? '&' : '?';
    let next: string | null = `${query}${sep}_count=${pageSize}`;
    let offset = 0;
    while (next) {
      const { status, body } = await this.request('GET', next);
      if (status !== 200 || !body) throw new RejectedError(`${this.host} could not search ${query.split('?')[0]} (HTTP ${status}).`, status);
      const entries = ((body.entry as { resource?: Record<string, unknown>; search?: { mode?: string } }[] | undefined) ?? []).filter((e) => e.resource && e.search?.mode !== 'include');
      out.push(...entries.map((e) => e.resource!));
      const link = (body.link as { relation: string; url: string }[] | undefined)?.find((l) => l.relation === 'next')?.url ?? null;
      offset += entries.length;
      next = link ?? (entries.length === pageSize ? `${query}${sep}_count=${pageSize}&_offset=${offset}` : null);
    }
    return out;
  }
}
