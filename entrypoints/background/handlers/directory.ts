import { browser } from 'wxt/browser';
import type { BridgeDatabase } from '@/lib/db/database';
import type { Handlers } from '@/lib/messaging/router';
import { createDirectoryService } from '../directory-service';
import { effectiveSettingsNow } from '../settings';

/** The treatment directory: search, status, imports and flags (entrypoints/background/directory-service.ts). */
export function directoryHandlers(db: BridgeDatabase): Handlers {
  const directory = createDirectoryService(db, {
    readBundled: (path) => fetch(browser.runtime.getURL(path)).then((response) => response.text()),
    clinicZip: async () => {
      const clinic = (await effectiveSettingsNow(db)).values.clinic;
      return clinic?.postalCode ?? null;
    },
    now: () => new Date(),
  });
  return {
    'directory.search': (request) => directory.search(request),
    'directory.status': () => directory.status(),
    'directory.import': (request) => directory.importFile(request),
    'directory.flag': ({ providerId, reason }) => directory.flag(providerId, reason),
    'directory.flags': () => directory.flags(),
    'directory.flagsCsv': () => directory.flagsCsv(),
  };
}
