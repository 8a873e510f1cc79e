import { consentCovers, type Consent } from '../consent/consent';
import type { FhirBundle } from './bundle';

export type SendResult =
  | { ok: true; status: number; attempts: number; location: string | null }
  | { ok: false; reason: 'no-consent' | 'not-a-transaction' | 'rejected' | 'unreachable'; message: string; attempts: number; status?: number };

/**
 * POSTs a transaction bundle to the clinic's configured FHIR endpoint, only when `consent`
 * covers sending to `recipientId` now. Retries network failures and 5xx/429 answers up to
 * `retries` times with the given back-off; a 4xx is final. `fetch` and `sleep` are passed in so
 * the background script owns the network and tests own the clock. Nothing calls this by default.
 */
export async function sendReferralBundle(args: {
  bundle: FhirBundle;
  endpoint: string;
  consent: Consent | null;
  recipientId: string;
  now: Date;
  fetch: (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string }) => Promise<{ status: number; headers: { get(name: string): string | null } }>;
  retries?: number;
  backoffMs?: (attempt: number) => number;
  sleep?: (ms: number) => Promise<void>;
}): Promise<SendResult> {
  if (args.bundle.type !== 'transaction') {
    return { ok: false, reason: 'not-a-transaction', message: 'Only a transaction bundle can be POSTed to a FHIR server.', attempts: 0 };
  }
  if (!args.consent) return { ok: false, reason: 'no-consent', message: 'Record the patient’s consent before sending.', attempts: 0 };
  const check = consentCovers(args.consent, { recipientId: args.recipientId, action: 'send', now: args.now });
  if (!check.ok) return { ok: false, reason: 'no-consent', message: check.message, attempts: 0 };
  const retries = args.retries ?? 2;
  const backoff = args.backoffMs ?? ((n: number) => 1000 * 2 ** (n - 1));
  const sleep = args.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let last: SendResult = { ok: false, reason: 'unreachable', message: 'Not sent.', attempts: 0 };
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    try {
      const res = await args.fetch(args.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' },
        body: JSON.stringify(args.bundle),
      });
      if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, attempts: attempt, location: res.headers.get('Location') };
      last = { ok: false, reason: 'rejected', status: res.status, attempts: attempt, message: `The FHIR server answered ${res.status}.` };
      if (res.status < 500 && res.status !== 429) return last;
    } catch (error) {
      last = { ok: false, reason: 'unreachable', attempts: attempt, message: `The FHIR server could not be reached (${error instanceof Error ? error.message : String(error)}).` };
    }
    if (attempt <= retries) await sleep(backoff(attempt));
  }
  return { ...last, message: `${last.message} Gave up after ${last.attempts} attempts; nothing else was sent.` };
}
