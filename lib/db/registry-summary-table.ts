import { cyrb53 } from '../hash/cyrb53';
import type { RegistryDigest } from '../registry/registry';

/**
 * The registry summaries' table and its row format, apart from lib/db/registry-summary.ts (which
 * keeps them) so that the registry page can read them without loading Bridge's schemas and
 * validators at start-up.
 */
export const REGISTRY_SUMMARY_TABLE = 'registrySummaries';

/**
 * A RegistryDigest as stored: its fields by position, the goal measures as JSON text and the
 * scores packed into one string (`instrumentId|score|ms|day`, `;` between scores, the id
 * URI-encoded). Reading the table is mostly the browser rebuilding each row's objects
 * (structured clone), and the cost grows with their number, not their bytes: field names repeated
 * in 5,000 rows were a third of the bytes, and each score as its own array made the read about 4×
 * slower than one string per row (tests/bench/registry, lib/registry/README.md).
 * `storedDigest`/`digestOf` convert.
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
  measures: string,
  scores: string,
  searchText: string,
];

/**
 * How many records the summaries are spread over. Reading many small records is mostly the
 * database's per-record cost (shared/measured.md: 14,034 records read back in ~205 ms), so the
 * table holds one record per bucket of patients, not per patient: at 5,000 patients a bucket is
 * ~80 summaries (~30 KB), rewritten whole when one of its patients changes.
 */
export const REGISTRY_SUMMARY_BUCKETS = 64;

/** One record of the `registrySummaries` table: the summaries of the patients whose fingerprint falls in this bucket. */
export interface RegistrySummaryBucket {
  bucket: number;
  summaries: RegistrySummaryRecord[];
}

/** The bucket a patient's summary is kept in (a stable hash of the fingerprint). */
export function summaryBucketOf(patientFingerprint: string): number {
  return cyrb53(patientFingerprint) % REGISTRY_SUMMARY_BUCKETS;
}

/** Every patient's summary held in these buckets. */
export function summariesIn(buckets: readonly RegistrySummaryBucket[]): RegistrySummaryRecord[] {
  return buckets.flatMap((b) => b.summaries);
}

/** Summaries grouped into the table's records, each bucket's summaries in fingerprint order. */
export function summaryBuckets(summaries: readonly RegistrySummaryRecord[]): RegistrySummaryBucket[] {
  const byBucket = new Map<number, RegistrySummaryRecord[]>();
  for (const s of summaries) {
    const bucket = summaryBucketOf(s.patientFingerprint);
    const list = byBucket.get(bucket);
    if (list) list.push(s);
    else byBucket.set(bucket, [s]);
  }
  return [...byBucket].map(([bucket, list]) => ({ bucket, summaries: list.sort((a, b) => (a.patientFingerprint < b.patientFingerprint ? -1 : a.patientFingerprint > b.patientFingerprint ? 1 : 0)) }));
}

/** One patient's summary (an entry of a bucket of the `registrySummaries` table). */
export interface RegistrySummaryRecord {
  patientFingerprint: string;
  /** What the patient's registry row is computed from at any clock (`digestOf`); null when not on the caseload. */
  digest: StoredDigest | null;
  /** Stored plans of this patient that hold no valid plan (said on the page, never listed as whole). */
  unreadablePlans: number;
}

/** The digest as stored. */
export function storedDigest(d: RegistryDigest): StoredDigest {
  const scores = d.scores.map((s) => `${encodeURIComponent(s.instrumentId)}|${s.score}|${s.ms}|${s.day}`).join(';');
  return [d.name, d.mrn, d.planId, d.planLastContactOn, d.nextContactDue, d.referralStatus, d.referralSentOn, d.awaitingFirstAppointmentSince, d.reviewIntervalDays, JSON.stringify(d.measures), scores, d.searchText];
}

function unpackScores(packed: string): RegistryDigest['scores'] {
  if (packed === '') return [];
  return packed.split(';').map((s) => {
    const [instrumentId = '', score = '', ms = '', day = ''] = s.split('|');
    return { instrumentId: decodeURIComponent(instrumentId), score: Number(score), ms: Number(ms), day };
  });
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
    measures: JSON.parse(measures) as RegistryDigest['measures'],
    scores: unpackScores(scores),
    searchText,
  };
}
