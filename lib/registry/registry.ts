import { csvCell } from '../audit/audit-csv';
import { utcMs } from '../careplan/dates';
import type { CarePlan } from '../careplan/plan';
import { scoreTrend, type GoalTrendStatus } from '../careplan/trend';
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
  plans: readonly CarePlan[];
  screenings: readonly RegistryScreening[];
  referrals: readonly ReferralRecord[];
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

const DAY_MS = 86_400_000;
const dayOf = (iso: string) => iso.slice(0, 10);
const dayMs = utcMs;
const maxDay = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);
const minDay = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function sentOn(r: ReferralRecord): string | null {
  const sent = r.history.find((h) => h.status === 'sent');
  return sent ? dayOf(sent.at) : null;
}

/**
 * True when a sent referral has gone 14 days or more without the first appointment being kept.
 * Drafted, declined and closed referrals are not flagged (nothing is pending at the program).
 */
export function missedFirstAppointment(r: ReferralRecord, today: string): boolean {
  if (r.status === 'drafted' || r.status === 'declined' || r.status === 'closed') return false;
  const sent = sentOn(r);
  if (!sent || r.history.some((h) => h.status === 'attended')) return false;
  return dayMs(today) - dayMs(sent) >= FIRST_APPOINTMENT_DAYS * DAY_MS;
}

/**
 * One row per patient with an active plan or a referral that is not closed. Last contact is the
 * latest of the plan's last contact and the latest screening; next contact due is the earliest of
 * the plan's and the open referrals' follow-up dates. Flags: overdue contact (due before today),
 * not improving (scoreTrend on the plan's measured goals), no first appointment within 14 days of
 * a referral being sent.
 */
export function registryRows(input: RegistryInput, now: Date): RegistryRow[] {
  const today = now.toISOString().slice(0, 10);
  const nowMs = now.getTime();
  const plansBy = new Map(input.plans.filter((p) => p.status === 'active').map((p) => [p.patientFingerprint, p]));
  const referralsBy = groupBy(input.referrals, (r) => r.packet.patient.fingerprint);
  const screeningsBy = groupBy(input.screenings, (s) => s.patientFingerprint);
  const patientsBy = new Map((input.patients ?? []).map((p) => [p.fingerprint, p]));

  const fingerprints = new Set<string>(plansBy.keys());
  for (const [fp, refs] of referralsBy) if (refs.some((r) => r.status !== 'closed')) fingerprints.add(fp);

  const rows: RegistryRow[] = [];
  for (const fp of fingerprints) {
    const plan = plansBy.get(fp) ?? null;
    const refs = (referralsBy.get(fp) ?? []).slice().sort((a, b) => (a.packet.createdAt < b.packet.createdAt ? -1 : 1));
    const open = refs.filter((r) => r.status !== 'closed');
    const latestRef = refs[refs.length - 1] ?? null;
    const screenings = screeningsBy.get(fp) ?? [];
    let latest: RegistryScreening | null = null;
    let latestMs = -Infinity;
    for (const s of screenings) {
      const t = utcMs(s.completedAt);
      if (t <= nowMs && t > latestMs) [latest, latestMs] = [s, t];
    }

    const lastContactOn = maxDay(plan?.lastContactOn ?? null, latest ? dayOf(latest.completedAt) : null);
    let nextContactDue = plan?.nextContactDue ?? null;
    for (const r of open) nextContactDue = minDay(nextContactDue, r.followUpOn);

    let trend: GoalTrendStatus | null = null;
    let notImproving = false;
    if (plan) {
      for (const goal of plan.goals) {
        if (!goal.measure || (goal.status !== 'active' && goal.status !== 'proposed')) continue;
        const instrumentId = goal.measure.instrumentId;
        const points = screenings.filter((s) => s.instrumentId === instrumentId).map((s) => ({ at: s.completedAt, score: s.score }));
        const t = scoreTrend(points, goal.measure, plan.reviewIntervalDays, now);
        if (t.notImproving) notImproving = true;
        if (latest && instrumentId === latest.instrumentId && trend !== 'not-improving') trend = t.status;
      }
    }

    const daysOverdue = nextContactDue && nextContactDue < today ? Math.round((dayMs(today) - dayMs(nextContactDue)) / DAY_MS) : 0;
    const flags: RegistryFlag[] = [];
    if (daysOverdue > 0) flags.push('overdue-contact');
    if (notImproving) flags.push('not-improving');
    if (open.some((r) => missedFirstAppointment(r, today))) flags.push('no-first-appointment');

    const known = patientsBy.get(fp);
    const fromPacket = latestRef?.packet.patient;
    const name = known?.name ?? fromPacket?.name ?? '';
    const mrn = known?.mrn ?? fromPacket?.mrn ?? null;
    const providers = refs.flatMap((r) => r.packet.providers.map((v) => v.name));
    rows.push({
      patientFingerprint: fp,
      name,
      mrn,
      planId: plan?.id ?? null,
      lastContactOn,
      nextContactDue,
      latestScore: latest ? { instrumentId: latest.instrumentId, score: latest.score, on: dayOf(latest.completedAt) } : null,
      trend,
      referralStatus: latestRef?.status ?? null,
      referralSentOn: latestRef ? sentOn(latestRef) : null,
      flags,
      daysOverdue,
      searchText: [name, mrn ?? '', fp, ...providers].join('\u0000').toLowerCase(),
    });
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

/** Compares two nullable values; nulls always sort last, whatever the direction. */
function compareNullable<T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number, dir: 1 | -1): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return cmp(a, b) * dir;
}
const cmpString = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/**
 * Filtered and sorted rows (a new array; rows are not copied). The default sort, 'priority', puts
 * first those who need a change (AIMS): more flags first, then the most overdue, then the earliest
 * next contact, then name. Ties always fall back to name, then fingerprint, so the order is stable.
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
  const byName = (a: RegistryRow, b: RegistryRow) => collator.compare(a.name, b.name) || cmpString(a.patientFingerprint, b.patientFingerprint);
  const primary: (a: RegistryRow, b: RegistryRow) => number = {
    priority: (a: RegistryRow, b: RegistryRow) =>
      dir * (b.flags.length - a.flags.length || b.daysOverdue - a.daysOverdue) || compareNullable(a.nextContactDue, b.nextContactDue, cmpString, dir),
    name: (a: RegistryRow, b: RegistryRow) => dir * collator.compare(a.name, b.name),
    lastContactOn: (a: RegistryRow, b: RegistryRow) => compareNullable(a.lastContactOn, b.lastContactOn, cmpString, dir),
    nextContactDue: (a: RegistryRow, b: RegistryRow) => compareNullable(a.nextContactDue, b.nextContactDue, cmpString, dir),
    latestScore: (a: RegistryRow, b: RegistryRow) => compareNullable(a.latestScore?.score ?? null, b.latestScore?.score ?? null, (x, y) => x - y, dir),
    referralStatus: (a: RegistryRow, b: RegistryRow) => compareNullable(a.referralStatus, b.referralStatus, cmpString, dir),
  }[key];
  return out.sort((a, b) => primary(a, b) || byName(a, b));
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
