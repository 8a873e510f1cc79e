import type { RegistryDigest } from '../registry/registry';

/**
 * The registry summaries' table and its row format, apart from lib/db/registry-summary.ts (which
 * keeps them) so that the registry page can read them without loading Bridge's schemas and
 * validators at start-up.
 */
export const REGISTRY_SUMMARY_TABLE = 'registrySummaries';

/**
 * A RegistryDigest as stored: its fields by position, and each score as
 * `[instrumentId, score, ms, day]`. Field names repeated in 5,000 rows were a third of the bytes
 * the registry page reads when it opens (tests/bench/registry); `storedDigest`/`digestOf` convert.
 */
export type StoredDigest = [
  name: string,
  mrn: string | null,
  planId: string | null,
  planLastContactOn: string | null,
  nextContactDue: string | null,
  referralStatus: RegistryDigest['referralStatus'],
  referralSentOn: string | null,
  awaitingFirstAppointmentSince: string | null,
  reviewIntervalDays: number | null,
  measures: RegistryDigest['measures'],
  scores: [instrumentId: string, score: number, ms: number, day: string][],
  searchText: string,
];

/** One patient's row of the `registrySummaries` table. */
export interface RegistrySummaryRecord {
  patientFingerprint: string;
  /** What the patient's registry row is computed from at any clock (`digestOf`); null when not on the caseload. */
  digest: StoredDigest | null;
  /** Stored plans of this patient that hold no valid plan (said on the page, never listed as whole). */
  unreadablePlans: number;
}

/** The digest as stored. */
export function storedDigest(d: RegistryDigest): StoredDigest {
  const scores = d.scores.map((s): StoredDigest[10][number] => [s.instrumentId, s.score, s.ms, s.day]);
  return [d.name, d.mrn, d.planId, d.planLastContactOn, d.nextContactDue, d.referralStatus, d.referralSentOn, d.awaitingFirstAppointmentSince, d.reviewIntervalDays, d.measures, scores, d.searchText];
}

/** The summary's digest (lib/registry `registryRowAt` turns it into the row at any clock), or null. */
export function digestOf(summary: RegistrySummaryRecord): RegistryDigest | null {
  const d = summary.digest;
  if (!d) return null;
  const [name, mrn, planId, planLastContactOn, nextContactDue, referralStatus, referralSentOn, awaitingFirstAppointmentSince, reviewIntervalDays, measures, scores, searchText] = d;
  return {
    patientFingerprint: summary.patientFingerprint,
    name,
    mrn,
    planId,
    planLastContactOn,
    nextContactDue,
    referralStatus,
    referralSentOn,
    awaitingFirstAppointmentSince,
    reviewIntervalDays,
    measures,
    scores: scores.map(([instrumentId, score, ms, day]) => ({ instrumentId, score, ms, day })),
    searchText,
  };
}
