/**
 * PKCE (RFC 7636) with S256, and the OAuth `state`, from Web Crypto: works the same in the
 * service worker, an extension page and Node 20.
 */

/** Bytes as base64url without padding (RFC 7636 appendix A). */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A fresh random string of `bytes` random bytes, base64url: 32 bytes give 43 characters. */
export function randomToken(bytes = 32, crypto: Crypto = globalThis.crypto): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** BASE64URL(SHA256(ASCII(verifier))), the S256 code challenge of a verifier. */
export async function pkceChallenge(verifier: string, crypto: Crypto = globalThis.crypto): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** A PKCE verifier (43 characters of [A-Za-z0-9-_], 256 bits of entropy) and its S256 challenge. */
export async function createPkcePair(crypto: Crypto = globalThis.crypto): Promise<{ verifier: string; challenge: string }> {
  const verifier = randomToken(32, crypto);
  return { verifier, challenge: await pkceChallenge(verifier, crypto) };
}
