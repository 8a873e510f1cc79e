import { z } from 'zod';
import { fingerprintSchema, spec } from '../spec';

/**
 * Where sharing with the clinic's FHIR server stands, for the side panel's status bar: off (no
 * server configured), not permitted (no host permission), or counts of what is pending, waiting
 * (blocked: no consent, patient not matched), failed and in conflict, with the reasons.
 */
export const syncStatusSchema = z.object({
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
});
export type SyncStatusView = z.infer<typeof syncStatusSchema>;

/** Messages of the clinic FHIR server sync (issue 11). */
export const syncMessages = {
  /** The status for one patient (or all when null). */
  'sync.status': spec(['extension'], z.object({ patientFingerprint: fingerprintSchema.nullable() }), syncStatusSchema),
  /** Opening a patient: pull that patient's Bridge resources from the server, push what is queued, then the status. */
  'sync.openPatient': spec(['extension'], z.object({ patientFingerprint: fingerprintSchema }), syncStatusSchema),
  /** "Sync now": push what is queued and pull the caseload's changes, then the status. */
  'sync.now': spec(['extension'], z.object({ patientFingerprint: fingerprintSchema.nullable() }), syncStatusSchema),
} as const;
