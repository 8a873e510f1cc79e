import { csvCell } from '../audit/audit-csv';
import { utcMs } from '../careplan/dates';
import type { CarePlan, GoalMeasure } from '../careplan/plan';
import type { GoalTrendStatus } from '../careplan/trend';
import type { ReferralRecord, ReferralStatus } from '../referral/status';

/**
 * The caseload registry's list engine (collaborative care, AIMS Center: a registry of everyone on
 * the caseload that puts first those who need a change). Pure: plans, screenings and referrals in,
 * rows out, with the clock passed in. Days are UTC calendar days, as in lib/referral/status.
 */

/** A completed screening score (lib/db's ScreeningRecord with `result.score` lifted out). */
export interface RegistryScreening {
  patientFingerprint: string;
  instrumentId: string;
  score: number;
  completedAt: string;
}

/** Who the patient is, for display and search (from the EHR page or a referral packet). */
export interface RegistryPatient {
  fingerprint: string;
  name: string;
  mrn?: string | null;
}

export interface RegistryInput {
  plans: readonly RegistryPlanInput[];
  screenings: readonly RegistryScreening[];
  referrals: readonly RegistryReferralInput[];
  patients?: readonly RegistryPatient[];
}

export const REGISTRY_FLAGS = ['overdue-contact', 'not-improving', 'no-first-appointment'] as const;
export type RegistryFlag = (typeof REGISTRY_FLAGS)[number];

/** Days after a referral is sent within which the first appointment should have been kept. */
export const FIRST_APPOINTMENT_DAYS = 14;

export interface RegistryRow {
  patientFingerprint: string;
  name: string;
  mrn: string | null;
  planId: string | null;
  lastContactOn: string | null;
  nextContactDue: string | null;
  latestScore: { instrumentId: string; score: number; on: string } | null;
  /** Progress toward the plan's measured goal for the latest score's instrument (scoreTrend). */
  trend: GoalTrendStatus | null;
  /** The most recent referral's status, and the day it was sent. */
  referralStatus: ReferralStatus | null;
  referralSentOn: string | null;
  flags: RegistryFlag[];
  /** Whole days past `nextContactDue` (0 when not overdue). */
  daysOverdue: number;
  /** Lower-cased name, MRN, fingerprint and providers, for search. */
  searchText: string;
}

// Day arithmetic and grouping shared with the reference definition in test-support.ts.
export const DAY_MS = 86_400_000;
export const dayOf = (iso: string) => iso.slice(0, 10);
const dayMs = utcMs;
/** The later of two ISO days, null counting as absent. */
export const maxDay = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);
/** The earlier of two ISO days, null counting as absent. */
export const minDay = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/** Items grouped by a key, in their order. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The day a referral was first sent, or null. */
export function sentOn(r: Pick<RegistryReferralInput, 'history'>): string | null {
  const sent = r.history.find((h) => h.status === 'sent');
  return sent ? dayOf(sent.at) : null;
}

/** True when the referral waits for its first appointment: sent, not attended, and neither drafted, declined nor closed. */
function awaitingFirstAppointment(r: Pick<RegistryReferralInput, 'status' | 'history'>): boolean {
  return !(r.status === 'drafted' || r.status === 'declined' || r.status === 'closed') && !r.history.some((h) => h.status === 'attended');
}

/**
 * True when a sent referral has gone 14 days or more without the first appointment being kept.
 * Drafted, declined and closed referrals are not flagged (nothing is pending at the program).
 */
export function missedFirstAppointment(r: ReferralRecord, today: string): boolean {
  const sent = awaitingFirstAppointment(r) ? sentOn(r) : null;
  return sent !== null && dayMs(today) - dayMs(sent) >= FIRST_APPOINTMENT_DAYS * DAY_MS;
}

/** The parts of a care plan the registry reads (a whole CarePlan is one). */
export type RegistryPlanInput = Pick<CarePlan, 'id' | 'patientFingerprint' | 'status' | 'reviewIntervalDays' | 'lastContactOn' | 'nextContactDue'> & {
  goals: readonly Pick<CarePlan['goals'][number], 'status' | 'measure'>[];
};
/** The parts of a referral the registry reads (a whole ReferralRecord is one). */
export interface RegistryReferralInput {
  id: string;
  status: ReferralStatus;
  history: readonly { status: ReferralStatus; at: string }[];
  followUpOn: string | null;
  packet: { createdAt: string; patient: { fingerprint: string; name: string; mrn: string | null }; providers: readonly { name: string }[] };
}

/**
 * Everything a patient's registry row is computed from that does not depend on the clock: dates,
 * never flags. `registryRowAt` turns it into the row at any `now`. lib/db keeps one per patient
 * at write time (lib/db/registry-summary.ts), so opening the registry reads these, not the records.
 */
export interface RegistryDigest {
  patientFingerprint: string;
  name: string;
  mrn: string | null;
  planId: string | null;
  /** The plan's own last contact (the latest screening up to `now` may be later). */
  planLastContactOn: string | null;
  /** The earliest of the plan's and the open referrals' follow-ups. */
  nextContactDue: string | null;
  referralStatus: ReferralStatus | null;
  referralSentOn: string | null;
  /** The earliest day an open referral still waiting for its first appointment was sent. */
  awaitingFirstAppointmentSince: string | null;
  reviewIntervalDays: number | null;
  /** The plan's measured goals that are active or proposed, in the plan's order. */
  measures: GoalMeasure[];
  /** Completed scores, oldest first (same instant: as stored): when (epoch ms) and on which day (`completedAt`'s date); unparseable dates left out. */
  scores: { instrumentId: string; score: number; ms: number; day: string }[];
  searchText: string;
}

/**
 * A patient's digest, or null when the patient is not on the caseload (no active plan and no
 * referral that is not closed). `plan` is the patient's active plan, if any; `referrals` and
 * `screenings` are the patient's, as stored.
 */
export function registryDigest(
  fp: string,
  records: { plan: RegistryPlanInput | null; referrals: readonly RegistryReferralInput[]; screenings: readonly RegistryScreening[]; patient?: RegistryPatient | undefined },
): RegistryDigest | null {
  const { plan } = records;
  if (!plan && !records.referrals.some((r) => r.status !== 'closed')) return null;
  const refs = records.referrals.slice().sort((a, b) => (a.packet.createdAt < b.packet.createdAt ? -1 : 1));
  const latestRef = refs[refs.length - 1] ?? null;
  let nextContactDue = plan?.nextContactDue ?? null;
  let awaitingSince: string | null = null;
  for (const r of refs) {
    if (r.status === 'closed') continue;
    nextContactDue = minDay(nextContactDue, r.followUpOn);
    if (awaitingFirstAppointment(r)) awaitingSince = minDay(awaitingSince, sentOn(r));
  }
  const timed = records.screenings.map((s) => ({ ms: utcMs(s.completedAt), s })).filter((t) => !Number.isNaN(t.ms));
  timed.sort((a, b) => a.ms - b.ms);
  const measures: GoalMeasure[] = [];
  for (const goal of plan?.goals ?? []) if (goal.measure && (goal.status === 'active' || goal.status === 'proposed')) measures.push(goal.measure);
  const fromPacket = latestRef?.packet.patient;
  const name = records.patient?.name ?? fromPacket?.name ?? '';
  const mrn = records.patient?.mrn ?? fromPacket?.mrn ?? null;
  const providers = refs.flatMap((r) => r.packet.providers.map((v) => v.name));
  return {
    patientFingerprint: fp,
    name,
    mrn,
    planId: plan?.id ?? null,
    planLastContactOn: plan?.lastContactOn ?? null,
    nextContactDue,
    referralStatus: latestRef?.status ?? null,
    referralSentOn: latestRef ? sentOn(latestRef) : null,
    awaitingFirstAppointmentSince: awaitingSince,
    reviewIntervalDays: plan?.reviewIntervalDays ?? null,
    measures,
    scores: timed.map(({ ms, s }) => ({ instrumentId: s.instrumentId, score: s.score, ms, day: dayOf(s.completedAt) })),
    searchText: [name, mrn ?? '', fp, ...providers].join('\u0000').toLowerCase(),
  };
}

/**
 * lib/careplan's `scoreTrend(points, measure, reviewIntervalDays, now).status` on a digest's scores
 * (oldest first, times already parsed), without parsing a date per score per render; registry.test.ts
 * checks the two agree.
 */
function trendOf(scores: RegistryDigest['scores'], upTo: number, measure: GoalMeasure, reviewIntervalDays: number, nowMs: number): GoalTrendStatus {
  let baseline: RegistryDigest['scores'][number] | null = null;
  let latest: RegistryDigest['scores'][number] | null = null;
  for (let i = 0; i < upTo; i++) {
    const s = scores[i]!;
    if (s.instrumentId !== measure.instrumentId || !Number.isFinite(s.score)) continue;
    baseline ??= s;
    latest = s;
  }
  if (!baseline || !latest) return 'no-scores';
  const change = latest.score - baseline.score;
  const dueMs = utcMs(baseline.day) + reviewIntervalDays * DAY_MS;
  const toward = measure.direction === 'decrease' ? -change : change;
  const reached = measure.direction === 'decrease' ? latest.score <= measure.target : latest.score >= measure.target;
  if (reached) return 'at-target';
  if (nowMs < dueMs) return 'too-early';
  return toward > 0 && toward >= (measure.minimumChange ?? 0) ? 'improving' : 'not-improving';
}

/** The patient's registry row at `now` (UTC days), from the digest. */
export function registryRowAt(d: RegistryDigest, now: Date, today = now.toISOString().slice(0, 10)): RegistryRow {
  const nowMs = now.getTime();
  const scores = d.scores;
  // The latest score up to now (the first stored of the latest instant).
  let upTo = scores.length;
  while (upTo > 0 && scores[upTo - 1]!.ms > nowMs) upTo--;
  let latestAt = upTo - 1;
  while (latestAt > 0 && scores[latestAt - 1]!.ms === scores[latestAt]!.ms) latestAt--;
  const latest = latestAt >= 0 ? scores[latestAt]! : null;

  let trend: GoalTrendStatus | null = null;
  let notImproving = false;
  for (const measure of d.measures) {
    const status = trendOf(scores, upTo, measure, d.reviewIntervalDays!, nowMs);
    if (status === 'not-improving') notImproving = true;
    if (latest && measure.instrumentId === latest.instrumentId && trend !== 'not-improving') trend = status;
  }
  const todayMs = d.nextContactDue !== null || d.awaitingFirstAppointmentSince !== null ? dayMs(today) : 0;
  const daysOverdue = d.nextContactDue && d.nextContactDue < today ? Math.round((todayMs - dayMs(d.nextContactDue)) / DAY_MS) : 0;
  const flags: RegistryFlag[] = [];
  if (daysOverdue > 0) flags.push('overdue-contact');
  if (notImproving) flags.push('not-improving');
  if (d.awaitingFirstAppointmentSince !== null && todayMs - dayMs(d.awaitingFirstAppointmentSince) >= FIRST_APPOINTMENT_DAYS * DAY_MS) flags.push('no-first-appointment');
  return {
    patientFingerprint: d.patientFingerprint,
    name: d.name,
    mrn: d.mrn,
    planId: d.planId,
    lastContactOn: maxDay(d.planLastContactOn, latest ? latest.day : null),
    nextContactDue: d.nextContactDue,
    latestScore: latest ? { instrumentId: latest.instrumentId, score: latest.score, on: latest.day } : null,
    trend,
    referralStatus: d.referralStatus,
    referralSentOn: d.referralSentOn,
    flags,
    daysOverdue,
    searchText: d.searchText,
  };
}

/**
 * One row per patient with an active plan or a referral that is not closed. Last contact is the
 * latest of the plan's last contact and the latest screening; next contact due is the earliest of
 * the plan's and the open referrals' follow-up dates. Flags: overdue contact (due before today),
 * not improving (scoreTrend on the plan's measured goals), no first appointment within 14 days of
 * a referral being sent. (`registryDigest` then `registryRowAt` for each patient.)
 */
export function registryRows(input: RegistryInput, now: Date): RegistryRow[] {
  const plansBy = new Map(input.plans.filter((p) => p.status === 'active').map((p) => [p.patientFingerprint, p]));
  const referralsBy = groupBy(input.referrals, (r) => r.packet.patient.fingerprint);
  const screeningsBy = groupBy(input.screenings, (s) => s.patientFingerprint);
  const patientsBy = new Map((input.patients ?? []).map((p) => [p.fingerprint, p]));
  const fingerprints = new Set<string>(plansBy.keys());
  for (const fp of referralsBy.keys()) fingerprints.add(fp);
  const today = now.toISOString().slice(0, 10);
  const rows: RegistryRow[] = [];
  for (const fp of fingerprints) {
    const digest = registryDigest(fp, { plan: plansBy.get(fp) ?? null, referrals: referralsBy.get(fp) ?? [], screenings: screeningsBy.get(fp) ?? [], patient: patientsBy.get(fp) });
    if (digest) rows.push(registryRowAt(digest, now, today));
  }
  return rows;
}

export type RegistrySortKey = 'priority' | 'name' | 'lastContactOn' | 'nextContactDue' | 'latestScore' | 'referralStatus';

export interface RegistryQuery {
  /** Case-insensitive; every word must appear in the name, MRN or a referral's provider. */
  search?: string;
  /** Rows must carry every listed flag. */
  flags?: readonly RegistryFlag[];
  referralStatuses?: readonly (ReferralStatus | null)[];
  hasPlan?: boolean;
  sort?: { key: RegistrySortKey; direction?: 'asc' | 'desc' };
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/**
 * Each row's place in name order: `rank` (collation, then fingerprint: unique) and `group` (the
 * rank of the first row whose name collates equal). Computed once per set of rows and remembered
 * per row, so that every later sort and tie-break compares integers: the collator, called on each
 * comparison, was most of a 5,000-row sort (tests/bench/registry).
 */
type NameOrder = { set: object; rank: number; group: number };

const MAX_NUMBER_DIGITS = 15;
/**
 * For a name of ASCII letters, digits and spaces only, a string whose plain order is the
 * collator's (base sensitivity, numeric): lower case, each run of digits zero-padded so that
 * numbers compare by value. Null for any other name (accents, punctuation, a number with a leading
 * zero or too long): those are compared with the collator. A property test holds the two to agree.
 */
function asciiNameKey(name: string): string | null {
  if (!/^[A-Za-z0-9 ]*$/.test(name)) return null;
  let ok = true;
  const key = name.toLowerCase().replace(/[0-9]+/g, (run) => {
    if ((run.length > 1 && run[0] === '0') || run.length > MAX_NUMBER_DIGITS) ok = false;
    return run.padStart(MAX_NUMBER_DIGITS, '0');
  });
  return ok ? key : null;
}
const nameOrderOf = new WeakMap<RegistryRow, NameOrder>();

function nameOrders(rows: readonly RegistryRow[]): NameOrder[] {
  const first = rows.length ? nameOrderOf.get(rows[0]!) : undefined;
  const known = first ? rows.map((r) => nameOrderOf.get(r)) : [];
  if (first && known.every((o) => o?.set === first.set)) return known as NameOrder[];
  const set = {};
  const keyed = rows.map((row) => ({ row, key: asciiNameKey(row.name) }));
  const compareNames = (a: (typeof keyed)[number], b: (typeof keyed)[number]) => (a.key !== null && b.key !== null ? cmpString(a.key, b.key) : collator.compare(a.row.name, b.row.name));
  keyed.sort((a, b) => compareNames(a, b) || cmpString(a.row.patientFingerprint, b.row.patientFingerprint));
  let group = 0;
  keyed.forEach((item, rank) => {
    if (rank > 0 && compareNames(keyed[rank - 1]!, item) !== 0) group = rank;
    nameOrderOf.set(item.row, { set, rank, group });
  });
  return rows.map((r) => nameOrderOf.get(r)!);
}

const cmpString = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
/** A YYYY-MM-DD day as the integer YYYYMMDD: the same order as the string, with no Date parsing. */
const dayKey = (day: string | null) => (day === null ? null : +day.slice(0, 4) * 10_000 + +day.slice(5, 7) * 100 + +day.slice(8, 10));
/** Referral statuses in the order of their names (as the strings sort). */
const STATUS_ORDER = new Map(['drafted', 'sent', 'scheduled', 'attended', 'no-show', 'declined', 'closed'].sort(cmpString).map((s, i) => [s, i]));

/** The sort key of a row as a number (or null: sorts last), so that comparisons never parse or collate. */
function sortValue(key: RegistrySortKey, row: RegistryRow, name: NameOrder): number | null {
  switch (key) {
    case 'name':
      return name.group;
    case 'lastContactOn':
      return dayKey(row.lastContactOn);
    case 'nextContactDue':
      return dayKey(row.nextContactDue);
    case 'latestScore':
      return row.latestScore?.score ?? null;
    case 'referralStatus':
      return row.referralStatus === null ? null : (STATUS_ORDER.get(row.referralStatus) ?? Infinity);
    case 'priority':
      return null;
  }
}

/**
 * Filtered and sorted rows (a new array; rows are not copied). The default sort, 'priority', puts
 * first those who need a change (AIMS): more flags first, then the most overdue, then the earliest
 * next contact, then name. Empty values sort last in either direction. Ties always fall back to
 * name, then fingerprint, so the order is total. Sort keys are computed once per row, not per comparison.
 */
export function queryRegistry(rows: readonly RegistryRow[], query: RegistryQuery = {}): RegistryRow[] {
  const words = (query.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const flags = query.flags ?? [];
  const statuses = query.referralStatuses ? new Set(query.referralStatuses) : null;
  const out = rows.filter(
    (r) =>
      (query.hasPlan === undefined || (r.planId !== null) === query.hasPlan) &&
      (!statuses || statuses.has(r.referralStatus)) &&
      flags.every((f) => r.flags.includes(f)) &&
      words.every((w) => r.searchText.includes(w)),
  );
  const key = query.sort?.key ?? 'priority';
  const dir: 1 | -1 = query.sort?.direction === 'desc' ? -1 : 1;
  const names = nameOrders(out);
  const decorated = out.map((row, i) => {
    const name = names[i]!;
    return { row, rank: name.rank, value: key === 'priority' ? dayKey(row.nextContactDue) : sortValue(key, row, name), flags: row.flags.length, overdue: row.daysOverdue };
  });
  type Decorated = (typeof decorated)[number];
  const byValue = (a: Decorated, b: Decorated) => (a.value === null || b.value === null ? (a.value === b.value ? 0 : a.value === null ? 1 : -1) : (a.value - b.value) * dir);
  const primary =
    key === 'priority' ? (a: Decorated, b: Decorated) => dir * (b.flags - a.flags || b.overdue - a.overdue) || byValue(a, b) : byValue;
  decorated.sort((a, b) => primary(a, b) || a.rank - b.rank);
  return decorated.map((d) => d.row);
}

const CSV_COLUMNS = [
  'name',
  'mrn',
  'plan_id',
  'last_contact_on',
  'next_contact_due',
  'days_overdue',
  'latest_instrument',
  'latest_score',
  'latest_score_on',
  'trend',
  'referral_status',
  'referral_sent_on',
  'flags',
] as const;

/**
 * The rows as RFC 4180 CSV for case review (header first, every cell quoted, CRLF, formulas
 * defused by lib/audit's `csvCell`). Exporting is an explicit action the caller records in the
 * audit log; this function only formats.
 */
export function registryCsv(rows: readonly RegistryRow[]): string {
  const lines = rows.map((r) =>
    [
      r.name,
      r.mrn,
      r.planId,
      r.lastContactOn,
      r.nextContactDue,
      r.daysOverdue,
      r.latestScore?.instrumentId,
      r.latestScore?.score,
      r.latestScore?.on,
      r.trend,
      r.referralStatus,
      r.referralSentOn,
      r.flags.join('; '),
    ]
      .map(csvCell)
      .join(','),
  );
  return [CSV_COLUMNS.map(csvCell).join(','), ...lines].join('\r\n') + '\r\n';
}

/** Caseload process measures (AIMS): size, flagged, and the share contacted since `since`. */
export function caseloadSummary(rows: readonly RegistryRow[], since: string): { patients: number; flagged: Record<RegistryFlag, number>; contactedSince: number; shareContacted: number } {
  const flagged = Object.fromEntries(REGISTRY_FLAGS.map((f) => [f, 0])) as Record<RegistryFlag, number>;
  let contactedSince = 0;
  for (const r of rows) {
    for (const f of r.flags) flagged[f]++;
    if (r.lastContactOn && r.lastContactOn >= since) contactedSince++;
  }
  return { patients: rows.length, flagged, contactedSince, shareContacted: rows.length ? contactedSince / rows.length : 0 };
}
