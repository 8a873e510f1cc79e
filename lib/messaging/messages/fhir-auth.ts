import { z } from 'zod';
import { okReply, lazySchema, spec } from '../spec';

/** The clinician's SMART session with the clinic FHIR server, as the options page shows it (no token). */
export const fhirSessionSummarySchema = lazySchema(() => z.object({
  signedInAs: z.string().nullable(),
  /** When the access token expires (ISO), or null when the server did not say. */
  expiresAt: z.string().nullable(),
  /** A refresh token is held, so Bridge renews the access token on its own until it is refused. */
  canRefresh: z.boolean(),
}));
export type FhirSessionSummary = z.infer<typeof fhirSessionSummarySchema>;

/** Where the connection to the clinic FHIR server stands; never carries a token. */
export const fhirAuthStatusSchema = lazySchema(() => z.object({
  /** The redirect URI to register for Bridge with the SMART server. */
  redirectUri: z.string(),
  /** Bridge holds the host permission for the FHIR server's origin. */
  hostGranted: z.boolean(),
  /** For a SMART endpoint whose origin is granted: the sign-in server's origin pattern, or why it is unknown. */
  smart: z.object({ tokenPermissionPattern: z.string().nullable(), problem: z.string().nullable() }).nullable(),
  session: fhirSessionSummarySchema.nullable(),
}));
export type FhirAuthStatus = z.infer<typeof fhirAuthStatusSchema>;

/** Messages of signing in to the clinic FHIR server (issue 11). Options page only. */
export const fhirAuthMessages = {
  'fhirAuth.status': spec(['extension'], () => z.object({}), () => fhirAuthStatusSchema),
  /** SMART standalone launch in an auth window; the reply says who signed in, never the token. */
  'fhirAuth.signIn': spec(['extension'], () => z.object({}), () => fhirSessionSummarySchema),
  'fhirAuth.signOut': spec(['extension'], () => z.object({}), () => okReply),
} as const;
