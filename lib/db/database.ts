import Dexie, { type Table } from 'dexie';
import type { PackedDirectory } from '../directory/packed';
import { rebuildRegistrySummaries, registrySummaryMiddleware, type RegistrySummaryBucket } from './registry-summary';

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

/** The patient as last seen on an EHR page, so lists (registry, referrals) can name them. */
export interface PatientRecord {
  fingerprint: string;
  name: string;
  birthDate: string | null;
  sex: string;
  postalCode: string | null;
  mrn: string | null;
  lastSeenAt: string;
}

/** A completed screening: answers kept with the instrument version so it can be re-scored. */
export interface ScreeningRecord {
  id: string;
  patientFingerprint: string;
  instrumentId: string;
  instrumentVersion: string;
  answers: Record<string, string | number>;
  /** The engine's complete result at the time (score, risk level, action, rationale...). */
  result: Record<string, unknown>;
  mode: 'clinician' | 'self';
  completedAt: string;
}

/** Work in progress that belongs to exactly one patient: a screening, a referral, a plan edit. */
export interface DraftRecord {
  /** `${kind}:${patientFingerprint}` — one draft of a kind per patient. */
  id: string;
  kind: string;
  patientFingerprint: string;
  data: Record<string, unknown>;
  updatedAt: string;
}

/** A record owned by one capability (referral, consent, care plan...), stored as validated JSON. */
export interface PatientOwnedRecord {
  id: string;
  patientFingerprint: string;
  updatedAt: string;
  [field: string]: unknown;
}

/** The active or previous directory, stored as one compact record (shared/measured.md: ~60x faster than a row per facility). */
export interface DirectoryRecord {
  slot: 'active' | 'previous';
  version: string;
  source: string;
  importedAt: string;
  providerCount: number;
  /** Compact JSON of the directory, as stored by Bridge before the packed form (read, then replaced by `packed`). */
  compact?: string;
  /** The directory packed for a fast worker start (lib/directory/packed.ts). */
  packed?: PackedDirectory;
  etag?: string | null;
}

/** A clinician's note that a directory listing is wrong. */
export interface DirectoryFlagRecord {
  id?: number;
  providerId: string;
  reason: string;
  at: string;
}

/** A record waiting to be written to the clinic's FHIR server (lib/sync): one entry per record, the newest wins. */
export interface OutboxRecord {
  /** `${kind}:${recordId}`, e.g. `screening:2f1c…`. */
  key: string;
  kind: string;
  recordId: string;
  patientFingerprint: string;
  queuedAt: string;
  /** pending: to send; blocked: no covering consent or no matched patient; failed: gave up until the next change or retry; conflict: waits for the clinician. */
  state: 'pending' | 'blocked' | 'failed' | 'conflict';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  /** Hash of the record when it last failed or was blocked: only a change re-queues it. */
  hash?: string;
}

/** What the server holds for one pushed or pulled resource of a local record. */
export interface SyncLinkRecord {
  /** `${kind}:${recordId}:${part}`, e.g. `referral:r1:task`. */
  key: string;
  kind: string;
  recordId: string;
  part: string;
  patientFingerprint: string;
  resourceType: string;
  serverId: string;
  versionId: string;
  /** Hash of the local record's content as last agreed with the server (pushed or pulled). */
  syncedHash: string;
  /** The local record as last agreed with the server: the base of a three-way merge. */
  base: unknown;
  syncedAt: string;
}

/** A patient of this machine matched to a Patient on the clinic's server by MRN. */
export interface SyncPatientRecord {
  fingerprint: string;
  serverId: string;
  mrn: string;
  linkedAt: string;
}

/** Something the sync could not merge: both sides changed the same field. Shown to the clinician. */
export interface SyncConflictRecord {
  id: string;
  key: string;
  kind: string;
  recordId: string;
  patientFingerprint: string;
  at: string;
  fields: { path: string; local: unknown; remote: unknown }[];
  resolved: boolean;
}

/** Sync bookkeeping (watermarks, last outcome), key → value. */
export interface SyncStateRecord {
  key: string;
  value: unknown;
}

export const DATABASE_NAME = 'bridge';

/**
 * Bridge's IndexedDB database. It lives in the extension's origin (service worker and extension
 * pages) and never in a content script, where IndexedDB would belong to the EHR's origin.
 * Every schema change is a new `version()` with an upgrade function where data must move; older
 * versions stay declared so that a database created by any earlier release upgrades in place
 * (lib/db/database.test.ts creates each earlier version with data and upgrades it).
 */
export class BridgeDatabase extends Dexie {
  settings!: Table<SettingRecord, string>;
  snoozes!: Table<SnoozeRecord, string>;
  audit!: Table<AuditRecord, number>;
  patients!: Table<PatientRecord, string>;
  screenings!: Table<ScreeningRecord, string>;
  drafts!: Table<DraftRecord, string>;
  referrals!: Table<PatientOwnedRecord, string>;
  consents!: Table<PatientOwnedRecord, string>;
  carePlans!: Table<PatientOwnedRecord, string>;
  directory!: Table<DirectoryRecord, string>;
  directoryFlags!: Table<DirectoryFlagRecord, number>;
  outbox!: Table<OutboxRecord, string>;
  syncLinks!: Table<SyncLinkRecord, string>;
  syncPatients!: Table<SyncPatientRecord, string>;
  syncConflicts!: Table<SyncConflictRecord, string>;
  syncState!: Table<SyncStateRecord, string>;
  /** One small row per patient on the caseload, kept by `registrySummaryMiddleware` (lib/db/registry-summary.ts). */
  registrySummaries!: Table<RegistrySummaryBucket, number>;

  constructor(name = DATABASE_NAME) {
    super(name);
    this.version(1).stores({
      settings: 'key',
      snoozes: 'patientFingerprint',
      audit: '++seq, at, patientFingerprint, action',
    });
    this.version(2).stores({
      patients: 'fingerprint, lastSeenAt',
      screenings: 'id, patientFingerprint, [patientFingerprint+completedAt], completedAt, instrumentId',
      drafts: 'id, patientFingerprint, updatedAt',
      referrals: 'id, patientFingerprint, status, followUpOn, updatedAt',
      consents: 'id, patientFingerprint, updatedAt',
      carePlans: 'id, patientFingerprint, updatedAt',
      directory: 'slot',
      directoryFlags: '++id, providerId, at',
    });
    this.version(3).stores({
      outbox: 'key, state, patientFingerprint, nextAttemptAt',
      syncLinks: 'key, [resourceType+serverId], recordId, patientFingerprint',
      syncPatients: 'fingerprint, serverId',
      syncConflicts: 'id, key, patientFingerprint, resolved',
      syncState: 'key',
    });
    this.version(4)
      .stores({ registrySummaries: 'bucket' })
      .upgrade((tx) => rebuildRegistrySummaries(tx));
    this.use(registrySummaryMiddleware);
  }
}

/** The schema of each released version, for the upgrade test. */
export const RELEASED_SCHEMAS: Record<number, Record<string, string>> = {
  1: { settings: 'key', snoozes: 'patientFingerprint', audit: '++seq, at, patientFingerprint, action' },
  2: {
    settings: 'key',
    snoozes: 'patientFingerprint',
    audit: '++seq, at, patientFingerprint, action',
    patients: 'fingerprint, lastSeenAt',
    screenings: 'id, patientFingerprint, [patientFingerprint+completedAt], completedAt, instrumentId',
    drafts: 'id, patientFingerprint, updatedAt',
    referrals: 'id, patientFingerprint, status, followUpOn, updatedAt',
    consents: 'id, patientFingerprint, updatedAt',
    carePlans: 'id, patientFingerprint, updatedAt',
    directory: 'slot',
    directoryFlags: '++id, providerId, at',
  },
  3: {
    settings: 'key',
    snoozes: 'patientFingerprint',
    audit: '++seq, at, patientFingerprint, action',
    patients: 'fingerprint, lastSeenAt',
    screenings: 'id, patientFingerprint, [patientFingerprint+completedAt], completedAt, instrumentId',
    drafts: 'id, patientFingerprint, updatedAt',
    referrals: 'id, patientFingerprint, status, followUpOn, updatedAt',
    consents: 'id, patientFingerprint, updatedAt',
    carePlans: 'id, patientFingerprint, updatedAt',
    directory: 'slot',
    directoryFlags: '++id, providerId, at',
    outbox: 'key, state, patientFingerprint, nextAttemptAt',
    syncLinks: 'key, [resourceType+serverId], recordId, patientFingerprint',
    syncPatients: 'fingerprint, serverId',
    syncConflicts: 'id, key, patientFingerprint, resolved',
    syncState: 'key',
  },
};
