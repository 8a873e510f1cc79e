import { browser } from 'wxt/browser';
import { ehrScriptOrigins } from '@/lib/hosts/ehr-hosts';

const SCRIPT_ID = 'bridge-ehr';

/**
 * Registers the EHR content script for exactly the origins Bridge may run on, replacing any
 * earlier registration. Called on install, start-up and every permission change.
 */
export async function syncEhrContentScript(policyAllowedHosts: string[] | null = null): Promise<string[]> {
  const { origins = [] } = await browser.permissions.getAll();
  const matches = ehrScriptOrigins(origins, policyAllowedHosts);
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (matches.length > 0) {
    await browser.scripting.registerContentScripts([
      // document_start costs the page nothing measurable (shared/measured.md); the script only
      // registers listeners there and does its work in the page's idle time.
      { id: SCRIPT_ID, js: ['content-scripts/ehr.js'], matches, runAt: 'document_start', allFrames: false, persistAcrossSessions: true },
    ]);
  }
  return matches;
}
