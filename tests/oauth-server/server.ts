import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OAuth 2.0 authorization server with SMART discovery, on 127.0.0.1, for the sign-in
 * tests: `/fhir/.well-known/smart-configuration`, `/authorize` (signs a fixed test clinician in
 * at once and redirects with a code bound to the PKCE challenge), `/token` (authorization_code
 * with the verifier checked against the challenge, and refresh_token with rotation), and one
 * protected FHIR read, `/fhir/Patient`, that accepts only a live access token. It is strict where
 * a real server is: registered client id and redirect URI, single-use codes, S256 only.
 */

export interface OAuthServerOptions {
  clientId?: string;
  /** The redirect URI registered for the client; `/authorize` refuses any other. */
  redirectUri: string;
  /** Seconds an access token lives. */
  expiresIn?: number;
  /** Advertise SMART v2 scopes (`permission-v2`); otherwise a 1.x server. */
  permissionV2?: boolean;
  /** Leave out the refresh token (no offline_access). */
  noRefreshToken?: boolean;
}

export interface OAuthRequestLog {
  method: string;
  path: string;
  params: Record<string, string>;
  authorization: string | undefined;
  origin: string | undefined;
}

interface IssuedCode {
  challenge: string;
  clientId: string;
  redirectUri: string;
  scope: string;
}

const base64Url = (bytes: Buffer) => bytes.toString('base64url');

/** Starts the server on an ephemeral port of 127.0.0.1 (or `host`). */
export async function startOAuthServer(options: OAuthServerOptions, host = '127.0.0.1') {
  const clientId = options.clientId ?? 'bridge-test-client';
  const expiresIn = options.expiresIn ?? 3600;
  const codes = new Map<string, IssuedCode>();
  const accessTokens = new Map<string, number>();
  const refreshTokens = new Map<string, { clientId: string; scope: string }>();
  const log: OAuthRequestLog[] = [];
  let origin = '';

  const issueTokens = (scope: string) => {
    const access = base64Url(randomBytes(24));
    accessTokens.set(access, Date.now() + expiresIn * 1000);
    const body: Record<string, unknown> = { access_token: access, token_type: 'Bearer', expires_in: expiresIn, scope };
    if (!options.noRefreshToken && scope.split(' ').includes('offline_access')) {
      const refresh = base64Url(randomBytes(24));
      refreshTokens.set(refresh, { clientId, scope });
      body.refresh_token = refresh;
    }
    if (scope.split(' ').includes('openid')) {
      const claims = { iss: `${origin}/fhir`, sub: 'clinician-1', aud: clientId, name: 'Dr. Ada Test', fhirUser: `${origin}/fhir/Practitioner/clinician-1` };
      body.id_token = `${base64Url(Buffer.from('{"alg":"none"}'))}.${base64Url(Buffer.from(JSON.stringify(claims)))}.`;
    }
    return body;
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers }).end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, rawBody: string) => {
    const url = new URL(req.url ?? '/', origin);
    const params = Object.fromEntries(req.method === 'POST' ? new URLSearchParams(rawBody) : url.searchParams);
    log.push({ method: req.method ?? '', path: url.pathname, params, authorization: req.headers.authorization, origin: req.headers.origin });
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();

    if (req.method === 'GET' && url.pathname === '/fhir/.well-known/smart-configuration') {
      return send(res, 200, {
        issuer: `${origin}/fhir`,
        authorization_endpoint: `${origin}/authorize`,
        token_endpoint: `${origin}/token`,
        grant_types_supported: ['authorization_code', 'refresh_token'],
        code_challenge_methods_supported: ['S256'],
        capabilities: ['launch-standalone', 'client-public', 'context-standalone-patient', 'sso-openid-connect', ...(options.permissionV2 === false ? ['permission-v1'] : ['permission-v2', 'permission-v1'])],
      });
    }

    if (req.method === 'GET' && url.pathname === '/authorize') {
      const problem =
        params.response_type !== 'code' ? 'unsupported_response_type'
        : params.client_id !== clientId ? 'unauthorized_client'
        : params.code_challenge_method !== 'S256' || !params.code_challenge ? 'invalid_request'
        : params.aud !== `${origin}/fhir` ? 'invalid_request'
        : null;
      // An unregistered redirect URI must never be redirected to (RFC 6749 4.1.2.1).
      if (params.redirect_uri !== options.redirectUri) return send(res, 400, { error: 'invalid_request', error_description: 'redirect_uri is not registered' });
      const back = new URL(options.redirectUri);
      if (params.state) back.searchParams.set('state', params.state);
      if (problem) {
        back.searchParams.set('error', problem);
      } else {
        const code = base64Url(randomBytes(16));
        codes.set(code, { challenge: params.code_challenge!, clientId, redirectUri: params.redirect_uri, scope: params.scope ?? '' });
        back.searchParams.set('code', code);
      }
      res.writeHead(302, { Location: back.toString() }).end();
      return;
    }

    if (req.method === 'POST' && url.pathname === '/token') {
      if (params.client_id !== clientId) return send(res, 401, { error: 'invalid_client' });
      if (params.grant_type === 'authorization_code') {
        const issued = codes.get(params.code ?? '');
        codes.delete(params.code ?? '');
        if (!issued) return send(res, 400, { error: 'invalid_grant', error_description: 'unknown or used code' });
        if (issued.redirectUri !== params.redirect_uri) return send(res, 400, { error: 'invalid_grant', error_description: 'redirect_uri differs' });
        const challenge = base64Url(createHash('sha256').update(params.code_verifier ?? '').digest());
        if (challenge !== issued.challenge) return send(res, 400, { error: 'invalid_grant', error_description: 'PKCE verifier does not match the challenge' });
        return send(res, 200, issueTokens(issued.scope));
      }
      if (params.grant_type === 'refresh_token') {
        const grant = refreshTokens.get(params.refresh_token ?? '');
        // Rotation: a refresh token works once.
        refreshTokens.delete(params.refresh_token ?? '');
        if (!grant) return send(res, 400, { error: 'invalid_grant', error_description: 'unknown or used refresh token' });
        return send(res, 200, issueTokens(grant.scope));
      }
      return send(res, 400, { error: 'unsupported_grant_type' });
    }

    if (req.method === 'GET' && url.pathname === '/fhir/Patient') {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const until = token ? accessTokens.get(token) : undefined;
      if (!until || until < Date.now()) return send(res, 401, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] });
      return send(res, 200, { resourceType: 'Bundle', type: 'searchset', total: 0 });
    }
    send(res, 404, { error: 'not found' });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    fhirBaseUrl: `${origin}/fhir`,
    clientId,
    log,
    /** Ends every access token now (as if they had expired), keeping refresh tokens. */
    expireAccessTokens: () => accessTokens.clear(),
    /** Revokes every refresh token (as an administrator ending the clinician's sessions). */
    revokeRefreshTokens: () => refreshTokens.clear(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type OAuthServer = Awaited<ReturnType<typeof startOAuthServer>>;

/**
 * Stands in for `identity.launchWebAuthFlow` in Node: requests the authorization URL and
 * follows redirects until one points at `redirectUri`, whose URL it returns (what Chrome does
 * when the auth window reaches `https://<id>.chromiumapp.org/`).
 */
export function followRedirectsTo(redirectUri: string): (url: string) => Promise<string> {
  return async (url) => {
    let next = url;
    for (let hop = 0; hop < 5; hop += 1) {
      if (next.startsWith(redirectUri)) return next;
      const response = await fetch(next, { redirect: 'manual' });
      const location = response.headers.get('location');
      if (!location) throw new Error(`The authorization server answered ${response.status} without a redirect.`);
      next = new URL(location, next).toString();
    }
    throw new Error('Too many redirects.');
  };
}
