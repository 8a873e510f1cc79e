import { describe, expect, it } from 'vitest';
import { carePlan, CarePlanError } from '../careplan/plan';
import { samplePlanInput } from '../careplan/test-support';
import { planHistory } from '../careplan/versioning';
import { BridgeDatabase } from './database';
import { carePlanOf, saveCarePlan, StalePlanError, WrongPatientPlanError } from './careplan-store';

const newDb = () => new BridgeDatabase(`careplans-${Math.random()}`);
const FP = 'fp-abcdef0123';
const at = (minute: number) => new Date(Date.parse('2026-11-23T14:00:00Z') + minute * 60_000).toISOString();
const stamp = (minute: number) => ({ by: 'Dr. Ana Rivera', at: at(minute) });

describe('care plan store', () => {
  it('saves version 1, then each edit as the next version with who and when, in the existing carePlans table', async () => {
    const db = newDb();
    const first = await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 0, plan: samplePlanInput() }, stamp(0));
    expect(first.version).toBe(1);
    const edited = carePlan(samplePlanInput({ nextContactDue: '2026-12-14' }));
    edited.goals[0]!.targetDate = '2027-03-01';
    const second = await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 1, plan: edited }, stamp(5));
    expect(second.version).toBe(2);
    expect(second.history.at(-1)).toMatchObject({ version: 2, by: 'Dr. Ana Rivera', at: at(5) });
    const stored = await carePlanOf(db, FP);
    expect(stored?.current).toEqual(edited);
    expect(planHistory(stored!).map((v) => v.plan.goals[0]!.targetDate)).toEqual(['2027-02-20', '2027-03-01']);
    // The row is the VersionedCarePlan plus the table's keys, which the registry reads as well.
    const row = await db.carePlans.get(edited.id);
    expect(row).toMatchObject({ id: edited.id, patientFingerprint: FP, updatedAt: at(5), version: 2 });
  });

  it('records nothing when the plan did not change', async () => {
    const db = newDb();
    await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 0, plan: samplePlanInput() }, stamp(0));
    const same = await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 1, plan: samplePlanInput() }, stamp(1));
    expect(same.version).toBe(1);
  });

  it('refuses a plan of another patient than the one the save was started for, and writes nothing', async () => {
    const db = newDb();
    await expect(saveCarePlan(db, { patientFingerprint: 'fp-other-patient', basedOnVersion: 0, plan: samplePlanInput() }, stamp(0))).rejects.toThrow(WrongPatientPlanError);
    expect(await db.carePlans.count()).toBe(0);
  });

  it('refuses a save based on a version that is no longer the latest (two editors), naming the latest', async () => {
    const db = newDb();
    await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 0, plan: samplePlanInput() }, stamp(0));
    await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 1, plan: samplePlanInput({ nextContactDue: '2026-12-21' }) }, stamp(1));
    await expect(saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 1, plan: samplePlanInput({ lastContactOn: '2026-11-24' }) }, stamp(2))).rejects.toThrow(
      /now version 2 .*Nothing was saved/,
    );
    await expect(saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 0, plan: samplePlanInput() }, stamp(2))).rejects.toThrow(StalePlanError);
    expect((await carePlanOf(db, FP))?.version).toBe(2);
  });

  it('refuses an invalid plan with the field named, and writes nothing', async () => {
    const db = newDb();
    await expect(saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 0, plan: samplePlanInput({ nextContactDue: 'next week' }) }, stamp(0))).rejects.toThrow(CarePlanError);
    expect(await db.carePlans.count()).toBe(0);
  });

  it('never returns a row filed under one patient whose plan names another', async () => {
    const db = newDb();
    const saved = await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 0, plan: samplePlanInput() }, stamp(0));
    await db.carePlans.put({ ...saved, id: 'tampered', patientFingerprint: 'fp-someone-else', updatedAt: at(9) });
    expect(await carePlanOf(db, 'fp-someone-else')).toBeNull();
    expect((await carePlanOf(db, FP))?.current.id).toBe(saved.current.id);
  });
});
