import { z } from 'zod';
import { utcMs } from '@/lib/careplan/dates';
import { goalMeasureSchema, type CarePlan } from '@/lib/careplan/plan';
import { planHistory, type VersionedCarePlan } from '@/lib/careplan/versioning';
import type { BridgeDatabase, PatientOwnedRecord } from '@/lib/db/database';
import type { RegistryRowWithScores } from '@/lib/messaging/messages/registry';
import type { Handlers } from '@/lib/messaging/router';
import { referralStatusSchema, type ReferralRecord } from '@/lib/referral/status';
import { queryRegistry, registryCsv, registryRows, type RegistryInput, type RegistryScreening } from '@/lib/registry/registry';
import { appendAudit } from '@/lib/db/audit-store';

/** How many of the latest instrument's scores the registry's sparkline shows. */
export const SPARKLINE_POINTS = 8;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * The part of a stored care plan the registry reads (lib/registry `registryRows`), validated on
 * the way out. Validating only these fields, rather than the whole plan with lib/careplan's
 * cross-reference checks, is what keeps a 5,000-patient registry fast; plans were validated in
 * full when they were saved (applyChange), and registry.test.ts proves the rows are the same.
 */
export const registryPlanSchema = z.object({
  id: z.string().min(1),
  patientFingerprint: z.string().min(1),
  status: z.enum(['active', 'closed']),
  reviewIntervalDays: z.number().int().min(1).max(365),
  lastContactOn: isoDate.nullable(),
  nextContactDue: isoDate.nullable(),
  goals: z.array(z.object({ status: z.enum(['proposed', 'active', 'achieved', 'stopped']), measure: goalMeasureSchema.optional() })),
});

/** The part of a stored referral the registry reads: status, history, follow-up, who and to whom. */
export const registryReferralSchema = z.object({
  id: z.string().min(1),
  status: referralStatusSchema,
  history: z.array(z.object({ status: referralStatusSchema, at: z.iso.datetime({ offset: true }) })),
  followUpOn: isoDate.nullable(),
  packet: z.object({
    createdAt: z.iso.datetime({ offset: true }),
    patient: z.object({ fingerprint: z.string().min(8), name: z.string(), mrn: z.string().nullable() }),
    providers: z.array(z.object({ name: z.string() })).min(1),
  }),
});

/**
 * The current version of a stored care plan, as the registry reads it, or null when the record
 * does not hold a valid plan of the patient it is filed under (such a record is skipped, never
 * shown as if it were whole). A record is lib/careplan's VersionedCarePlan plus the table's keys;
 * `current` is used when it validates, otherwise the plan is rebuilt from version 1 and the changes.
 */
export function currentPlanOf(row: PatientOwnedRecord): CarePlan | null {
  const record = row as unknown as Partial<VersionedCarePlan>;
  let plan: z.infer<typeof registryPlanSchema> | null = null;
  const current = registryPlanSchema.safeParse(record.current);
  if (current.success) plan = current.data;
  else if (record.initial && Array.isArray(record.history)) {
    try {
      plan = planHistory(record as VersionedCarePlan).at(-1)?.plan ?? null;
    } catch {
      plan = null;
    }
  }
  // registryRows reads only the fields registryPlanSchema checks (see registry.test.ts).
  return plan && plan.patientFingerprint === row.patientFingerprint ? (plan as CarePlan) : null;
}

/** A stored referral as the registry reads it, or null when it does not parse or is filed under another patient. */
export function registryReferralOf(row: PatientOwnedRecord): ReferralRecord | null {
  const parsed = registryReferralSchema.safeParse(row);
  // registryRows reads only the fields registryReferralSchema checks (see registry.test.ts).
  return parsed.success && parsed.data.packet.patient.fingerprint === row.patientFingerprint ? (parsed.data as unknown as ReferralRecord) : null;
}

/** Completed screenings with a numeric score, as the registry needs them. */
async function registryScreenings(db: BridgeDatabase): Promise<RegistryScreening[]> {
  const out: RegistryScreening[] = [];
  for (const r of await db.screenings.toArray()) {
    const score = r.result.score;
    if (r.result.status === 'complete' && typeof score === 'number') out.push({ patientFingerprint: r.patientFingerprint, instrumentId: r.instrumentId, score, completedAt: r.completedAt });
  }
  return out;
}

/**
 * A cheap fingerprint of what the registry reads: each table's row count and latest update (index
 * reads only). Every write Bridge makes to these tables stamps `updatedAt`/`lastSeenAt`/
 * `completedAt` with the time of the write, and a purge changes the count, so an unchanged
 * signature means the rows read last time are still the rows in the database.
 */
async function inputSignature(db: BridgeDatabase): Promise<string> {
  const parts = await Promise.all([
    db.carePlans.count(),
    db.carePlans.orderBy('updatedAt').lastKey(),
    db.referrals.count(),
    db.referrals.orderBy('updatedAt').lastKey(),
    db.screenings.count(),
    db.screenings.orderBy('completedAt').lastKey(),
    db.patients.count(),
    db.patients.orderBy('lastSeenAt').lastKey(),
  ]);
  return JSON.stringify(parts);
}

type LoadedInput = RegistryInput & { skippedPlans: number };
// Reading 5,000 patients' plans, screenings and referrals from IndexedDB is most of a registry
// open (tests/bench/registry/registry-page.bench.mjs); while the worker lives, it is read again
// only when the signature says something changed.
const cache = new WeakMap<BridgeDatabase, { signature: string; input: LoadedInput }>();

/** Everything the registry is computed from, read from the background's database (or the worker's copy of it, when nothing changed). */
export async function registryInput(db: BridgeDatabase): Promise<LoadedInput> {
  const signature = await inputSignature(db);
  const cached = cache.get(db);
  if (cached?.signature === signature) return cached.input;
  const input = await readRegistryInput(db);
  // Stored only if nothing was written while reading; otherwise the next open reads again.
  if ((await inputSignature(db)) === signature) cache.set(db, { signature, input });
  return input;
}

async function readRegistryInput(db: BridgeDatabase): Promise<LoadedInput> {
  const [planRows, screenings, referralRows, patients] = await Promise.all([db.carePlans.toArray(), registryScreenings(db), db.referrals.toArray(), db.patients.toArray()]);
  const plans = planRows.map(currentPlanOf).filter((p): p is CarePlan => p !== null);
  return {
    plans,
    screenings,
    referrals: referralRows.map(registryReferralOf).filter((r): r is ReferralRecord => r !== null),
    patients: patients.map((p) => ({ fingerprint: p.fingerprint, name: p.name, mrn: p.mrn })),
    skippedPlans: planRows.length - plans.length,
  };
}

type TimedScore = { instrumentId: string; score: number; ms: number };
// Grouped and sorted once per read of the database (the worker reuses a read while nothing changed).
const scoresByPatientOf = new WeakMap<readonly RegistryScreening[], Map<string, TimedScore[]>>();

function scoresByPatient(screenings: readonly RegistryScreening[]): Map<string, TimedScore[]> {
  let byPatient = scoresByPatientOf.get(screenings);
  if (byPatient) return byPatient;
  byPatient = new Map();
  for (const s of screenings) {
    const point = { instrumentId: s.instrumentId, score: s.score, ms: utcMs(s.completedAt) };
    const list = byPatient.get(s.patientFingerprint);
    if (list) list.push(point);
    else byPatient.set(s.patientFingerprint, [point]);
  }
  for (const list of byPatient.values()) list.sort((a, b) => a.ms - b.ms);
  scoresByPatientOf.set(screenings, byPatient);
  return byPatient;
}

/** The registry rows at `now`, each with its latest instrument's recent scores (oldest first, up to `now`) for the sparkline. */
export function rowsWithScores(input: RegistryInput, now: Date): RegistryRowWithScores[] {
  const nowMs = now.getTime();
  const byPatient = scoresByPatient(input.screenings);
  return registryRows(input, now).map((row) => {
    const instrumentId = row.latestScore?.instrumentId;
    const recentScores: number[] = [];
    const list = instrumentId ? (byPatient.get(row.patientFingerprint) ?? []) : [];
    for (let i = list.length - 1; i >= 0 && recentScores.length < SPARKLINE_POINTS; i--) {
      const point = list[i]!;
      if (point.instrumentId === instrumentId && point.ms <= nowMs) recentScores.unshift(point.score);
    }
    return { ...row, recentScores };
  });
}


/** The background's handlers for the caseload registry (registry.html). */
export function registryHandlers(db: BridgeDatabase): Handlers {
  return {
    'registry.rows': async ({ now }) => {
      const { skippedPlans, ...input } = await registryInput(db);
      return { rows: rowsWithScores(input, new Date(now)), skippedPlans };
    },
    'registry.exportCsv': async ({ now, query }) => {
      const { skippedPlans: _skipped, ...input } = await registryInput(db);
      const rows = queryRegistry(registryRows(input, new Date(now)), query);
      const csv = registryCsv(rows);
      // Recorded before the file is handed over: the export is the clinician's explicit action.
      await appendAudit(db, 'export', null, `caseload registry CSV, ${rows.length} patient${rows.length === 1 ? '' : 's'}${query.search || query.flags?.length || query.referralStatuses || query.hasPlan !== undefined ? ' (filtered)' : ''}`);
      return { csv, rows: rows.length };
    },
  };
}
