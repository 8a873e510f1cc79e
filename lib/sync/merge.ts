import { carePlan, type CarePlan } from '../careplan/plan';
import { planChangeBetween } from '../careplan/changes';
import { applyChange, PLAN_COLLECTIONS, PLAN_FIELDS, stableJson, type VersionedCarePlan } from '../careplan/versioning';
import type { Consent } from '../consent/consent';
import type { ReferralRecord } from '../referral/status';
import type { LocalRecord, SyncKind } from './resources';

/**
 * Merging a record changed on this machine with the server's version changed elsewhere (after a
 * 412, or when a pull meets a local edit not yet pushed). What can merge, merges field by field;
 * what cannot is returned as conflicts, and the merged record keeps this machine's value there
 * until the clinician decides. Nothing is dropped silently: every remote value that lost is in a
 * conflict.
 */

export interface FieldConflict {
  path: string;
  local: unknown;
  remote: unknown;
}

export interface MergeOutcome {
  merged: LocalRecord;
  conflicts: FieldConflict[];
}

const same = (a: unknown, b: unknown) => stableJson(a) === stableJson(b);

/**
 * Three-way merge of care plans: `base` is the plan both sides last agreed on (null when they never
 * did: then only additions merge). Collections merge by item id: an item changed (or added, or
 * removed) on one side only takes that side; changed on both sides to different values is a
 * conflict. Plan fields (status, review interval, contact dates) the same way. A merge whose result
 * would be an invalid plan (a goal removed on one side that the other side's new intervention
 * needs) keeps the local plan and reports the whole difference as a conflict.
 */
export function mergeCarePlans(base: CarePlan | null, local: CarePlan, remote: CarePlan): { plan: CarePlan; conflicts: FieldConflict[] } {
  const conflicts: FieldConflict[] = [];
  const out: Record<string, unknown> = { ...local };
  for (const collection of PLAN_COLLECTIONS) {
    type Item = { id: string };
    const byId = (plan: CarePlan | null) => new Map(((plan?.[collection] ?? []) as Item[]).map((i) => [i.id, i]));
    const b = byId(base);
    const l = byId(local);
    const r = byId(remote);
    const ids = [...new Set([...l.keys(), ...r.keys()])];
    const merged: Item[] = [];
    for (const id of ids) {
      const [bi, li, ri] = [b.get(id), l.get(id), r.get(id)];
      if (same(li, ri)) {
        if (li) merged.push(li);
      } else if (same(bi, li)) {
        if (ri) merged.push(ri); // only the remote side changed (or added, or removed) it
      } else if (same(bi, ri)) {
        if (li) merged.push(li); // only this machine changed it
      } else {
        conflicts.push({ path: `${collection}/${id}`, local: li ?? null, remote: ri ?? null });
        if (li) merged.push(li);
      }
    }
    // Keep the local order, then the remote's new items in their order.
    const order = [...l.keys(), ...[...r.keys()].filter((id) => !l.has(id))];
    out[collection] = order.flatMap((id) => merged.filter((m) => m.id === id));
  }
  for (const field of PLAN_FIELDS) {
    const [bv, lv, rv] = [base?.[field], local[field], remote[field]];
    if (same(lv, rv) || same(bv, rv)) continue;
    if (same(bv, lv)) out[field] = rv;
    else conflicts.push({ path: field, local: lv, remote: rv });
  }
  try {
    return { plan: carePlan(out), conflicts };
  } catch {
    return { plan: local, conflicts: [{ path: '(plan)', local, remote }] };
  }
}

/**
 * Referral status is an event log: both sides' events are kept (union by time and status), and
 * the status is the newest event's. Follow-up and appointment dates come with the newest event's
 * side. The packet does not change after creation; a different packet is a conflict.
 */
export function mergeReferrals(local: ReferralRecord, remote: ReferralRecord): { referral: ReferralRecord; conflicts: FieldConflict[] } {
  const key = (e: ReferralRecord['history'][number]) => `${e.at}|${e.status}`;
  const events = new Map<string, ReferralRecord['history'][number]>();
  for (const e of [...local.history, ...remote.history]) events.set(key(e), events.get(key(e)) ?? e);
  const history = [...events.values()].sort((a, b) => a.at.localeCompare(b.at) || a.status.localeCompare(b.status));
  const newest = history.at(-1)!;
  const localNewest = local.history.at(-1);
  const newestSide = localNewest && key(localNewest) === key(newest) ? local : remote;
  const conflicts = same(local.packet, remote.packet) ? [] : [{ path: 'packet', local: local.packet, remote: remote.packet }];
  return {
    referral: { ...local, history, status: newest.status, followUpOn: newestSide.followUpOn, appointmentOn: newestSide.appointmentOn },
    conflicts,
  };
}

/**
 * A consent's only change after it is recorded is its revocation: a revocation on either side
 * wins (the earliest one). Any other difference is a conflict.
 */
export function mergeConsents(local: Consent, remote: Consent): { consent: Consent; conflicts: FieldConflict[] } {
  const revokedAt = [local.revokedAt, remote.revokedAt].filter((x): x is string => !!x).sort()[0] ?? null;
  const revokedBy = revokedAt === local.revokedAt ? local.revokedBy : remote.revokedBy;
  const strip = (c: Consent) => ({ ...c, revokedAt: null, revokedBy: null });
  const conflicts = same(strip(local), strip(remote)) ? [] : [{ path: '(consent)', local, remote }];
  return { consent: { ...local, revokedAt, revokedBy }, conflicts };
}

/**
 * Merges a local record with the server's. `base` is the record as last agreed (care plans use it
 * for the three-way merge). A care plan's merge becomes a new version of the local plan, made
 * by `by` at `at`, so its history says the merge happened.
 */
export function mergeRecords(kind: SyncKind, base: LocalRecord | null, local: LocalRecord, remote: LocalRecord, stamp: { by: string; at: string }): MergeOutcome {
  switch (kind) {
    case 'care-plan': {
      const l = local as unknown as VersionedCarePlan & LocalRecord;
      const r = remote as unknown as VersionedCarePlan;
      const b = (base as unknown as VersionedCarePlan | null)?.current ?? null;
      const { plan, conflicts } = mergeCarePlans(b, l.current, r.current);
      const change = planChangeBetween(l.current, plan);
      if (!change) return { merged: local, conflicts };
      const lastAt = l.history.at(-1)?.at ?? stamp.at;
      const at = Date.parse(stamp.at) < Date.parse(lastAt) ? lastAt : stamp.at;
      const { plan: next } = applyChange(l, change, { by: stamp.by, at });
      return { merged: { ...local, ...next }, conflicts };
    }
    case 'referral': {
      const { referral, conflicts } = mergeReferrals(local as unknown as ReferralRecord, remote as unknown as ReferralRecord);
      return { merged: { ...local, ...referral }, conflicts };
    }
    case 'consent': {
      const { consent, conflicts } = mergeConsents(local as unknown as Consent, remote as unknown as Consent);
      return { merged: { ...local, ...consent }, conflicts };
    }
    case 'screening':
      // A screening never changes after it is saved: two different ones under one id cannot merge.
      return { merged: local, conflicts: same(stripKeys(local), stripKeys(remote)) ? [] : [{ path: '(screening)', local, remote }] };
  }
}

const stripKeys = (r: LocalRecord) => {
  const { patientFingerprint: _fp, updatedAt: _u, ...rest } = r;
  return rest;
};
