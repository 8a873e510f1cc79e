import type { BridgeDatabase } from '@/lib/db/database';
import type { Handlers } from '@/lib/messaging/router';
import { caseloadRows } from '@/lib/registry/caseload';
import { queryRegistry, registryCsv } from '@/lib/registry/registry';
import { appendAudit } from '@/lib/db/audit-store';
import { summariesIn } from '@/lib/db/registry-summary-table';

export { currentPlanOf, registryReferralOf } from '@/lib/db/registry-summary';
export { SPARKLINE_POINTS } from '@/lib/registry/caseload';

/**
 * The background's handlers for the caseload registry. The registry page reads the summaries
 * itself (entrypoints/registry/caseload-source.ts), so that opening it does not wait for a stopped
 * worker; `registry.rows` gives the same rows to other extension pages, and the CSV export is here
 * because the background records it in the audit log before handing the file over.
 */
export function registryHandlers(db: BridgeDatabase): Handlers {
  return {
    'registry.rows': async ({ now }) => caseloadRows(summariesIn(await db.registrySummaries.toArray()), new Date(now)),
    'registry.exportCsv': async ({ now, query }) => {
      const rows = queryRegistry(caseloadRows(summariesIn(await db.registrySummaries.toArray()), new Date(now)).rows, query);
      const csv = registryCsv(rows);
      // Recorded before the file is handed over: the export is the clinician's explicit action.
      await appendAudit(db, 'export', null, `caseload registry CSV, ${rows.length} patient${rows.length === 1 ? '' : 's'}${query.search || query.flags?.length || query.referralStatuses || query.hasPlan !== undefined ? ' (filtered)' : ''}`);
      return { csv, rows: rows.length };
    },
  };
}
