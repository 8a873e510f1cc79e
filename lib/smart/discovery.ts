import { z } from 'zod';
import { isSecureUrl } from '../policy/schema';

/**
 * SMART on FHIR discovery: the server's `.well-known/smart-configuration` document, which names
 * its OAuth endpoints and what it supports (SMART App Launch 2.x, "Conformance"; 1.x servers
 * publish the same file). Only what Bridge's standalone launch needs is read; other fields pass.
 */

const endpointUrl = z.string().refine(isSecureUrl, { error: 'must be an https:// URL (http:// only on 127.0.0.1 or localhost)' });

const smartConfigurationSchema = z.looseObject({
  authorization_endpoint: endpointUrl,
  token_endpoint: endpointUrl,
  capabilities: z.array(z.string()).default([]),
  code_challenge_methods_supported: z.array(z.string()).optional(),
  grant_types_supported: z.array(z.string()).optional(),
  scopes_supported: z.array(z.string()).optional(),
  revocation_endpoint: endpointUrl.optional(),
  issuer: z.string().optional(),
});

/** What Bridge uses from a server's SMART configuration. */
export interface SmartConfiguration {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint: string | null;
  capabilities: string[];
  /** The server understands SMART v2 scopes (`user/Patient.rs`); otherwise v1 (`user/Patient.read`). */
  permissionV2: boolean;
}

/** A server whose SMART configuration Bridge cannot use, with what is wrong. */
export class SmartDiscoveryError extends Error {
  override readonly name = 'SmartDiscoveryError';
}

/** `<base>/.well-known/smart-configuration`, with or without a trailing slash on the base. */
export function smartConfigurationUrl(fhirBaseUrl: string): string {
  return `${fhirBaseUrl.replace(/\/+$/, '')}/.well-known/smart-configuration`;
}

/**
 * Validates a smart-configuration document. Throws `SmartDiscoveryError` naming the field when an
 * endpoint is missing or not https, or when the server says it does not do PKCE with S256
 * (SMART 2.x requires S256; a 1.x server that does not list its methods is given the benefit of
 * the doubt, since its token endpoint will refuse a bad verifier anyway). Never throws anything else.
 */
export function parseSmartConfiguration(json: unknown): SmartConfiguration {
  const result = smartConfigurationSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join('.') || 'the document';
    throw new SmartDiscoveryError(
      `The server's SMART configuration cannot be used: ${where} ${issue?.message ?? 'is not valid'}. Ask the server's administrator to check .well-known/smart-configuration.`,
    );
  }
  const config = result.data;
  const methods = config.code_challenge_methods_supported;
  if (methods && !methods.includes('S256')) {
    throw new SmartDiscoveryError(
      `The server does not offer PKCE with S256 (it lists ${methods.length ? methods.join(', ') : 'no method'}); Bridge signs in only with S256.`,
    );
  }
  return {
    authorizationEndpoint: config.authorization_endpoint,
    tokenEndpoint: config.token_endpoint,
    revocationEndpoint: config.revocation_endpoint ?? null,
    capabilities: config.capabilities,
    permissionV2: config.capabilities.includes('permission-v2'),
  };
}
