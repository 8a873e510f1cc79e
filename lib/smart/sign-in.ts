import type { FhirEndpoint } from '../policy/schema';
import { authorizeUrl, codeFromRedirect, SmartSignInError } from './authorize';
import { parseSmartConfiguration, SmartDiscoveryError, smartConfigurationUrl, type SmartConfiguration } from './discovery';
import { createPkcePair, randomToken } from './pkce';
import { bridgeScopes } from './scopes';
import { codeExchangeBody, isExpired, needsRefresh, parseTokenResponse, refreshBody, sessionFromTokens, sessionMatches, SmartTokenError, type SmartSession } from './token';

/**
 * SMART on FHIR standalone launch for a clinician (OAuth 2.0 authorization code + PKCE S256,
 * public client), and keeping its access token fresh with the refresh token. Every browser API
 * is passed in, so the same code runs in the service worker and against a local OAuth server
 * in the tests.
 */

/** The small part of `Response` Bridge reads. */
export interface HttpAnswer {
  status: number;
  json(): Promise<unknown>;
}

/** Where the session lives: `storage.session` in the extension (memory only, never on disk). */
export interface SessionStore {
  read(): Promise<SmartSession | null>;
  write(session: SmartSession): Promise<void>;
  clear(): Promise<void>;
}

/** What the flow needs from its surroundings. */
export interface SmartDeps {
  fetch: (url: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }) => Promise<HttpAnswer>;
  /** Opens the authorization URL for the user and resolves with the URL the server redirected to. */
  launchWebAuthFlow: (url: string) => Promise<string>;
  store: SessionStore;
  /** `identity.getRedirectURL()`: `https://<extension-id>.chromiumapp.org/`. */
  redirectUri: string;
  now: () => Date;
  crypto?: Crypto;
}

/** Fetches and validates the server's SMART configuration. Throws `SmartDiscoveryError` with the reason. */
export async function discoverSmart(fhirBaseUrl: string, fetch: SmartDeps['fetch']): Promise<SmartConfiguration> {
  const url = smartConfigurationUrl(fhirBaseUrl);
  let answer: HttpAnswer;
  try {
    answer = await fetch(url, { method: 'GET', headers: { Accept: 'application/json' } });
  } catch (error) {
    throw new SmartDiscoveryError(`The FHIR server could not be reached for its SMART configuration (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (answer.status !== 200) {
    throw new SmartDiscoveryError(`The FHIR server has no SMART configuration at ${url} (HTTP ${answer.status}). Ask its administrator whether it supports SMART on FHIR, or use a bearer token.`);
  }
  return parseSmartConfiguration(await answer.json().catch(() => null));
}

async function postToken(deps: SmartDeps, tokenEndpoint: string, body: URLSearchParams) {
  let answer: HttpAnswer;
  try {
    answer = await deps.fetch(tokenEndpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body: body.toString() });
  } catch (error) {
    throw new SmartTokenError(`The sign-in server could not be reached (${error instanceof Error ? error.message : String(error)}).`, false);
  }
  return parseTokenResponse(answer.status, await answer.json().catch(() => null));
}

function smartClientId(endpoint: FhirEndpoint): string {
  if (endpoint.auth !== 'smart' || !endpoint.clientId) throw new SmartSignInError('The clinic FHIR server is not set up for SMART sign-in (auth "smart" with a client id).');
  return endpoint.clientId;
}

/**
 * Signs the clinician in: discovery, PKCE pair and state, the authorization request through
 * `launchWebAuthFlow`, the state check, the code exchange with the verifier, then stores the
 * session. Throws `SmartDiscoveryError`, `SmartSignInError` or `SmartTokenError` with a reason
 * a person can act on; nothing is stored on failure.
 */
export async function signIn(endpoint: FhirEndpoint, deps: SmartDeps): Promise<SmartSession> {
  const clientId = smartClientId(endpoint);
  const config = await discoverSmart(endpoint.baseUrl, deps.fetch);
  const { verifier, challenge } = await createPkcePair(deps.crypto);
  const state = randomToken(16, deps.crypto);
  const url = authorizeUrl({
    authorizationEndpoint: config.authorizationEndpoint,
    clientId,
    redirectUri: deps.redirectUri,
    scope: bridgeScopes(config.permissionV2),
    state,
    codeChallenge: challenge,
    fhirBaseUrl: endpoint.baseUrl,
  });
  let redirectedTo: string;
  try {
    redirectedTo = await deps.launchWebAuthFlow(url);
  } catch (error) {
    throw new SmartSignInError(`The sign-in window closed without signing in (${error instanceof Error ? error.message : String(error)}).`);
  }
  const code = codeFromRedirect(redirectedTo, { redirectUri: deps.redirectUri, state });
  const tokens = await postToken(deps, config.tokenEndpoint, codeExchangeBody({ code, redirectUri: deps.redirectUri, codeVerifier: verifier, clientId }));
  const session = sessionFromTokens(tokens, { fhirBaseUrl: endpoint.baseUrl, clientId, tokenEndpoint: config.tokenEndpoint, now: deps.now() });
  await deps.store.write(session);
  return session;
}

// One refresh at a time per refresh token: servers that rotate refresh tokens would revoke the
// session if two requests spent the same one.
const refreshing = new Map<string, Promise<SmartSession | null>>();

async function refresh(session: SmartSession, deps: SmartDeps): Promise<SmartSession | null> {
  const refreshToken = session.refreshToken;
  if (!refreshToken) return isExpired(session, deps.now()) ? null : session;
  const running = refreshing.get(refreshToken);
  if (running) return running;
  const run = (async () => {
    try {
      const tokens = await postToken(deps, session.tokenEndpoint, refreshBody({ refreshToken, clientId: session.clientId }));
      const next = sessionFromTokens(tokens, { ...session, now: deps.now(), previous: session });
      await deps.store.write(next);
      return next;
    } catch (error) {
      if (error instanceof SmartTokenError && error.signInAgain) {
        await deps.store.clear();
        return null;
      }
      // Unreachable or a server error: keep the session; the token may still be good for a while.
      return isExpired(session, deps.now()) ? null : session;
    } finally {
      refreshing.delete(refreshToken);
    }
  })();
  refreshing.set(refreshToken, run);
  return run;
}

/**
 * The `Authorization` header value for a SMART endpoint, refreshing the access token when it
 * expires within a minute; null when the clinician must sign in (no session, a session for
 * another server or client, or one that has expired and cannot be refreshed).
 */
export async function smartAuthorization(endpoint: FhirEndpoint, deps: Pick<SmartDeps, 'fetch' | 'store' | 'now'>): Promise<string | null> {
  const session = await deps.store.read();
  if (!session || !sessionMatches(session, endpoint)) return null;
  const now = deps.now();
  const current = needsRefresh(session, now) ? await refresh(session, deps as SmartDeps) : session;
  if (!current || isExpired(current, now)) return null;
  return `Bearer ${current.accessToken}`;
}
