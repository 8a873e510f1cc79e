import { z } from 'zod';
import { planChangeBetween } from '../careplan/changes';
import { carePlan, carePlanSchema } from '../careplan/plan';
import { applyChange, createCarePlan, type VersionedCarePlan } from '../careplan/versioning';
import type { BridgeDatabase, PatientOwnedRecord } from './database';

/**
 * Care plans in the background's database, one per patient, in the existing `carePlans` table.
 * A row is lib/careplan's VersionedCarePlan (`initial`, `current`, `version`, `history`) plus the
 * table's keys (`id` = the plan's id, `patientFingerprint`, `updatedAt`): the registry reads the
 * same rows. A save names the patient it was started for and the version it was based on; the
 * store refuses a plan of another patient and a save on top of a version that is no longer the
 * latest, so two editors never silently overwrite each other.
 */

/** The plan belongs to another patient than the one the save was started for. Nothing was saved. */
export class WrongPatientPlanError extends Error {
  override readonly name = 'WrongPatientPlanError';
}

/** The plan changed (another window, a colleague's import) since this editor loaded it. Nothing was saved. */
export class StalePlanError extends Error {
  override readonly name = 'StalePlanError';
}

const storedSchema = z.object({
  id: z.string(),
  patientFingerprint: z.string(),
  initial: carePlanSchema,
  current: carePlanSchema,
  version: z.number().int().min(1),
  history: z.array(z.object({ version: z.number().int(), by: z.string(), at: z.string(), change: z.unknown() })).min(1),
});

/**
 * The patient's plan with its history, or null when there is none. A row that does not hold a
 * valid plan of this patient is treated as no plan, never shown as if it were whole.
 */
export async function carePlanOf(db: BridgeDatabase, patientFingerprint: string): Promise<VersionedCarePlan | null> {
  const rows = await db.carePlans.where('patientFingerprint').equals(patientFingerprint).toArray();
  for (const row of rows.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))) {
    const parsed = storedSchema.safeParse(row);
    if (parsed.success && parsed.data.current.patientFingerprint === patientFingerprint && parsed.data.initial.patientFingerprint === patientFingerprint) {
      const { initial, current, version, history } = parsed.data;
      return { initial, current, version, history: history as VersionedCarePlan['history'] };
    }
  }
  return null;
}

export interface CarePlanSave {
  /** The patient the editor was opened for. */
  patientFingerprint: string;
  /** The version the editor started from (0: there was no plan yet). */
  basedOnVersion: number;
  /** The whole plan as the editor holds it (validated here). */
  plan: unknown;
}

/**
 * Saves the editor's plan as the patient's next version (version 1 when there is none), with who
 * and when. A plan identical to the saved one records nothing. Throws `WrongPatientPlanError`,
 * `StalePlanError`, `CarePlanError` or `CarePlanChangeError` (lib/careplan) and then writes nothing.
 */
export async function saveCarePlan(db: BridgeDatabase, save: CarePlanSave, stamp: { by: string; at: string }): Promise<VersionedCarePlan> {
  const plan = carePlan(save.plan);
  if (plan.patientFingerprint !== save.patientFingerprint) {
    throw new WrongPatientPlanError('This care plan belongs to another patient than the one it was opened for. Nothing was saved; open the plan from the right chart.');
  }
  return db.transaction('rw', db.carePlans, async () => {
    const existing = await carePlanOf(db, save.patientFingerprint);
    if ((existing?.version ?? 0) !== save.basedOnVersion) {
      throw new StalePlanError(
        existing
          ? `The plan changed since you opened it: it is now version ${existing.version} (${existing.history.at(-1)!.by}, ${existing.history.at(-1)!.at}). Nothing was saved; reload the plan and make your change again.`
          : 'This plan is no longer on this computer (it may have been erased). Nothing was saved; reload.',
      );
    }
    if (existing && existing.current.id !== plan.id) {
      throw new WrongPatientPlanError('This is a different plan from the one saved for this patient. Nothing was saved; reload the plan.');
    }
    let next: VersionedCarePlan;
    if (!existing) next = createCarePlan(plan, stamp);
    else {
      const change = planChangeBetween(existing.current, plan);
      if (!change) return existing;
      next = applyChange(existing, change, stamp).plan;
    }
    const row: PatientOwnedRecord = { ...next, id: next.current.id, patientFingerprint: save.patientFingerprint, updatedAt: stamp.at };
    await db.carePlans.put(row);
    return next;
  });
}
