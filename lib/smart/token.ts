import { z } from 'zod';

/**
 * The token endpoint's requests and answers (RFC 6749 4.1.3, 6; SMART App Launch 2.x), and the
 * session Bridge keeps from them: which server and client it is for, the access token, the
 * refresh token, when it expires and who signed in.
 */

/** A successful token response. `token_type` must be Bearer; other fields pass through. */
export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i, { error: 'must be Bearer' }),
  expires_in: z.number().positive().optional(),
  scope: z.string().optional(),
  refresh_token: z.string().min(1).optional(),
  id_token: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** What Bridge keeps after signing in (in `storage.session`, never on disk). */
export const smartSessionSchema = z.object({
  fhirBaseUrl: z.string(),
  clientId: z.string(),
  tokenEndpoint: z.string(),
  accessToken: z.string().min(1),
  refreshToken: z.string().nullable(),
  /** ISO time the access token stops working, or null when the server did not say. */
  expiresAt: z.string().nullable(),
  scope: z.string(),
  /** Who signed in, for display only: from the ID token's fhirUser/name/sub, not verified. */
  signedInAs: z.string().nullable(),
});
export type SmartSession = z.infer<typeof smartSessionSchema>;

/** The token endpoint answered something other than a usable token. */
export class SmartTokenError extends Error {
  override readonly name = 'SmartTokenError';
  constructor(
    message: string,
    /** True when the grant itself is no good (invalid_grant): sign in again, do not retry. */
    readonly signInAgain: boolean,
  ) {
    super(message);
  }
}

/** Form body exchanging an authorization code, with the PKCE verifier (public client). */
export function codeExchangeBody(args: { code: string; redirectUri: string; codeVerifier: string; clientId: string }): URLSearchParams {
  return new URLSearchParams({ grant_type: 'authorization_code', code: args.code, redirect_uri: args.redirectUri, code_verifier: args.codeVerifier, client_id: args.clientId });
}

/** Form body trading a refresh token for a new access token. */
export function refreshBody(args: { refreshToken: string; clientId: string }): URLSearchParams {
  return new URLSearchParams({ grant_type: 'refresh_token', refresh_token: args.refreshToken, client_id: args.clientId });
}

/**
 * Reads the token endpoint's answer. Throws `SmartTokenError` for an OAuth error (invalid_grant
 * means the code or refresh token is spent or revoked: `signInAgain`) or a body that is not a
 * Bearer token. `status` is the HTTP status, `body` the parsed JSON (or null).
 */
export function parseTokenResponse(status: number, body: unknown): TokenResponse {
  if (status < 200 || status >= 300) {
    const error = typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string' ? (body as { error: string }).error : null;
    const description = typeof (body as { error_description?: unknown } | null)?.error_description === 'string' ? (body as { error_description: string }).error_description : null;
    const signInAgain = error === 'invalid_grant' || error === 'invalid_client' || error === 'unauthorized_client';
    throw new SmartTokenError(
      `The sign-in server answered ${status}${error ? ` ${error}` : ''}${description ? ` (${description})` : ''}.${signInAgain ? ' Sign in again.' : ''}`,
      signInAgain,
    );
  }
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SmartTokenError(`The sign-in server's answer is not a usable token: ${issue?.path.join('.') || 'body'} ${issue?.message ?? 'is not valid'}.`, false);
  }
  return parsed.data;
}

/** The ID token's claims, decoded but NOT verified: used only to show who signed in. */
export function idTokenClaims(idToken: string | undefined): Record<string, unknown> | null {
  const payload = idToken?.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const claims: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function signedInAs(claims: Record<string, unknown> | null): string | null {
  for (const key of ['name', 'fhirUser', 'preferred_username', 'sub']) {
    const value = claims?.[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 200);
  }
  return null;
}

/**
 * The session to keep after a token response. A refresh answer that omits the refresh token or
 * the scope keeps the previous ones (RFC 6749 6: the server MAY issue a new refresh token).
 */
export function sessionFromTokens(
  tokens: TokenResponse,
  context: { fhirBaseUrl: string; clientId: string; tokenEndpoint: string; now: Date; previous?: SmartSession | null },
): SmartSession {
  const previous = context.previous ?? null;
  return {
    fhirBaseUrl: context.fhirBaseUrl,
    clientId: context.clientId,
    tokenEndpoint: context.tokenEndpoint,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? previous?.refreshToken ?? null,
    expiresAt: tokens.expires_in === undefined ? null : new Date(context.now.getTime() + tokens.expires_in * 1000).toISOString(),
    scope: tokens.scope ?? previous?.scope ?? '',
    signedInAs: signedInAs(idTokenClaims(tokens.id_token)) ?? previous?.signedInAs ?? null,
  };
}

/** Refresh this long before the access token expires, so no request goes out with a dying token. */
export const REFRESH_MARGIN_MS = 60_000;

/** True when the access token expires within `marginMs` of `now` (never for a token without expiry). */
export function needsRefresh(session: Pick<SmartSession, 'expiresAt'>, now: Date, marginMs = REFRESH_MARGIN_MS): boolean {
  if (session.expiresAt === null) return false;
  return Date.parse(session.expiresAt) - now.getTime() <= marginMs;
}

/** True when the access token has expired at `now`. */
export function isExpired(session: Pick<SmartSession, 'expiresAt'>, now: Date): boolean {
  return session.expiresAt !== null && Date.parse(session.expiresAt) <= now.getTime();
}

/** True when the session was made for this server and client (a changed setting ends it). */
export function sessionMatches(session: Pick<SmartSession, 'fhirBaseUrl' | 'clientId'>, endpoint: { baseUrl: string; clientId?: string | undefined }): boolean {
  return session.fhirBaseUrl === endpoint.baseUrl && session.clientId === endpoint.clientId;
}
