import { browser } from 'wxt/browser';
import type { BridgeDatabase } from '@/lib/db/database';
import type { Handlers } from '@/lib/messaging/router';
import { createDirectoryService, fetchDirectoryUrl, type DirectoryService } from '../directory-service';
import { effectiveSettingsNow } from '../settings';

/** Checked hourly; a download happens only when the policy's `directoryRefreshHours` have passed. */
export const DIRECTORY_REFRESH_ALARM = 'bridge-directory-refresh';
/** storage.local key: when the last download from `directorySourceUrl` was tried (ms since epoch). */
const LAST_REFRESH_KEY = 'directory:lastRefreshAt';

let refreshListener: ((alarm: { name: string }) => void) | null = null;

/** Downloads the clinic's directory if its policy names a URL and the refresh interval has passed. */
async function refreshIfDue(db: BridgeDatabase, directory: DirectoryService): Promise<void> {
  const { directorySourceUrl, directoryRefreshHours } = (await effectiveSettingsNow(db)).values;
  if (!directorySourceUrl) return;
  const last = (await browser.storage.local.get(LAST_REFRESH_KEY))[LAST_REFRESH_KEY];
  if (typeof last === 'number' && Date.now() - last < directoryRefreshHours * 3_600_000) return;
  await browser.storage.local.set({ [LAST_REFRESH_KEY]: Date.now() });
  const { outcome, message } = await directory.refreshFromUrl(directorySourceUrl);
  await db.audit.add({ at: new Date().toISOString(), action: 'directory-refresh', patientFingerprint: null, detail: `${outcome}: ${message}`.slice(0, 500) });
}

/**
 * The treatment directory: search, status, imports and flags (entrypoints/background/directory-service.ts).
 * Also registers the refresh alarm's listener: createHandlers runs in the worker's first turn.
 */
export function directoryHandlers(db: BridgeDatabase): Handlers {
  const directory = createDirectoryService(db, {
    readBundled: (path) => fetch(browser.runtime.getURL(path)).then(async (response) => new Uint8Array(await response.arrayBuffer())),
    clinicZip: async () => (await effectiveSettingsNow(db)).values.clinic?.postalCode ?? null,
    now: () => new Date(),
    fetchUrl: fetchDirectoryUrl,
  });
  if (!refreshListener && browser.alarms?.onAlarm) {
    refreshListener = (alarm) => {
      if (alarm.name === DIRECTORY_REFRESH_ALARM) void refreshIfDue(db, directory);
    };
    browser.alarms.onAlarm.addListener(refreshListener);
    void browser.alarms.create(DIRECTORY_REFRESH_ALARM, { delayInMinutes: 1, periodInMinutes: 60 });
  }
  return {
    'directory.search': (request) => directory.search(request),
    'directory.status': () => directory.status(),
    'directory.import': (request) => directory.importFile(request),
    'directory.flag': ({ providerId, reason }) => directory.flag(providerId, reason),
    'directory.flags': () => directory.flags(),
    'directory.flagsCsv': () => directory.flagsCsv(),
  };
}
