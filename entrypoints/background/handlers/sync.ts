import type { BridgeDatabase } from '@/lib/db/database';
import type { Handlers } from '@/lib/messaging/router';
import { runSync, startSyncService, syncStatus } from '../sync-service';

/**
 * Sharing with the clinic's FHIR server: the status bar's status, the pull when a patient is
 * opened, and "sync now". Also starts the sync service (alarm and change listener), because
 * createHandlers runs synchronously in the worker's first turn.
 */
export function syncHandlers(db: BridgeDatabase): Handlers {
  startSyncService(db);
  return {
    'sync.status': async ({ patientFingerprint }) => syncStatus(db, patientFingerprint),
    'sync.openPatient': async ({ patientFingerprint }) => syncStatus(db, patientFingerprint, await runSync(db, { patientFingerprint })),
    'sync.now': async ({ patientFingerprint }) => {
      const pulled = await runSync(db, { caseload: true, ...(patientFingerprint ? { patientFingerprint } : {}) });
      return syncStatus(db, patientFingerprint, pulled);
    },
  };
}
