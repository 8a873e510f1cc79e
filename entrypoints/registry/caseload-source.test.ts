import { describe, expect, it } from 'vitest';
import { samplePlanInput } from '@/lib/careplan/test-support';
import { createCarePlan } from '@/lib/careplan/versioning';
import { saveCarePlan } from '@/lib/db/careplan-store';
import { BridgeDatabase } from '@/lib/db/database';
import { digestOf, type RegistrySummaryRecord } from '@/lib/db/registry-summary';
import Dexie from 'dexie';
import { DATABASE_NAME, RELEASED_SCHEMAS } from '@/lib/db/database';
import { REGISTRY_DATABASE_NAME, watchCaseload } from './caseload-source';

const FP = 'fp-abcdef0123';

function nextEmission(seen: RegistrySummaryRecord[][], count: number): Promise<RegistrySummaryRecord[]> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => (seen.length >= count ? resolve(seen[count - 1]!) : Date.now() - started > 5000 ? reject(new Error(`only ${seen.length} emissions`)) : setTimeout(poll, 5));
    poll();
  });
}

describe('watchCaseload (the registry page follows every change)', () => {
  it('gives the summaries now, then again after a save and after a write straight to the table (as a sync pull makes), until unsubscribed', async () => {
    const name = `caseload-source-${Math.random()}`;
    const db = new BridgeDatabase(name);
    await db.open();
    const seen: RegistrySummaryRecord[][] = [];
    const errors: Error[] = [];
    const stop = watchCaseload((s) => seen.push(s), (e) => errors.push(e), name);
    expect(await nextEmission(seen, 1)).toEqual([]);

    await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 0, plan: samplePlanInput() }, { by: 'Lee Carter', at: '2026-11-23T14:00:00Z' });
    expect((await nextEmission(seen, 2)).map((s) => digestOf(s)?.nextContactDue)).toEqual(['2026-12-07']);

    // As the sync engine applies a pulled plan of another patient: straight to the table.
    const pulled = createCarePlan(samplePlanInput({ id: 'plan-pulled', patientFingerprint: 'fp-pulled-0001' }), { by: 'sync', at: '2026-11-24T09:00:00Z' });
    await db.carePlans.put({ ...pulled, id: 'plan-pulled', patientFingerprint: 'fp-pulled-0001', updatedAt: '2026-11-24T09:00:00Z' });
    expect((await nextEmission(seen, 3)).map((s) => s.patientFingerprint).sort()).toEqual([FP, 'fp-pulled-0001'].sort());

    stop();
    await db.carePlans.delete('plan-pulled');
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toHaveLength(3);
    expect(errors).toEqual([]);
  });
});

describe('watchCaseload on a database without summaries', () => {
  it('is the database lib/db opens', () => expect(REGISTRY_DATABASE_NAME).toBe(DATABASE_NAME));

  it('creates the database when there is none, and upgrades one left by the previous release, building its summaries', async () => {
    const fresh: RegistrySummaryRecord[][] = [];
    const stopFresh = watchCaseload((s) => fresh.push(s), (e) => { throw e; }, `caseload-source-new-${Math.random()}`);
    expect(await nextEmission(fresh, 1)).toEqual([]);
    stopFresh();

    const name = `caseload-source-v3-${Math.random()}`;
    const old = new Dexie(name);
    old.version(3).stores(RELEASED_SCHEMAS[3]!);
    const plan = createCarePlan(samplePlanInput(), { by: 'Dr. Old', at: '2026-11-23T14:00:00Z' });
    await old.table('carePlans').put({ ...plan, id: plan.current.id, patientFingerprint: FP, updatedAt: '2026-11-23T14:00:00Z' });
    old.close();
    const seen: RegistrySummaryRecord[][] = [];
    const stop = watchCaseload((s) => seen.push(s), (e) => { throw e; }, name);
    expect((await nextEmission(seen, 1)).map((s) => digestOf(s)?.planId)).toEqual([plan.current.id]);
    stop();
  });
});
