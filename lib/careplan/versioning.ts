import { carePlan, CarePlanError, type CarePlan, type CarePlanInput } from './plan';

/**
 * Versioning: a plan changes only through `applyChange`, and every version is kept with who made
 * it and when. The record stores the first version and the list of changes; any version is
 * rebuilt by replaying them (`planHistory`, `planAt`), so the history cannot disagree with itself.
 */

export type PlanCollection = 'problems' | 'goals' | 'interventions' | 'careTeam' | 'decisions';
export const PLAN_COLLECTIONS: readonly PlanCollection[] = ['problems', 'goals', 'interventions', 'careTeam', 'decisions'];
export type PlanField = 'status' | 'reviewIntervalDays' | 'lastContactOn' | 'nextContactDue';
export const PLAN_FIELDS: readonly PlanField[] = ['status', 'reviewIntervalDays', 'lastContactOn', 'nextContactDue'];

type ItemInput<C extends PlanCollection> = NonNullable<CarePlanInput[C]>[number];

/** One edit. `upsert` adds an item or replaces the one with the same id; `batch` is one save of several edits. */
export type PlanEdit =
  | { [C in PlanCollection]: { op: 'upsert'; collection: C; item: ItemInput<C> } }[PlanCollection]
  | { op: 'remove'; collection: PlanCollection; id: string }
  | { [F in PlanField]: { op: 'set'; field: F; value: CarePlan[F] } }[PlanField];
export type PlanChange = PlanEdit | { op: 'batch'; edits: PlanEdit[] };

export interface PlanVersion {
  version: number;
  /** Who made this version (a care team member id or a user name). */
  by: string;
  /** When, as an ISO date-time from the caller's clock. */
  at: string;
  /** The change that made this version from the one before; null for the first version. */
  change: PlanChange | null;
}

export interface VersionedCarePlan {
  /** Version 1, as created. */
  initial: CarePlan;
  /** The latest version. */
  current: CarePlan;
  version: number;
  history: PlanVersion[];
}

/** A change that cannot be applied; the message says why and that nothing was saved. */
export class CarePlanChangeError extends Error {
  override readonly name = 'CarePlanChangeError';
}

interface Stamp {
  by: string;
  at: string;
}

function checkStamp(stamp: Stamp, after?: string): void {
  if (!stamp.by.trim()) throw new CarePlanChangeError('A change needs `by` (who made it). Nothing was saved.');
  if (Number.isNaN(Date.parse(stamp.at)) || !/^\d{4}-\d{2}-\d{2}T/.test(stamp.at)) {
    throw new CarePlanChangeError(`\`at\` must be an ISO date-time, got '${stamp.at}'. Nothing was saved.`);
  }
  if (after && Date.parse(stamp.at) < Date.parse(after)) {
    throw new CarePlanChangeError(`\`at\` ${stamp.at} is before the previous version (${after}); check the clock. Nothing was saved.`);
  }
}

/** Version 1 of a plan. Throws CarePlanError when the plan does not validate. */
export function createCarePlan(input: CarePlanInput, stamp: Stamp): VersionedCarePlan {
  checkStamp(stamp);
  const plan = carePlan(input);
  return { initial: plan, current: plan, version: 1, history: [{ version: 1, by: stamp.by, at: stamp.at, change: null }] };
}

function applyEdit(plan: CarePlan, edit: PlanEdit): CarePlanInput {
  switch (edit.op) {
    case 'upsert': {
      const list = plan[edit.collection] as { id: string }[];
      const item = edit.item as { id: string };
      const at = list.findIndex((x) => x.id === item.id);
      const next = at === -1 ? [...list, item] : list.map((x, i) => (i === at ? item : x));
      return { ...plan, [edit.collection]: next };
    }
    case 'remove': {
      const list = plan[edit.collection] as { id: string }[];
      if (!list.some((x) => x.id === edit.id)) {
        throw new CarePlanChangeError(`There is no '${edit.id}' in ${edit.collection} to remove. Nothing was saved.`);
      }
      return { ...plan, [edit.collection]: list.filter((x) => x.id !== edit.id) };
    }
    case 'set':
      return { ...plan, [edit.field]: edit.value };
  }
}

/** The plan after `change`, validated; throws CarePlanChangeError when the result is not a valid plan. */
export function changedPlan(plan: CarePlan, change: PlanChange): CarePlan {
  const edits = change.op === 'batch' ? change.edits : [change];
  let next: CarePlan = plan;
  try {
    for (const edit of edits) next = carePlan(applyEdit(next, edit));
  } catch (e) {
    if (e instanceof CarePlanError) throw new CarePlanChangeError(e.message.replace('The care plan is not valid', 'That change would leave the care plan invalid'));
    throw e;
  }
  return next;
}

/**
 * Applies one change and records a new version (number one higher) with who and when. A change
 * that leaves the plan exactly as it was records nothing and returns the current version. Never
 * mutates the record passed in.
 */
export function applyChange(record: VersionedCarePlan, change: PlanChange, stamp: Stamp): { plan: VersionedCarePlan; version: PlanVersion } {
  const last = record.history[record.history.length - 1]!;
  checkStamp(stamp, last.at);
  const next = changedPlan(record.current, change);
  if (stableJson(next) === stableJson(record.current)) return { plan: record, version: last };
  const version: PlanVersion = { version: record.version + 1, by: stamp.by, at: stamp.at, change };
  return { plan: { ...record, current: next, version: version.version, history: [...record.history, version] }, version };
}

/** Every version, oldest first, each with its plan rebuilt from the first version and the changes. */
export function planHistory(record: VersionedCarePlan): (PlanVersion & { plan: CarePlan })[] {
  const out: (PlanVersion & { plan: CarePlan })[] = [];
  let plan = record.initial;
  for (const v of record.history) {
    if (v.change) plan = changedPlan(plan, v.change);
    out.push({ ...v, plan });
  }
  return out;
}

/** The plan as it was at `version`; throws CarePlanChangeError for a version that does not exist. */
export function planAt(record: VersionedCarePlan, version: number): CarePlan {
  const found = planHistory(record).find((v) => v.version === version);
  if (!found) throw new CarePlanChangeError(`This plan has versions 1 to ${record.version}; there is no version ${version}.`);
  return found.plan;
}

export type PlanDifference =
  | { collection: PlanCollection; id: string; kind: 'added' | 'removed' }
  | { collection: PlanCollection; id: string; kind: 'changed'; fields: string[] }
  | { field: PlanField; kind: 'set'; from: unknown; to: unknown };

/** What changed between two versions: items added, removed or changed (with the changed fields), and plan fields set. */
export function diffVersions(record: VersionedCarePlan, from: number, to: number): PlanDifference[] {
  return diffPlans(planAt(record, from), planAt(record, to));
}

/** What differs between plan `a` and plan `b` (any two plans: two versions, or a saved plan and an imported one). */
export function diffPlans(a: CarePlan, b: CarePlan): PlanDifference[] {
  const out: PlanDifference[] = [];
  for (const collection of PLAN_COLLECTIONS) {
    const before = new Map((a[collection] as { id: string }[]).map((x) => [x.id, x as Record<string, unknown>]));
    const after = new Map((b[collection] as { id: string }[]).map((x) => [x.id, x as Record<string, unknown>]));
    for (const [id, item] of after) {
      const old = before.get(id);
      if (!old) out.push({ collection, id, kind: 'added' });
      else {
        const fields = [...new Set([...Object.keys(old), ...Object.keys(item)])].filter((k) => stableJson(old[k]) !== stableJson(item[k]));
        if (fields.length) out.push({ collection, id, kind: 'changed', fields: fields.sort() });
      }
    }
    for (const id of before.keys()) if (!after.has(id)) out.push({ collection, id, kind: 'removed' });
  }
  for (const field of PLAN_FIELDS) {
    if (stableJson(a[field]) !== stableJson(b[field])) out.push({ field, kind: 'set', from: a[field], to: b[field] });
  }
  return out;
}

/** JSON with object keys sorted, so equal plans compare equal whatever order their keys were written in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
