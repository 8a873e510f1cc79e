import type { BridgeDatabase } from './database';

/** The longest detail an audit entry keeps; longer text (an error message) is cut. */
export const AUDIT_DETAIL_MAX = 500;

/** Appends one entry to the audit log: who did what to which patient record, now. */
export async function appendAudit(db: BridgeDatabase, action: string, patientFingerprint: string | null, detail: string, at = new Date().toISOString()): Promise<void> {
  await db.audit.add({ at, action, patientFingerprint, detail: detail.slice(0, AUDIT_DETAIL_MAX) });
}
