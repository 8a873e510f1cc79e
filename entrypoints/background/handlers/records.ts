import type { BridgeDatabase } from '@/lib/db/database';
import { eraseAllData, purgeExpired } from '@/lib/db/retention-store';
import { auditLogCsv } from '@/lib/audit/audit-csv';
import type { Handlers } from '@/lib/messaging/router';
import { effectiveSettingsNow, refreshEffectiveSettings } from '../settings';

/** The retention period in force: the clinic's policy, else this computer's setting, else 90 days. */
export async function retentionDaysOf(db: BridgeDatabase): Promise<number> {
  return (await effectiveSettingsNow(db)).values.retentionDays;
}

/** Purges expired records and writes what it did to the audit log. */
export async function runRetention(db: BridgeDatabase, now = new Date().toISOString()) {
  const report = await purgeExpired(db, now, await retentionDaysOf(db));
  const total = report.screenings + report.drafts + report.referrals + report.carePlans + report.audit;
  if (total > 0) {
    await db.audit.add({ at: now, action: 'purge', patientFingerprint: null, detail: `retention: ${report.screenings} screenings, ${report.drafts} drafts, ${report.referrals} referrals, ${report.carePlans} care plans, ${report.audit} audit entries older than ${report.before}` });
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
      if (!(await effectiveSettingsNow(db)).values.auditLogExportAllowed) {
        throw new Error('The audit log was not exported: your organization turned export off (policy auditLogExportAllowed).');
      }
      const entries = await db.audit.toArray();
      await db.audit.add({ at: new Date().toISOString(), action: 'export', patientFingerprint: null, detail: `audit log CSV, ${entries.length} entries` });
      return { csv: auditLogCsv(entries), entries: entries.length };
    },
    'records.purgeExpired': async () => runRetention(db),
    'records.eraseAll': async () => {
      await eraseAllData(db);
      await db.audit.add({ at: new Date().toISOString(), action: 'erase', patientFingerprint: null, detail: 'all data on this device erased' });
      await refreshEffectiveSettings();
      return { ok: true };
    },
  };
}
