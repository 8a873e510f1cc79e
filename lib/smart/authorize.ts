/**
 * The standalone launch's two URLs: the authorization request Bridge opens in
 * `identity.launchWebAuthFlow`, and the redirect the server sends back (SMART App Launch 2.x,
 * "Obtain authorization code"; RFC 6749 4.1; RFC 7636).
 */

/** Everything the authorization request carries. */
export interface AuthorizeRequest {
  authorizationEndpoint: string;
  clientId: string;
  /** `https://<extension-id>.chromiumapp.org/`, registered with the server for Bridge. */
  redirectUri: string;
  scope: string;
  state: string;
  codeChallenge: string;
  /** The FHIR base URL the token is for (SMART's `aud`). */
  fhirBaseUrl: string;
}

/** The URL of the authorization request (response_type=code, PKCE S256, state, aud). */
export function authorizeUrl(request: AuthorizeRequest): string {
  const url = new URL(request.authorizationEndpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    scope: request.scope,
    state: request.state,
    aud: request.fhirBaseUrl,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/** The sign-in did not end with a code Bridge can use; `reason` says why in words. */
export class SmartSignInError extends Error {
  override readonly name = 'SmartSignInError';
}

/**
 * The authorization code from the URL the server redirected to. Throws `SmartSignInError` when
 * the redirect is not to Bridge's redirect URI, carries an OAuth error, lacks a code, or carries
 * a `state` other than the one Bridge sent (a forged or replayed response: CSRF, RFC 6749 10.12).
 */
export function codeFromRedirect(redirectedTo: string, expected: { redirectUri: string; state: string }): string {
  let url: URL;
  try {
    url = new URL(redirectedTo);
  } catch {
    throw new SmartSignInError('The sign-in ended on an address Bridge cannot read. Nothing was stored; try again.');
  }
  const home = new URL(expected.redirectUri);
  if (url.origin !== home.origin || url.pathname !== home.pathname) {
    throw new SmartSignInError(`The sign-in ended on ${url.origin}, not Bridge's redirect address. Nothing was stored.`);
  }
  const params = url.searchParams;
  if (params.get('state') !== expected.state) {
    throw new SmartSignInError('The server’s answer did not carry the sign-in Bridge started (state mismatch). Nothing was stored; try again.');
  }
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description');
    throw new SmartSignInError(`The server refused the sign-in: ${error}${description ? ` (${description})` : ''}.`);
  }
  const code = params.get('code');
  if (!code) throw new SmartSignInError('The server’s answer carried no authorization code. Nothing was stored; try again.');
  return code;
}
