import { z } from 'zod';
import { fingerprintSchema, okReply, lazySchema, spec } from '../spec';

/** Actions on a patient record that the audit log keeps (issue 8). */
export const auditedActionSchema = lazySchema(() => z.enum(['view', 'screen', 'fill', 'print', 'export', 'send', 'consent', 'erase', 'purge']));

/** Messages about the records on this device: audit log, retention, erase. */
export const recordMessages = {
  /** An extension page reports an audited action it performed (print, export...). */
  'audit.record': spec(['extension'], () => z.object({ action: auditedActionSchema, patientFingerprint: fingerprintSchema.nullable(), detail: z.string().max(500) }), () => okReply),
  /** The audit log as CSV, for the clinic's compliance officer. */
  'audit.exportCsv': spec(['extension'], () => z.object({}), () => z.object({ csv: z.string(), entries: z.number().int() })),
  /** Purge what the retention period no longer covers, now. */
  'records.purgeExpired': spec(['extension'], () => z.object({}), () => z.object({ before: z.string(), screenings: z.number(), drafts: z.number(), referrals: z.number(), carePlans: z.number(), audit: z.number() })),
  /** "Erase all data on this device" — the page asks for confirmation before sending it. */
  'records.eraseAll': spec(['extension'], () => z.object({ confirm: z.literal('ERASE') }), () => okReply),
} as const;
