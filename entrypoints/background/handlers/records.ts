import type { BridgeDatabase } from '@/lib/db/database';
import { eraseAllData, purgeExpired } from '@/lib/db/retention-store';
import { auditLogCsv } from '@/lib/audit/audit-csv';
import type { Handlers } from '@/lib/messaging/router';

export const DEFAULT_RETENTION_DAYS = 90;

/** The retention period in force: the local setting (policy overrides it once wired), else 90 days. */
export async function retentionDaysOf(db: BridgeDatabase): Promise<number> {
  const value = (await db.settings.get('retentionDays'))?.value;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : DEFAULT_RETENTION_DAYS;
}

/** Purges expired records and writes what it did to the audit log. */
export async function runRetention(db: BridgeDatabase, now = new Date().toISOString()) {
  const report = await purgeExpired(db, now, await retentionDaysOf(db));
  const total = report.screenings + report.drafts + report.referrals + report.audit;
  if (total > 0) {
    await db.audit.add({ at: now, action: 'purge', patientFingerprint: null, detail: `retention: ${report.screenings} screenings, ${report.drafts} drafts, ${report.referrals} referrals, ${report.audit} audit entries older than ${report.before}` });
  }
  return report;
}

export function recordHandlers(db: BridgeDatabase): Handlers {
  return {
    'audit.record': async ({ action, patientFingerprint, detail }) => {
      await db.audit.add({ at: new Date().toISOString(), action, patientFingerprint, detail });
      return { ok: true };
    },
    'audit.exportCsv': async () => {
      const entries = await db.audit.toArray();
      await db.audit.add({ at: new Date().toISOString(), action: 'export', patientFingerprint: null, detail: `audit log CSV, ${entries.length} entries` });
      return { csv: auditLogCsv(entries), entries: entries.length };
    },
    'records.purgeExpired': async () => runRetention(db),
    'records.eraseAll': async () => {
      await eraseAllData(db);
      await db.audit.add({ at: new Date().toISOString(), action: 'erase', patientFingerprint: null, detail: 'all data on this device erased' });
      return { ok: true };
    },
  };
}
