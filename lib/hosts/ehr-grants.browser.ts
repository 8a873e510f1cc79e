import { browser } from 'wxt/browser';
import { firstEhrGrants } from './ehr-hosts';

/**
 * The browser edge of "which granted origins are EHRs": a list of origin patterns in
 * `storage.local` key `ehrGrants`, written when the user grants an EHR site on the options page
 * and read by the background when it registers the EHR script. A host permission alone says
 * only that Bridge may reach an origin, not why (the clinic's FHIR server needs one too).
 */

/** The `storage.local` key holding the EHR grants. */
export const EHR_GRANTS_KEY = 'ehrGrants';

function asList(value: unknown): string[] | null {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : null;
}

/** The origins granted as EHRs, or null when nothing was ever recorded (a machine from before). */
export async function readEhrGrants(): Promise<string[] | null> {
  return asList((await browser.storage.local.get(EHR_GRANTS_KEY))[EHR_GRANTS_KEY]);
}

async function update(change: (grants: string[]) => string[]): Promise<void> {
  const grants = (await readEhrGrants()) ?? [];
  await browser.storage.local.set({ [EHR_GRANTS_KEY]: [...new Set(change(grants))].sort() });
}

/**
 * Records that `pattern` is an EHR. Call it in the same click as `permissions.request`, before
 * the prompt: the background re-registers on both the grant and this change.
 */
export function recordEhrGrant(pattern: string): Promise<void> {
  return update((grants) => [...grants, pattern]);
}

/** Forgets that these patterns are EHRs (their access was removed or refused). */
export function forgetEhrGrants(patterns: readonly string[]): Promise<void> {
  return update((grants) => grants.filter((grant) => !patterns.includes(grant)));
}

/**
 * The origins the EHR script may run on without policy: recorded EHR grants plus the build's
 * own host permissions (the demo EHR in a demo build). On the first run after an update, seeds
 * the record from what was granted, leaving out the FHIR server and directory source origins.
 */
export async function grantedAsEhr(grantedOrigins: readonly string[], notEhrUrls: readonly (string | null | undefined)[]): Promise<string[]> {
  let grants = await readEhrGrants();
  if (grants === null) {
    grants = firstEhrGrants(grantedOrigins, notEhrUrls);
    await browser.storage.local.set({ [EHR_GRANTS_KEY]: grants });
  }
  const declared = browser.runtime.getManifest().host_permissions ?? [];
  return [...new Set([...grants, ...declared])];
}
