import type { CarePlan } from './plan';
import { diffPlans, PLAN_COLLECTIONS, PLAN_FIELDS, type PlanChange, type PlanDifference, type PlanEdit } from './versioning';

/**
 * Comparing two whole plans: what an editor's working copy (or an imported plan) changes in the
 * saved one. The editor works on a copy and saves it whole; the background turns the copy into
 * one `batch` change with `planChangeBetween`, so the history keeps what was edited, not a copy.
 */

/**
 * The one change that turns `from` into `to`, or null when they are the same plan. Each edit is
 * validated as it is applied, so the order matters: upserts first in dependency order (problems,
 * care team, goals, interventions, decisions), so nothing points at an item not yet there; then
 * removals in the reverse order, once nothing that stays points at them; then plan fields.
 * Applying it to `from` gives a plan with no difference from `to` (property-tested).
 */
export function planChangeBetween(from: CarePlan, to: CarePlan): PlanChange | null {
  const differences = diffPlans(from, to);
  if (differences.length === 0) return null;
  const edits: PlanEdit[] = [];
  const item = (collection: (typeof PLAN_COLLECTIONS)[number], id: string) => (to[collection] as { id: string }[]).find((x) => x.id === id)!;
  const order = ['problems', 'careTeam', 'goals', 'interventions', 'decisions'] as const;
  for (const collection of order) {
    for (const d of differences) {
      if ('collection' in d && d.collection === collection && d.kind !== 'removed') edits.push({ op: 'upsert', collection, item: item(collection, d.id) } as PlanEdit);
    }
  }
  for (const collection of [...order].reverse()) {
    for (const d of differences) if ('collection' in d && d.collection === collection && d.kind === 'removed') edits.push({ op: 'remove', collection, id: d.id });
  }
  for (const d of differences) if ('field' in d) edits.push({ op: 'set', field: d.field, value: d.to } as PlanEdit);
  return edits.length === 1 ? edits[0]! : { op: 'batch', edits };
}

const COLLECTION_WORDS: Record<(typeof PLAN_COLLECTIONS)[number], string> = {
  problems: 'problem',
  goals: 'goal',
  interventions: 'intervention',
  careTeam: 'care team member',
  decisions: 'shared decision',
};

const FIELD_WORDS: Record<(typeof PLAN_FIELDS)[number], string> = {
  status: 'plan status',
  reviewIntervalDays: 'review interval (days)',
  lastContactOn: 'last contact',
  nextContactDue: 'next contact due',
};

/** A difference as a line a clinician reads ("Added goal: I want to …"; "Changed care team member Lee Carter: name, role"). */
export function describeDifference(d: PlanDifference, a: CarePlan, b: CarePlan): string {
  if ('field' in d) return `Set ${FIELD_WORDS[d.field]}: ${String(d.from ?? 'none')} → ${String(d.to ?? 'none')}`;
  const label = (plan: CarePlan) => {
    const found = (plan[d.collection] as Record<string, unknown>[]).find((x) => x.id === d.id);
    if (!found) return d.id;
    const text = found.patientWords ?? found.name ?? found.description ?? found.topic ?? d.id;
    return String(text);
  };
  if (d.kind === 'changed') return `Changed ${COLLECTION_WORDS[d.collection]} ${label(b)}: ${d.fields.join(', ')}`;
  return d.kind === 'added' ? `Added ${COLLECTION_WORDS[d.collection]}: ${label(b)}` : `Removed ${COLLECTION_WORDS[d.collection]}: ${label(a)}`;
}
