import Dexie, { type Table } from 'dexie';

/** A local setting the clinician changed on this machine (policy values are never stored here). */
export interface SettingRecord {
  key: string;
  value: unknown;
  updatedAt: string;
}

/** A "not now" on the screening prompt for one patient, until `until` (ISO date-time). */
export interface SnoozeRecord {
  patientFingerprint: string;
  until: string;
}

/** One append-only entry of who did what to which patient record. */
export interface AuditRecord {
  seq?: number;
  at: string;
  action: string;
  patientFingerprint: string | null;
  detail: string;
}

export const DATABASE_NAME = 'bridge';

/**
 * Bridge's IndexedDB database. It lives in the extension's origin (service worker and extension
 * pages) and never in a content script, where IndexedDB would belong to the EHR's origin.
 * Every schema change is a new `version()` with an upgrade function; older versions stay
 * declared so that a database created by any earlier release upgrades in place.
 */
export class BridgeDatabase extends Dexie {
  settings!: Table<SettingRecord, string>;
  snoozes!: Table<SnoozeRecord, string>;
  audit!: Table<AuditRecord, number>;

  constructor(name = DATABASE_NAME) {
    super(name);
    this.version(1).stores({
      settings: 'key',
      snoozes: 'patientFingerprint',
      audit: '++seq, at, patientFingerprint, action',
    });
  }
}
