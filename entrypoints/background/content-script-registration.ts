import { browser } from 'wxt/browser';
import { grantedAsEhr } from '@/lib/hosts/ehr-grants.browser';
import { ehrScriptOrigins } from '@/lib/hosts/ehr-hosts';

const SCRIPT_ID = 'bridge-ehr';

// Install, start-up, a permission change and a policy change can each ask at the same moment;
// one registration at a time keeps two of them from registering the same script id twice.
let pending: Promise<unknown> = Promise.resolve();

/**
 * Registers the EHR content script for exactly the origins Bridge may run on (granted origins
 * that were granted as EHRs, or that the clinic's policy lists when it sets `policyAllowedHosts`),
 * replacing any earlier registration. `notEhrUrls` (the FHIR server, the directory source) only
 * matter once, when a machine from before EHR grants were recorded is first seeded. Called on
 * install, start-up, every permission change, every EHR grant and every policy change.
 */
export function syncEhrContentScript(policyAllowedHosts: string[] | null = null, notEhrUrls: (string | null | undefined)[] = []): Promise<string[]> {
  const run = pending.then(() => registerFor(policyAllowedHosts, notEhrUrls));
  pending = run.catch(() => undefined);
  return run;
}

async function registerFor(policyAllowedHosts: string[] | null, notEhrUrls: (string | null | undefined)[]): Promise<string[]> {
  const { origins = [] } = await browser.permissions.getAll();
  const matches = ehrScriptOrigins(origins, policyAllowedHosts, await grantedAsEhr(origins, notEhrUrls));
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (matches.length > 0) {
    await browser.scripting.registerContentScripts([
      // A tiny script at document_start costs the page nothing measurable (shared/measured.md);
      // it only registers listeners there, and asks for the page script (ehr.start) once the page
      // has loaded and is idle.
      { id: SCRIPT_ID, js: ['ehr-boot.js'], matches, runAt: 'document_start', allFrames: false, persistAcrossSessions: true },
    ]);
  }
  return matches;
}
