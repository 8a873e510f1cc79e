import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorizeUrl, codeFromRedirect, SmartSignInError } from './authorize';
import { parseSmartConfiguration, SmartDiscoveryError, smartConfigurationUrl } from './discovery';
import { base64Url, createPkcePair, pkceChallenge } from './pkce';
import { bridgeScopes, SHARED_RESOURCES } from './scopes';
import { idTokenClaims, isExpired, needsRefresh, parseTokenResponse, REFRESH_MARGIN_MS, sessionFromTokens, SmartTokenError } from './token';

const CONFIG = {
  authorization_endpoint: 'https://auth.example.org/authorize',
  token_endpoint: 'https://auth.example.org/token',
  capabilities: ['launch-standalone', 'client-public', 'permission-v2'],
  code_challenge_methods_supported: ['S256'],
};

describe('discovery', () => {
  it('finds .well-known/smart-configuration under the FHIR base, with or without a slash', () => {
    expect(smartConfigurationUrl('https://fhir.example.org/r4')).toBe('https://fhir.example.org/r4/.well-known/smart-configuration');
    expect(smartConfigurationUrl('https://fhir.example.org/r4/')).toBe('https://fhir.example.org/r4/.well-known/smart-configuration');
  });

  it('reads the endpoints and whether the server speaks SMART v2 scopes', () => {
    expect(parseSmartConfiguration(CONFIG)).toEqual({
      authorizationEndpoint: CONFIG.authorization_endpoint,
      tokenEndpoint: CONFIG.token_endpoint,
      revocationEndpoint: null,
      capabilities: CONFIG.capabilities,
      permissionV2: true,
    });
    expect(parseSmartConfiguration({ ...CONFIG, capabilities: ['permission-v1'] }).permissionV2).toBe(false);
    // A 1.x document without capabilities or PKCE methods is still usable.
    const { capabilities: _c, code_challenge_methods_supported: _m, ...old } = CONFIG;
    expect(parseSmartConfiguration(old).permissionV2).toBe(false);
  });

  it('refuses a missing or plain-http endpoint and a server without S256, naming the problem', () => {
    expect(() => parseSmartConfiguration({ ...CONFIG, token_endpoint: undefined })).toThrow(/token_endpoint/);
    expect(() => parseSmartConfiguration({ ...CONFIG, authorization_endpoint: 'http://auth.example.org/a' })).toThrow(/authorization_endpoint must be an https/);
    expect(() => parseSmartConfiguration({ ...CONFIG, code_challenge_methods_supported: ['plain'] })).toThrow(/does not offer PKCE with S256 \(it lists plain\)/);
    expect(parseSmartConfiguration({ ...CONFIG, token_endpoint: 'http://127.0.0.1:9/token' }).tokenEndpoint).toBe('http://127.0.0.1:9/token');
  });

  it('throws only SmartDiscoveryError on any JSON (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        try {
          parseSmartConfiguration(json);
        } catch (error) {
          expect(error).toBeInstanceOf(SmartDiscoveryError);
        }
      }),
    );
  });
});

describe('PKCE', () => {
  it('matches the RFC 7636 appendix B example', async () => {
    expect(await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes 43-character verifiers whose challenge is BASE64URL(SHA256(verifier)) (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constant(null), async () => {
        const { verifier, challenge } = await createPkcePair();
        expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
      }),
      { numRuns: 50 },
    );
  });

  it('encodes any bytes as Node does (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array(), (bytes) => {
        expect(base64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      }),
    );
  });
});

describe('scopes', () => {
  it('asks user-level read/search of patients and full access to the shared resources, v2 or v1', () => {
    const v2 = bridgeScopes(true).split(' ');
    expect(v2).toContain('user/Patient.rs');
    expect(v2).not.toContain('user/Patient.cruds');
    for (const type of SHARED_RESOURCES) expect(v2).toContain(`user/${type}.cruds`);
    expect(v2.slice(-3)).toEqual(['offline_access', 'openid', 'fhirUser']);
    const v1 = bridgeScopes(false).split(' ');
    expect(v1).toContain('user/Patient.read');
    expect(v1).not.toContain('user/Patient.write');
    for (const type of SHARED_RESOURCES) expect(v1).toEqual(expect.arrayContaining([`user/${type}.read`, `user/${type}.write`]));
    expect(v1.some((scope) => /\.(c?r?u?d?s?)$/.test(scope) && !/\.(read|write)$/.test(scope) && scope.startsWith('user/'))).toBe(false);
  });
});

describe('authorization request and redirect', () => {
  const base = {
    authorizationEndpoint: 'https://auth.example.org/authorize?tenant=1',
    clientId: 'bridge',
    redirectUri: 'https://abc.chromiumapp.org/',
    scope: 'user/Patient.rs openid',
    state: 'st8',
    codeChallenge: 'ch',
    fhirBaseUrl: 'https://fhir.example.org/r4',
  };

  it('carries every parameter of a standalone launch, keeping the endpoint’s own query', () => {
    const url = new URL(authorizeUrl(base));
    expect(url.searchParams.get('tenant')).toBe('1');
    expect(Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'tenant'))).toEqual({
      response_type: 'code',
      client_id: 'bridge',
      redirect_uri: 'https://abc.chromiumapp.org/',
      scope: 'user/Patient.rs openid',
      state: 'st8',
      aud: 'https://fhir.example.org/r4',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
    });
  });

  it('round-trips any client id, state and scope through the URL (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.string(), (clientId, state, scope) => {
        const url = new URL(authorizeUrl({ ...base, clientId, state, scope }));
        expect([url.searchParams.get('client_id'), url.searchParams.get('state'), url.searchParams.get('scope')]).toEqual([clientId, state, scope]);
      }),
    );
  });

  it('takes the code only from a redirect to Bridge carrying the state it sent', () => {
    const expected = { redirectUri: base.redirectUri, state: 'st8' };
    expect(codeFromRedirect('https://abc.chromiumapp.org/?code=c0de&state=st8', expected)).toBe('c0de');
    expect(() => codeFromRedirect('https://abc.chromiumapp.org/?code=c0de&state=other', expected)).toThrow('state mismatch');
    expect(() => codeFromRedirect('https://abc.chromiumapp.org/?code=c0de', expected)).toThrow(SmartSignInError);
    expect(() => codeFromRedirect('https://evil.example/?code=c0de&state=st8', expected)).toThrow(/not Bridge's redirect address/);
    expect(() => codeFromRedirect('https://abc.chromiumapp.org/?error=access_denied&error_description=No&state=st8', expected)).toThrow('refused the sign-in: access_denied (No)');
    expect(() => codeFromRedirect('https://abc.chromiumapp.org/?state=st8', expected)).toThrow(/no authorization code/);
  });

  it('never accepts a state other than the one sent (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (sent, received) => {
        fc.pre(sent !== received);
        const url = new URL(base.redirectUri);
        url.searchParams.set('code', 'c');
        url.searchParams.set('state', received);
        expect(() => codeFromRedirect(url.toString(), { redirectUri: base.redirectUri, state: sent })).toThrow(SmartSignInError);
      }),
    );
  });
});

describe('tokens and the session', () => {
  const now = new Date('2026-11-23T15:00:00Z');
  const context = { fhirBaseUrl: 'https://fhir.example.org/r4', clientId: 'bridge', tokenEndpoint: 'https://auth.example.org/token', now };
  const idToken = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

  it('keeps the access token, refresh token, expiry and who signed in', () => {
    const tokens = parseTokenResponse(200, { access_token: 'at', token_type: 'bearer', expires_in: 300, scope: 'openid', refresh_token: 'rt', id_token: idToken({ name: 'Dr. Ada Test', sub: 'x' }) });
    expect(sessionFromTokens(tokens, context)).toEqual({ ...context, now: undefined, accessToken: 'at', refreshToken: 'rt', expiresAt: '2026-11-23T15:05:00.000Z', scope: 'openid', signedInAs: 'Dr. Ada Test' } as never);
  });

  it('keeps the previous refresh token and scope when a refresh answer leaves them out', () => {
    const previous = sessionFromTokens(parseTokenResponse(200, { access_token: 'a1', token_type: 'Bearer', scope: 's', refresh_token: 'r1', id_token: idToken({ fhirUser: 'Practitioner/1' }) }), context);
    const next = sessionFromTokens(parseTokenResponse(200, { access_token: 'a2', token_type: 'Bearer', expires_in: 60 }), { ...context, previous });
    expect(next).toMatchObject({ accessToken: 'a2', refreshToken: 'r1', scope: 's', signedInAs: 'Practitioner/1' });
  });

  it('refuses errors and non-Bearer tokens; invalid_grant means sign in again', () => {
    expect(() => parseTokenResponse(400, { error: 'invalid_grant', error_description: 'used' })).toThrow('The sign-in server answered 400 invalid_grant (used). Sign in again.');
    try {
      parseTokenResponse(400, { error: 'invalid_grant' });
    } catch (error) {
      expect((error as SmartTokenError).signInAgain).toBe(true);
    }
    try {
      parseTokenResponse(503, null);
    } catch (error) {
      expect((error as SmartTokenError).signInAgain).toBe(false);
    }
    expect(() => parseTokenResponse(200, { access_token: 'a', token_type: 'mac' })).toThrow(/token_type must be Bearer/);
    expect(() => parseTokenResponse(200, { token_type: 'Bearer' })).toThrow(/access_token/);
  });

  it('reads ID token claims without trusting them, and survives garbage', () => {
    expect(idTokenClaims(idToken({ name: 'Zoë' }))).toEqual({ name: 'Zoë' });
    expect(idTokenClaims('not-a-jwt')).toBeNull();
    expect(idTokenClaims('a.!!!.b')).toBeNull();
    expect(idTokenClaims(undefined)).toBeNull();
  });

  it('refreshes within the margin before expiry, and never for a token without expiry (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (msLeft) => {
        const session = { expiresAt: new Date(now.getTime() + msLeft).toISOString() };
        expect(needsRefresh(session, now)).toBe(msLeft <= REFRESH_MARGIN_MS);
        expect(isExpired(session, now)).toBe(msLeft <= 0);
        if (isExpired(session, now)) expect(needsRefresh(session, now)).toBe(true);
      }),
    );
    expect(needsRefresh({ expiresAt: null }, now)).toBe(false);
    expect(isExpired({ expiresAt: null }, now)).toBe(false);
  });
});
