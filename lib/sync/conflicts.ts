import { carePlan, type CarePlan } from '../careplan/plan';
import { PLAN_COLLECTIONS, PLAN_FIELDS, type PlanCollection, type PlanField } from '../careplan/versioning';
import type { Consent } from '../consent/consent';
import type { ReferralRecord } from '../referral/status';

/**
 * Sync conflicts in the clinician's words, and what a choice does to the local record. Pure: the
 * background reads and saves the records (entrypoints/background/handlers/sync.ts).
 *
 * A conflict field's `path` is what lib/sync/merge.ts wrote: `<collection>/<item id>` or a plan
 * field for care plans, `packet` for a referral, `(plan)`, `(consent)` or `(screening)` for a
 * whole record.
 */

/** Which side of a conflict the clinician keeps. */
export type ConflictChoice = 'keep-local' | 'take-remote';

export interface ConflictField {
  path: string;
  local: unknown;
  remote: unknown;
}

const KIND_LABELS: Record<string, string> = { 'care-plan': 'Care plan', referral: 'Referral', consent: 'Consent', screening: 'Screening' };

const COLLECTION_LABELS: Record<PlanCollection, string> = {
  problems: 'Problem',
  goals: 'Goal',
  interventions: 'Intervention',
  careTeam: 'Care team member',
  decisions: 'Shared decision',
};

const FIELD_LABELS: Record<PlanField, string> = {
  status: 'Plan status',
  reviewIntervalDays: 'Review every (days)',
  lastContactOn: 'Last contact',
  nextContactDue: 'Next contact due',
};

/** "Care plan", "Referral", … for a sync kind. */
export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The words that name a care plan item: a goal in the patient's words, a problem's description, a member's name. */
function itemName(item: unknown): string | null {
  if (!isRecord(item)) return null;
  for (const key of ['patientWords', 'description', 'name', 'topic']) if (typeof item[key] === 'string') return item[key];
  return null;
}

const clip = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** One value in a line: a plan item by its words, status and dates; a whole record by what says most. */
export function conflictValueText(path: string, value: unknown): string {
  if (value === null || value === undefined) return path.includes('/') ? '(removed)' : '(none)';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!isRecord(value)) return clip(Array.isArray(value) ? `${value.length} entries` : String(value));
  const parts: string[] = [];
  const name = itemName(value);
  if (name) parts.push(`“${clip(name, 120)}”`);
  if (path === '(plan)' && Array.isArray(value.goals)) parts.push(`${value.goals.length} goal(s), ${(value.interventions as unknown[] | undefined)?.length ?? 0} intervention(s)`);
  if (path === 'packet' && isRecord(value) && Array.isArray(value.providers)) {
    const names = value.providers.map((p) => (isRecord(p) && isRecord(p.provider) && typeof p.provider.name === 'string' ? p.provider.name : null)).filter(Boolean);
    if (names.length) parts.push(`to ${names.join(', ')}`);
    if (typeof value.createdAt === 'string') parts.push(`made ${value.createdAt}`);
  }
  if (path === '(consent)') {
    if (isRecord(value.purpose) && typeof value.purpose.text === 'string') parts.push(`for ${clip(value.purpose.text, 80)}`);
    parts.push(value.revokedAt ? `revoked ${String(value.revokedAt)}` : 'not revoked');
  }
  if (path === '(screening)' && typeof value.instrumentId === 'string') parts.push(`${value.instrumentId}${typeof value.completedAt === 'string' ? ` on ${value.completedAt}` : ''}`);
  if (typeof value.targetDate === 'string') parts.push(`target ${value.targetDate}`);
  if (typeof value.dueOn === 'string') parts.push(`due ${value.dueOn}`);
  if (typeof value.status === 'string') parts.push(`status ${value.status}`);
  return parts.length ? parts.join(', ') : 'a different version';
}

/** What a field path means, e.g. `goals/g1` → `Goal “Drive my kids to school”`. */
export function conflictFieldLabel(kind: string, field: ConflictField): string {
  if (field.path === '(plan)') return 'The whole care plan (the changes could not be combined)';
  if (field.path === '(consent)') return 'The consent (it differs beyond a revocation)';
  if (field.path === '(screening)') return 'The screening (two different screenings under one id)';
  if (kind === 'referral' && field.path === 'packet') return 'The referral packet';
  const [collection, id] = field.path.split('/', 2) as [string, string | undefined];
  if (id !== undefined && (PLAN_COLLECTIONS as readonly string[]).includes(collection)) {
    const name = itemName(field.local) ?? itemName(field.remote);
    return `${COLLECTION_LABELS[collection as PlanCollection]} ${name ? `“${clip(name, 120)}”` : id}`;
  }
  if ((PLAN_FIELDS as readonly string[]).includes(field.path)) return FIELD_LABELS[field.path as PlanField];
  return field.path;
}

/** A conflict can only be applied to the record it was found on. */
export class ConflictMismatchError extends Error {
  override readonly name = 'ConflictMismatchError';
}

const pick = (field: ConflictField, choice: ConflictChoice) => (choice === 'keep-local' ? field.local : field.remote);

/**
 * The care plan with the chosen side of each conflict field applied (an item replaced, added or
 * removed; a plan field set; the whole plan for `(plan)`). Validates the result (lib/careplan
 * throws CarePlanError when, say, the kept side removes a goal an intervention needs).
 */
export function resolvedCarePlan(current: CarePlan, fields: ConflictField[], choice: ConflictChoice): CarePlan {
  let plan: Record<string, unknown> = { ...current };
  for (const field of fields) {
    const value = pick(field, choice);
    if (field.path === '(plan)') {
      if (!isRecord(value)) throw new ConflictMismatchError('The conflict does not hold a whole care plan. Nothing was changed.');
      plan = { ...value };
      continue;
    }
    const [collection, id] = field.path.split('/', 2) as [string, string | undefined];
    if (id !== undefined && (PLAN_COLLECTIONS as readonly string[]).includes(collection)) {
      const list = plan[collection] as { id: string }[];
      const at = list.findIndex((item) => item.id === id);
      if (value === null || value === undefined) plan[collection] = list.filter((item) => item.id !== id);
      else plan[collection] = at === -1 ? [...list, value] : list.map((item, i) => (i === at ? value : item));
    } else if ((PLAN_FIELDS as readonly string[]).includes(field.path)) plan[field.path] = value;
    else throw new ConflictMismatchError(`Bridge does not know the care plan field '${field.path}'. Nothing was changed.`);
  }
  if (plan.id !== current.id || plan.patientFingerprint !== current.patientFingerprint) {
    throw new ConflictMismatchError('The conflict is about another care plan than the one saved for this patient. Nothing was changed.');
  }
  return carePlan(plan);
}

/** The referral with the chosen packet. */
export function resolvedReferral(current: ReferralRecord, fields: ConflictField[], choice: ConflictChoice): ReferralRecord {
  let next = current;
  for (const field of fields) {
    if (field.path !== 'packet') throw new ConflictMismatchError(`Bridge does not know the referral field '${field.path}'. Nothing was changed.`);
    next = { ...next, packet: pick(field, choice) as ReferralRecord['packet'] };
  }
  return next;
}

/** The chosen consent; a revocation already recorded here is kept whichever side is chosen. */
export function resolvedConsent(current: Consent, fields: ConflictField[], choice: ConflictChoice): Consent {
  let next = current;
  for (const field of fields) {
    if (field.path !== '(consent)') throw new ConflictMismatchError(`Bridge does not know the consent field '${field.path}'. Nothing was changed.`);
    const chosen = pick(field, choice) as Consent;
    next = current.revokedAt ? { ...chosen, revokedAt: current.revokedAt, revokedBy: current.revokedBy } : chosen;
  }
  return next;
}
