import type { AuditRecord } from '../db/database';

/** Quotes one CSV cell (RFC 4180) and defuses spreadsheet formulas (=, +, -, @ at the start). */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The audit log as CSV, one row per entry, oldest first, with a header row. */
export function auditLogCsv(entries: readonly AuditRecord[]): string {
  const header = ['seq', 'at', 'action', 'patientFingerprint', 'detail'];
  const rows = [...entries]
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : (a.seq ?? 0) - (b.seq ?? 0)))
    .map((e) => [e.seq, e.at, e.action, e.patientFingerprint, e.detail].map(csvCell).join(','));
  return [header.map(csvCell).join(','), ...rows].join('\r\n') + '\r\n';
}
