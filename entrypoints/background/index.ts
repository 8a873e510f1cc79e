import { browser } from 'wxt/browser';
import { BridgeDatabase } from '@/lib/db/database';
import { routeMessage } from '@/lib/messaging/router';
import { createHandlers } from './handlers/index';
import { syncEhrContentScript } from './content-script-registration';
import { runRetention } from './handlers/records';
import { effectiveSettingsNow, followEffectiveSettings, policyAllowedHosts } from './settings';
import { EHR_GRANTS_KEY, forgetEhrGrants } from '@/lib/hosts/ehr-grants.browser';
import { startUpWork } from './start-up';
import type { SettingsSnapshot } from '@/lib/settings/merge';

const RETENTION_ALARM = 'bridge-retention';

// The service worker owns the database. Every listener is registered synchronously at start-up
// (Chrome only wakes a stopped worker for listeners that exist in its first turn), and nothing
// relies on a global surviving a restart: state lives in IndexedDB and storage.session.
// Work no message waits for (retention, the first settings read and content-script sync, the
// first sync run) starts once the first message is answered (./start-up.ts, README.md there).
export default defineBackground(() => {
  const db = new BridgeDatabase();
  const handlers = createHandlers(db);
  const ctx = { ownId: browser.runtime.id, ownOrigin: new URL(browser.runtime.getURL('/')).origin };

  browser.runtime.onMessage.addListener((raw, sender) =>
    routeMessage(raw, { extensionId: sender.id, url: sender.url, tabId: sender.tab?.id, documentId: (sender as { documentId?: string }).documentId }, handlers, ctx, (reason) =>
      console.warn(`[Bridge] ${reason}`),
    ).finally(startUpWork.messageAnswered),
  );
  browser.tabs.onRemoved.addListener((tabId) => void browser.storage.session.remove(`tab:${tabId}`));
  // The content script runs on hosts granted as EHRs (the clinic's list when policy sets one);
  // never on an origin granted only to reach the clinic's FHIR server or directory source.
  const notEhrUrls = (settings: SettingsSnapshot) => [settings.values.fhirEndpoint?.baseUrl, settings.values.directorySourceUrl];
  const syncContentScript = () => effectiveSettingsNow(db).then((settings) => syncEhrContentScript(policyAllowedHosts(settings), notEhrUrls(settings)));
  browser.permissions.onAdded.addListener(() => void syncContentScript());
  browser.permissions.onRemoved.addListener((removed) => {
    void forgetEhrGrants(removed.origins ?? []).then(syncContentScript);
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && Object.hasOwn(changes, EHR_GRANTS_KEY)) void syncContentScript();
  });
  browser.runtime.onInstalled.addListener(() => void syncContentScript());
  browser.runtime.onStartup.addListener(() => void syncContentScript());
  // Policy and local settings are followed live (a policy may arrive or change at any time);
  // what depends on them is re-applied when they change.
  followEffectiveSettings(db, async (settings, previous) => {
    const hosts = policyAllowedHosts(settings);
    if (!previous || JSON.stringify(hosts) !== JSON.stringify(policyAllowedHosts(previous))) await syncEhrContentScript(hosts, notEhrUrls(settings));
    if (previous && settings.values.retentionDays < previous.values.retentionDays) await runRetention(db);
  }, undefined, startUpWork);
  // The toolbar button opens the panel on the current tab (Chrome; Firefox has no side panel API).
  // Retention runs at every start-up and daily.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RETENTION_ALARM) void runRetention(db);
  });
  startUpWork.defer(() => browser.alarms.create(RETENTION_ALARM, { periodInMinutes: 24 * 60 }));
  startUpWork.defer(() => runRetention(db));
  startUpWork.defer(() => chrome.sidePanel?.setPanelBehavior({ openPanelOnActionClick: true }));
});
