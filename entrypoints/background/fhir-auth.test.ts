import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { FhirEndpoint } from '@/lib/policy/schema';
import { followRedirectsTo, startOAuthServer, type OAuthServer } from '../../tests/oauth-server/server';
import { fhirAuthorization, fhirRedirectUri, sessionStore, signInToFhirServer, signOutOfFhirServer } from './fhir-auth';

// The whole SMART standalone launch against a local OAuth server on 127.0.0.1 that checks the
// PKCE verifier against the challenge, the client id, the redirect URI and single-use codes.
// identity.launchWebAuthFlow is replaced by a function that follows the server's redirect with
// fetch, as Chrome's auth window does; everything else is the extension's own code.

let server: OAuthServer;
let redirectUri: string;

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
  // What Chrome's identity.getRedirectURL() answers for an extension.
  vi.spyOn(fakeBrowser.identity, 'getRedirectURL').mockReturnValue('https://bridgetestextensionid.chromiumapp.org/');
  redirectUri = fhirRedirectUri();
});
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
});

const smartEndpoint = (s: OAuthServer): FhirEndpoint => ({ baseUrl: s.fhirBaseUrl, patientIdentifierSystem: 'urn:oid:1.2.3', auth: 'smart', clientId: s.clientId });

async function fhirRead(s: OAuthServer, authorization: string | null) {
  const response = await fetch(`${s.fhirBaseUrl}/Patient`, { headers: authorization ? { Authorization: authorization } : {} });
  return response.status;
}

describe('fhirAuthorization with SMART sign-in', () => {
  it('signs in with PKCE S256, and the token it returns is accepted by the server', async () => {
    server = await startOAuthServer({ redirectUri });
    const endpoint = smartEndpoint(server);
    expect(redirectUri).toMatch(/^https:\/\/[^/]+\.chromiumapp\.org\/$/);
    expect(await fhirAuthorization(endpoint)).toBeNull();

    const session = await signInToFhirServer(endpoint, followRedirectsTo(redirectUri));
    expect(session.signedInAs).toBe('Dr. Ada Test');
    expect(session.refreshToken).not.toBeNull();

    const authorize = server.log.find((entry) => entry.path === '/authorize')!;
    expect(authorize.params).toMatchObject({ response_type: 'code', client_id: server.clientId, redirect_uri: redirectUri, code_challenge_method: 'S256', aud: server.fhirBaseUrl });
    expect(authorize.params.scope).toBe(
      'user/Patient.rs user/QuestionnaireResponse.cruds user/Observation.cruds user/ServiceRequest.cruds user/Task.cruds user/CarePlan.cruds user/CareTeam.cruds user/Goal.cruds user/Consent.cruds offline_access openid fhirUser',
    );
    const exchange = server.log.find((entry) => entry.path === '/token')!;
    expect(exchange.params).toMatchObject({ grant_type: 'authorization_code', client_id: server.clientId, redirect_uri: redirectUri });
    expect(exchange.params.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const authorization = await fhirAuthorization(endpoint);
    expect(authorization).toBe(`Bearer ${session.accessToken}`);
    expect(await fhirRead(server, authorization)).toBe(200);
    expect(await fhirRead(server, null)).toBe(401);
    // Kept in storage.session only: nothing in storage.local.
    expect(await fakeBrowser.storage.local.get()).toEqual({});
  });

  it('asks a SMART 1.x server for .read/.write scopes', async () => {
    server = await startOAuthServer({ redirectUri, permissionV2: false });
    await signInToFhirServer(smartEndpoint(server), followRedirectsTo(redirectUri));
    const scope = server.log.find((entry) => entry.path === '/authorize')!.params.scope!;
    expect(scope).toContain('user/Patient.read user/QuestionnaireResponse.read user/QuestionnaireResponse.write');
    expect(scope).not.toContain('.cruds');
  });

  it('refreshes an access token about to expire, once for concurrent callers, and the new token works', async () => {
    server = await startOAuthServer({ redirectUri, expiresIn: 30 });
    const endpoint = smartEndpoint(server);
    const first = await signInToFhirServer(endpoint, followRedirectsTo(redirectUri));
    server.expireAccessTokens();
    // Expires within the one-minute margin: every caller gets the refreshed token, one refresh.
    const [a, b] = await Promise.all([fhirAuthorization(endpoint), fhirAuthorization(endpoint)]);
    expect(a).toBe(b);
    expect(a).not.toBe(`Bearer ${first.accessToken}`);
    expect(server.log.filter((entry) => entry.params.grant_type === 'refresh_token')).toHaveLength(1);
    expect(await fhirRead(server, a)).toBe(200);
    // The rotated refresh token replaced the spent one.
    expect((await sessionStore.read())!.refreshToken).not.toBe(first.refreshToken);
  });

  it('ends the session when the server refuses the refresh token, so the clinician signs in again', async () => {
    server = await startOAuthServer({ redirectUri, expiresIn: 30 });
    const endpoint = smartEndpoint(server);
    await signInToFhirServer(endpoint, followRedirectsTo(redirectUri));
    server.revokeRefreshTokens();
    expect(await fhirAuthorization(endpoint)).toBeNull();
    expect(await sessionStore.read()).toBeNull();
  });

  it('refuses a redirect whose state is not the one Bridge sent, and stores nothing', async () => {
    server = await startOAuthServer({ redirectUri });
    const forged = async (url: string) => (await followRedirectsTo(redirectUri)(url)).replace(/state=[^&]+/, 'state=forged');
    await expect(signInToFhirServer(smartEndpoint(server), forged)).rejects.toThrow('state mismatch');
    expect(server.log.some((entry) => entry.path === '/token')).toBe(false);
    expect(await sessionStore.read()).toBeNull();
  });

  it('fails the code exchange when the verifier does not match the challenge (the server checks it)', async () => {
    server = await startOAuthServer({ redirectUri });
    const endpoint = smartEndpoint(server);
    // A code issued for another challenge (an intercepted code replayed into Bridge's flow).
    const stolen = async (url: string) => {
      const other = new URL(url);
      other.searchParams.set('code_challenge', 'A'.repeat(43));
      const redirected = new URL(await followRedirectsTo(redirectUri)(other.toString()));
      redirected.searchParams.set('state', new URL(url).searchParams.get('state')!);
      return redirected.toString();
    };
    await expect(signInToFhirServer(endpoint, stolen)).rejects.toThrow('invalid_grant');
    expect(await sessionStore.read()).toBeNull();
  });

  it('does not use a session made for another server or client, and forgets it on sign-out', async () => {
    server = await startOAuthServer({ redirectUri });
    const endpoint = smartEndpoint(server);
    await signInToFhirServer(endpoint, followRedirectsTo(redirectUri));
    expect(await fhirAuthorization({ ...endpoint, clientId: 'another-client' })).toBeNull();
    expect(await fhirAuthorization({ ...endpoint, baseUrl: `${server.origin}/other` })).toBeNull();
    await signOutOfFhirServer();
    expect(await fhirAuthorization(endpoint)).toBeNull();
  });
});

describe('fhirAuthorization with a bearer token', () => {
  it('returns the configured token and needs no sign-in', async () => {
    expect(await fhirAuthorization({ baseUrl: 'https://fhir.example.org/r4', patientIdentifierSystem: 'urn:oid:1', auth: 'bearer', bearerToken: 'abc' })).toBe('Bearer abc');
  });
});
