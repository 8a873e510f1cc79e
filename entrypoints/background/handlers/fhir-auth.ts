import { browser } from 'wxt/browser';
import type { BridgeDatabase } from '@/lib/db/database';
import { originPatternFor } from '@/lib/hosts/ehr-hosts';
import type { FhirSessionSummary } from '@/lib/messaging/messages/fhir-auth';
import type { Handlers } from '@/lib/messaging/router';
import type { FhirEndpoint } from '@/lib/policy/schema';
import { sessionMatches, type SmartSession } from '@/lib/smart/token';
import { fhirRedirectUri, sessionStore, signInToFhirServer, signOutOfFhirServer, smartTokenOrigin } from '../fhir-auth';
import { effectiveSettingsNow } from '../settings';
import { appendAudit } from '@/lib/db/audit-store';

const summary = (session: SmartSession): FhirSessionSummary => ({ signedInAs: session.signedInAs, expiresAt: session.expiresAt, canRefresh: session.refreshToken !== null });

async function configuredEndpoint(db: BridgeDatabase): Promise<FhirEndpoint | null> {
  return (await effectiveSettingsNow(db)).values.fhirEndpoint;
}


/** Sign-in to the clinic FHIR server: status for the options page, sign in, sign out. */
export function fhirAuthHandlers(db: BridgeDatabase): Handlers {
  return {
    'fhirAuth.status': async () => {
      const endpoint = await configuredEndpoint(db);
      const pattern = endpoint ? originPatternFor(endpoint.baseUrl) : null;
      const hostGranted = pattern ? await browser.permissions.contains({ origins: [pattern] }) : false;
      let smart: { tokenPermissionPattern: string | null; problem: string | null } | null = null;
      if (endpoint?.auth === 'smart') {
        smart = { tokenPermissionPattern: null, problem: hostGranted ? null : 'Allow Bridge to reach the FHIR server first.' };
        if (hostGranted) {
          try {
            smart.tokenPermissionPattern = originPatternFor(await smartTokenOrigin(endpoint));
          } catch (error) {
            smart.problem = error instanceof Error ? error.message : String(error);
          }
        }
      }
      const session = await sessionStore.read();
      return {
        redirectUri: fhirRedirectUri(),
        hostGranted,
        smart,
        session: session && endpoint?.auth === 'smart' && sessionMatches(session, endpoint) ? summary(session) : null,
      };
    },
    'fhirAuth.signIn': async () => {
      const endpoint = await configuredEndpoint(db);
      if (!endpoint || endpoint.auth !== 'smart') throw new Error('No clinic FHIR server with SMART sign-in is configured.');
      const host = new URL(endpoint.baseUrl).host;
      try {
        const session = await signInToFhirServer(endpoint);
        await appendAudit(db, 'settings', null, `signed in to the clinic FHIR server ${host}${session.signedInAs ? ` as ${session.signedInAs}` : ''}`);
        return summary(session);
      } catch (error) {
        await appendAudit(db, 'settings', null, `sign-in to the clinic FHIR server ${host} failed: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
    },
    'fhirAuth.signOut': async () => {
      await signOutOfFhirServer();
      await appendAudit(db, 'settings', null, 'signed out of the clinic FHIR server');
      return { ok: true };
    },
  };
}
