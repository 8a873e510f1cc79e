import { browser } from 'wxt/browser';
import type { FhirEndpoint } from '@/lib/policy/schema';
import { discoverSmart, signIn, smartAuthorization, type SessionStore, type SmartDeps } from '@/lib/smart/sign-in';
import { smartSessionSchema, type SmartSession } from '@/lib/smart/token';

/**
 * How Bridge authenticates to the clinic's FHIR server. A bearer token comes from the settings
 * (the clinic's policy, or typed by whoever configured this machine). A SMART sign-in's tokens
 * live only in `storage.session`: in memory, gone when the browser closes, never written to disk,
 * and not readable by the EHR page script (storage.session's default access level is trusted
 * extension contexts only). They are sent only to the configured server's token endpoint and
 * the FHIR base URL the session was made for.
 */

const SESSION_KEY = 'fhirAuth:session';

/** The SMART session in `storage.session`. */
export const sessionStore: SessionStore = {
  read: async () => {
    const parsed = smartSessionSchema.safeParse((await browser.storage.session.get(SESSION_KEY))[SESSION_KEY]);
    return parsed.success ? parsed.data : null;
  },
  write: (session) => browser.storage.session.set({ [SESSION_KEY]: session }),
  clear: () => browser.storage.session.remove(SESSION_KEY),
};

// No cookies, no cache, no redirects: a token endpoint or FHIR server that redirects elsewhere
// must not carry Bridge's request (and its token) along.
const http: SmartDeps['fetch'] = (url, init) => fetch(url, { ...init, credentials: 'omit', cache: 'no-store', redirect: 'error' });

/** `https://<extension-id>.chromiumapp.org/`, the redirect URI to register with the server. */
export function fhirRedirectUri(): string {
  return browser.identity?.getRedirectURL?.() ?? `https://${browser.runtime.id}.chromiumapp.org/`;
}

/** The interactive auth window (`identity` is an optional permission, asked at sign-in). */
function launchWithIdentity(url: string): Promise<string> {
  if (!browser.identity?.launchWebAuthFlow) {
    return Promise.reject(new Error('Bridge was not allowed to open the sign-in window (the "identity" permission)'));
  }
  return browser.identity.launchWebAuthFlow({ url, interactive: true }).then((redirected) => {
    if (!redirected) throw new Error('no answer from the sign-in window');
    return redirected;
  });
}

/**
 * The `Authorization` header value (`Bearer …`) for requests to `endpoint`, or null when the
 * clinician must sign in first. A SMART access token that expires within a minute is refreshed
 * with the refresh token first; a refresh the server refuses ends the session (null).
 */
export async function fhirAuthorization(endpoint: FhirEndpoint): Promise<string | null> {
  if (endpoint.auth === 'bearer') return endpoint.bearerToken ? `Bearer ${endpoint.bearerToken}` : null;
  return smartAuthorization(endpoint, { fetch: http, store: sessionStore, now: () => new Date() });
}

/**
 * Signs the clinician in to a SMART endpoint (standalone launch, PKCE S256) and keeps the session.
 * `launch` stands in for `identity.launchWebAuthFlow` in tests. Throws with a reason on failure.
 */
export function signInToFhirServer(endpoint: FhirEndpoint, launch: (url: string) => Promise<string> = launchWithIdentity): Promise<SmartSession> {
  return signIn(endpoint, { fetch: http, launchWebAuthFlow: launch, store: sessionStore, redirectUri: fhirRedirectUri(), now: () => new Date() });
}

/** Forgets the SMART session on this machine (the server's own session is the server's). */
export function signOutOfFhirServer(): Promise<void> {
  return sessionStore.clear();
}

/** The sign-in server's origin, from the FHIR server's SMART configuration. */
export async function smartTokenOrigin(endpoint: FhirEndpoint): Promise<string> {
  return new URL((await discoverSmart(endpoint.baseUrl, http)).tokenEndpoint).origin;
}
