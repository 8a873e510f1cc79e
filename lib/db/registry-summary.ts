import Dexie, { type DBCore, type DBCoreKeyRange, type DBCoreMutateRequest, type DBCoreMutateResponse, type DBCoreTable, type DBCoreTransaction, type Middleware, type Transaction } from 'dexie';
import { z } from 'zod';
import { goalMeasureSchema } from '../careplan/plan';
import { planHistory, type VersionedCarePlan } from '../careplan/versioning';
import { referralStatusSchema } from '../referral/status';
import { registryDigest, type RegistryScreening } from '../registry/registry';
import type { PatientOwnedRecord, PatientRecord, ScreeningRecord } from './database';
import { REGISTRY_SUMMARY_TABLE, storedDigest, summaryBucketOf, summaryBuckets, type RegistrySummaryBucket, type RegistrySummaryRecord } from './registry-summary-table';

/**
 * The caseload registry's summary: one small row per patient on the caseload, holding the patient's
 * `RegistryDigest` (lib/registry: what the row is computed from at any clock; dates, not flags,
 * since flags depend on the page's clock), stored positionally (registry-summary-table.ts). It is kept up to date at write time, in the same transaction as the write,
 * by a Dexie middleware (`registrySummaryMiddleware`): every write to `carePlans`, `referrals`,
 * `screenings` or `patients`, whichever store or sync path makes it, recomputes the summaries of
 * the patients it touched. Opening the registry then reads 5,000 small rows instead of every care
 * plan's full history (tests/bench/registry/registry-page.bench.mjs).
 */

export { REGISTRY_SUMMARY_TABLE, digestOf, storedDigest, summariesIn, summaryBuckets, type RegistrySummaryBucket, type RegistrySummaryRecord, type StoredDigest } from './registry-summary-table';
/** The tables a registry row is computed from. */
export const REGISTRY_SOURCE_TABLES = ['carePlans', 'referrals', 'screenings', 'patients'] as const;
const SOURCES = new Set<string>(REGISTRY_SOURCE_TABLES);

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * The part of a stored care plan the registry reads, validated at write time. Validating only
 * these fields, rather than the whole plan with lib/careplan's cross-reference checks, keeps the
 * summary cheap; plans were validated in full when they were saved (applyChange), and the
 * registry's tests prove the rows are the same as from the full records.
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
export type RegistryPlan = z.infer<typeof registryPlanSchema>;

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
export type RegistryReferral = z.infer<typeof registryReferralSchema>;

/**
 * The current version of a stored care plan, as the registry reads it, or null when the record
 * does not hold a valid plan of the patient it is filed under (such a record is skipped, never
 * shown as if it were whole). A record is lib/careplan's VersionedCarePlan plus the table's keys;
 * `current` is used when it validates, otherwise the plan is rebuilt from version 1 and the changes.
 */
export function currentPlanOf(row: PatientOwnedRecord): RegistryPlan | null {
  const record = row as unknown as Partial<VersionedCarePlan>;
  const current = registryPlanSchema.safeParse(record.current);
  let plan: RegistryPlan | null = current.success ? current.data : null;
  if (!plan && record.initial && Array.isArray(record.history)) {
    try {
      const rebuilt = registryPlanSchema.safeParse(planHistory(record as VersionedCarePlan).at(-1)?.plan);
      plan = rebuilt.success ? rebuilt.data : null;
    } catch {
      plan = null;
    }
  }
  return plan && plan.patientFingerprint === row.patientFingerprint ? plan : null;
}

/** A stored referral as the registry reads it, or null when it does not parse or is filed under another patient. */
export function registryReferralOf(row: PatientOwnedRecord): RegistryReferral | null {
  const parsed = registryReferralSchema.safeParse(row);
  return parsed.success && parsed.data.packet.patient.fingerprint === row.patientFingerprint ? parsed.data : null;
}

/** The records of one patient, as read from the tables (each list in the table's key order). */
export interface PatientRecords {
  patientFingerprint: string;
  patient: PatientRecord | undefined;
  carePlans: readonly PatientOwnedRecord[];
  referrals: readonly PatientOwnedRecord[];
  screenings: readonly ScreeningRecord[];
}

/**
 * The patient's summary, or null when there is nothing to list or report (no active plan, no
 * referral that is not closed, no unreadable plan): such a patient has no summary row. Reads the
 * records as lib/registry's `registryRows` would from whole tables: each plan's current version
 * (the last active one in key order wins), referrals and completed numeric scores in key order.
 */
export function registrySummaryOf(records: PatientRecords): RegistrySummaryRecord | null {
  const fp = records.patientFingerprint;
  let plan: RegistryPlan | null = null;
  let unreadablePlans = 0;
  for (const row of records.carePlans) {
    if (row.patientFingerprint !== fp) continue;
    const current = currentPlanOf(row);
    if (!current) unreadablePlans++;
    else if (current.status === 'active') plan = current;
  }
  const referrals: RegistryReferral[] = [];
  for (const row of records.referrals) {
    const referral = row.patientFingerprint === fp ? registryReferralOf(row) : null;
    if (referral) referrals.push(referral);
  }
  const screenings: RegistryScreening[] = [];
  for (const s of records.screenings) {
    const score = s.result?.score;
    if (s.patientFingerprint === fp && s.result?.status === 'complete' && typeof score === 'number') screenings.push({ patientFingerprint: fp, instrumentId: s.instrumentId, score, completedAt: s.completedAt });
  }
  const patient = records.patient?.fingerprint === fp ? { fingerprint: fp, name: records.patient.name, mrn: records.patient.mrn } : undefined;
  const digest = registryDigest(fp, { plan, referrals, screenings, patient });
  return digest || unreadablePlans > 0 ? { patientFingerprint: fp, digest: digest && storedDigest(digest), unreadablePlans } : null;
}

/** Every patient's summary from whole tables (the version 4 upgrade and tests), in fingerprint order. */
export function registrySummariesOf(tables: { patients: readonly PatientRecord[]; carePlans: readonly PatientOwnedRecord[]; referrals: readonly PatientOwnedRecord[]; screenings: readonly ScreeningRecord[] }): RegistrySummaryRecord[] {
  const by = new Map<string, PatientRecords>();
  const of = (fp: string) => {
    let r = by.get(fp);
    if (!r) by.set(fp, (r = { patientFingerprint: fp, patient: undefined, carePlans: [], referrals: [], screenings: [] }));
    return r as { -readonly [K in keyof PatientRecords]: PatientRecords[K] extends readonly (infer T)[] ? T[] : PatientRecords[K] };
  };
  const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  for (const p of tables.carePlans.slice().sort(byKey((r) => r.id))) if (typeof p.patientFingerprint === 'string') of(p.patientFingerprint).carePlans.push(p);
  for (const r of tables.referrals.slice().sort(byKey((r) => r.id))) if (typeof r.patientFingerprint === 'string') of(r.patientFingerprint).referrals.push(r);
  const fps = new Set(by.keys());
  for (const s of tables.screenings.slice().sort(byKey((r) => r.id))) if (fps.has(s.patientFingerprint)) of(s.patientFingerprint).screenings.push(s);
  for (const p of tables.patients) if (fps.has(p.fingerprint)) of(p.fingerprint).patient = p;
  return [...by.values()]
    .map(registrySummaryOf)
    .filter((s): s is RegistrySummaryRecord => s !== null)
    .sort(byKey((s) => s.patientFingerprint));
}

/** Rebuilds every summary from the tables (the version 4 upgrade: summaries of data written before it). */
export async function rebuildRegistrySummaries(tx: Transaction): Promise<void> {
  const [patients, carePlans, referrals, screenings] = await Promise.all([
    tx.table('patients').toArray(),
    tx.table('carePlans').toArray(),
    tx.table('referrals').toArray(),
    tx.table('screenings').toArray(),
  ]);
  const summaries = tx.table(REGISTRY_SUMMARY_TABLE);
  await summaries.clear();
  await summaries.bulkPut(summaryBuckets(registrySummariesOf({ patients, carePlans, referrals, screenings })));
}

const equal = (key: string): DBCoreKeyRange => ({ type: 1 /* DBCoreRangeType.Equal */, lower: key, upper: key });

function hasSummaryStore(trans: DBCoreTransaction): boolean {
  // Dexie's IndexedDB core hands down the IDBTransaction itself.
  return (trans as unknown as IDBTransaction).objectStoreNames?.contains(REGISTRY_SUMMARY_TABLE) ?? false;
}

const fingerprintOf = (table: string, value: unknown): string | undefined => {
  const v = value as { fingerprint?: unknown; patientFingerprint?: unknown } | undefined;
  const fp = table === 'patients' ? v?.fingerprint : v?.patientFingerprint;
  return typeof fp === 'string' ? fp : undefined;
};

/**
 * The patients whose records this write changes, read before it (old values) and from it (new
 * values). Written with Dexie's promises, never `await`: the layers below read Dexie's zone
 * (the current transaction), which a native await would lose.
 */
function patientsTouched(table: DBCoreTable, req: DBCoreMutateRequest): PromiseLike<Set<string>> {
  const name = table.name;
  const out = new Set<string>();
  const add = (v: unknown) => {
    const fp = fingerprintOf(name, v);
    if (fp !== undefined) out.add(fp);
  };
  if (req.type === 'deleteRange') {
    return table.query({ trans: req.trans, values: true, query: { index: table.schema.primaryKey, range: req.range } }).then(({ result }) => {
      result.forEach(add);
      return out;
    });
  }
  if (req.type !== 'delete') req.values.forEach(add);
  if (name === 'patients') {
    if (req.type === 'delete') for (const k of req.keys) if (typeof k === 'string') out.add(k);
    return Dexie.Promise.resolve(out);
  }
  // A record re-filed under another patient changes both patients' rows.
  const keys = (req.type === 'delete' ? req.keys : (req.keys ?? req.values.map((v) => table.schema.primaryKey.extractKey?.(v)))).filter((k) => k !== undefined);
  return table.getMany({ trans: req.trans, keys }).then((old) => {
    old.forEach(add);
    return out;
  });
}

/** Recomputes the summaries of these patients inside the write's transaction. */
function refreshSummaries(core: DBCore, trans: DBCoreTransaction, fingerprints: Iterable<string>): PromiseLike<unknown> {
  const byPatient = (table: string) => {
    const t = core.table(table);
    const index = t.schema.getIndexByKeyPath('patientFingerprint')!;
    return (fp: string) => t.query({ trans, values: true, query: { index, range: equal(fp) } }).then((r) => r.result);
  };
  const [plansOf, referralsOf, screeningsOf] = [byPatient('carePlans'), byPatient('referrals'), byPatient('screenings')];
  const patients = core.table('patients');
  const summaries = core.table(REGISTRY_SUMMARY_TABLE);
  const touched = [...fingerprints];
  return Dexie.Promise.all(
    touched.map((fp) =>
      Dexie.Promise.all([plansOf(fp), referralsOf(fp), screeningsOf(fp), patients.get({ trans, key: fp })]).then(([carePlans, referrals, screenings, patient]) =>
        registrySummaryOf({ patientFingerprint: fp, patient, carePlans, referrals, screenings }),
      ),
    ),
  ).then((fresh) => {
    // Each touched bucket is read, its touched patients replaced (or removed), and written back.
    const changes = new Map<number, Map<string, RegistrySummaryRecord | null>>();
    touched.forEach((fp, i) => {
      const bucket = summaryBucketOf(fp);
      if (!changes.has(bucket)) changes.set(bucket, new Map());
      changes.get(bucket)!.set(fp, fresh[i] ?? null);
    });
    return Dexie.Promise.all(
      [...changes].map(([bucket, patientsChanged]) =>
        summaries
          .get({ trans, key: bucket })
          .then((stored: RegistrySummaryBucket | undefined) => {
            const kept = (stored?.summaries ?? []).filter((s) => !patientsChanged.has(s.patientFingerprint));
            const now = [...kept, ...[...patientsChanged.values()].filter((s): s is RegistrySummaryRecord => s !== null)];
            const [next] = summaryBuckets(now);
            return next ? summaries.mutate({ type: 'put', trans, values: [next] }) : summaries.mutate({ type: 'delete', trans, keys: [bucket] });
          })
          .then((res) => {
            if (res.numFailures) throw res.failures[0];
          }),
      ),
    );
  });
}

/**
 * Keeps `registrySummaries` up to date: a read-write transaction on any source table also covers
 * the other sources and the summary table, and every write to a source table recomputes, in that
 * transaction, the summaries of the patients it touched (so a failed write leaves no summary
 * behind, and no store can forget to update it).
 */
export const registrySummaryMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'RegistrySummary',
  create: (down) => ({
    transaction: (stores, mode, options) => {
      const covered = mode === 'readwrite' && stores.some((s) => SOURCES.has(s)) && down.schema.tables.some((t) => t.name === REGISTRY_SUMMARY_TABLE);
      return down.transaction(covered ? [...new Set([...stores, ...SOURCES, REGISTRY_SUMMARY_TABLE])] : stores, mode, options);
    },
    table: (name) => {
      const table = down.table(name);
      if (!SOURCES.has(name)) return table;
      return {
        ...table,
        mutate: (req) => {
          if (!hasSummaryStore(req.trans)) return table.mutate(req);
          return patientsTouched(table, req).then((touched) =>
            table.mutate(req).then((res) => (touched.size > 0 ? refreshSummaries(down, req.trans, touched).then(() => res) : res)),
          ) as Promise<DBCoreMutateResponse>;
        },
      };
    },
  }),
};
