import { digestOf, type RegistrySummaryRecord } from '../db/registry-summary-table';
import { registryRowAt, type RegistryRow } from './registry';

/** How many of the latest instrument's scores the registry's sparkline shows. */
export const SPARKLINE_POINTS = 8;

/** A registry row with its latest instrument's recent scores (oldest first, up to `now`), for the sparkline. */
export type CaseloadRow = RegistryRow & { recentScores: number[] };

/**
 * The caseload registry at `now`, from the summaries lib/db keeps at write time
 * (lib/db/registry-summary.ts): each listed patient's row (`registryRowAt`, the same rows as
 * `registryRows` on the full records) with its sparkline scores, and how many stored plans could not be read.
 */
export function caseloadRows(summaries: readonly RegistrySummaryRecord[], now: Date): { rows: CaseloadRow[]; skippedPlans: number } {
  const nowMs = now.getTime();
  const today = now.toISOString().slice(0, 10);
  const rows: CaseloadRow[] = [];
  let skippedPlans = 0;
  for (const summary of summaries) {
    skippedPlans += summary.unreadablePlans;
    const digest = digestOf(summary);
    if (!digest) continue;
    const row = registryRowAt(digest, now, today) as CaseloadRow;
    const instrumentId = row.latestScore?.instrumentId;
    const recentScores: number[] = [];
    // Scores are oldest first: walk back from the latest up to now.
    for (let i = digest.scores.length - 1; instrumentId && i >= 0 && recentScores.length < SPARKLINE_POINTS; i--) {
      const s = digest.scores[i]!;
      if (s.instrumentId === instrumentId && s.ms <= nowMs) recentScores.unshift(s.score);
    }
    row.recentScores = recentScores;
    rows.push(row);
  }
  return { rows, skippedPlans };
}
