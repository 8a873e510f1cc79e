import { browser } from 'wxt/browser';
import type { BridgeDatabase } from '@/lib/db/database';
import { SCREENINGS_UPDATED_KEY } from '@/lib/db/screening-record-store';
import type { Handlers } from '@/lib/messaging/router';
import type { PullReport } from '@/lib/sync/engine';
import { runSync, startSyncService, syncStatus } from '../sync-service';
import { syncConflictHandlers } from './sync-conflicts';

/**
 * Tells open side panels that a pull changed this patient's records, so the Screen pane reloads
 * its history: the pane reads the history when it opens, usually before the pull has finished.
 */
async function announcePulled(patientFingerprint: string | null, pulled: PullReport | null): Promise<void> {
  if (!patientFingerprint || !pulled || pulled.applied + pulled.merged === 0) return;
  await browser.storage.session.set({ [SCREENINGS_UPDATED_KEY]: { patientFingerprint, at: new Date().toISOString() } });
}

/**
 * Sharing with the clinic's FHIR server: the status bar's status, the pull when a patient is
 * opened, and "sync now". Also starts the sync service (alarm and change listener), because
 * createHandlers runs synchronously in the worker's first turn.
 */
export function syncHandlers(db: BridgeDatabase): Handlers {
  startSyncService(db);
  return {
    'sync.status': async ({ patientFingerprint }) => syncStatus(db, patientFingerprint),
    'sync.openPatient': async ({ patientFingerprint }) => {
      const pulled = await runSync(db, { patientFingerprint });
      await announcePulled(patientFingerprint, pulled);
      return syncStatus(db, patientFingerprint, pulled);
    },
    'sync.now': async ({ patientFingerprint }) => {
      const pulled = await runSync(db, { caseload: true, ...(patientFingerprint ? { patientFingerprint } : {}) });
      await announcePulled(patientFingerprint, pulled);
      return syncStatus(db, patientFingerprint, pulled);
    },
    ...syncConflictHandlers(db),
  };
}
