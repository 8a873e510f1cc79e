import { z } from 'zod';
import { fingerprintSchema, lazySchema, spec } from '../spec';

/**
 * Where sharing with the clinic's FHIR server stands, for the side panel's status bar: off (no
 * server configured), not permitted (no host permission), or counts of what is pending, waiting
 * (blocked: no consent, patient not matched), failed and in conflict, with the reasons.
 */
export const syncStatusSchema = lazySchema(() => z.object({
  state: z.enum(['off', 'not-permitted', 'not-signed-in', 'on']),
  /** The server's host, when one is configured. */
  host: z.string().nullable(),
  pending: z.number().int(),
  blocked: z.number().int(),
  failed: z.number().int(),
  conflicts: z.number().int(),
  lastSyncedAt: z.string().nullable(),
  lastError: z.string().nullable(),
  reasons: z.array(z.string()),
  /** What the last pull of this patient brought (null when none ran). */
  pulled: z.object({ applied: z.number().int(), merged: z.number().int(), conflicts: z.number().int() }).nullable(),
}));
export type SyncStatusView = z.infer<typeof syncStatusSchema>;

/** One field both sides changed, in plain words, with the value on each side. */
export const syncConflictFieldSchema = lazySchema(() => z.object({
  path: z.string(),
  /** What the field is, e.g. `Goal “Drive my kids to school”` or `Next contact due`. */
  label: z.string(),
  onThisComputer: z.string(),
  onServer: z.string(),
}));

/** An unresolved sync conflict of one record (issue 11: "shows the clinician what cannot" merge). */
export const syncConflictViewSchema = lazySchema(() => z.object({
  id: z.string(),
  kind: z.string(),
  /** "Care plan", "Referral", "Consent", "Screening". */
  kindLabel: z.string(),
  recordId: z.string(),
  /** When the sync found it. */
  foundAt: z.string(),
  /** The last change on this computer (care plans keep who and when), null when not known. */
  lastChangeHere: z.object({ by: z.string(), at: z.string() }).nullable(),
  fields: z.array(syncConflictFieldSchema),
}));
export type SyncConflictView = z.infer<typeof syncConflictViewSchema>;

/** Messages of the clinic FHIR server sync (issue 11). */
export const syncMessages = {
  /** The status for one patient (or all when null). */
  'sync.status': spec(['extension'], () => z.object({ patientFingerprint: fingerprintSchema.nullable() }), () => syncStatusSchema),
  /** Opening a patient: pull that patient's Bridge resources from the server, push what is queued, then the status. */
  'sync.openPatient': spec(['extension'], () => z.object({ patientFingerprint: fingerprintSchema }), () => syncStatusSchema),
  /** "Sync now": push what is queued and pull the caseload's changes, then the status. */
  'sync.now': spec(['extension'], () => z.object({ patientFingerprint: fingerprintSchema.nullable() }), () => syncStatusSchema),
  /** This patient's unresolved conflicts, oldest first. */
  'sync.conflicts': spec(['extension'], () => z.object({ patientFingerprint: fingerprintSchema }), () => z.array(syncConflictViewSchema)),
  /**
   * Applies the clinician's choice to the local record (a new care plan version with who and when),
   * marks the conflict resolved and queues the record for the server. Refused for another patient's
   * conflict. Returns the patient's conflicts still open.
   */
  'sync.resolveConflict': spec(
    ['extension'],
    () => z.object({ patientFingerprint: fingerprintSchema, conflictId: z.string().min(1).max(400), choice: z.enum(['keep-local', 'take-remote']) }),
    () => z.array(syncConflictViewSchema),
  ),
} as const;
