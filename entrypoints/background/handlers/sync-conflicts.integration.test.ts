// Integration: a real conflict made by the sync engine against the test FHIR server
// (tests/fhir-server), resolved through the background's handler, reaches the other machine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { samplePlanInput } from '@/lib/careplan/test-support';
import { applyChange, createCarePlan, type VersionedCarePlan } from '@/lib/careplan/versioning';
import { carePlanOf } from '@/lib/db/careplan-store';
import type { BridgeDatabase } from '@/lib/db/database';
import { saveConsent } from '@/lib/db/referral-store';
import { routeMessage, type SenderFacts } from '@/lib/messaging/router';
import { machine, seePatient, serverPatient, syncConsent, TEST_TOKEN } from '@/lib/sync/test-support';
import { startFhirServer, type TestFhirServer } from '@/tests/fhir-server/server';
import { syncConflictHandlers } from './sync-conflicts';

const ctx = { ownId: 'bridge-id', ownOrigin: 'chrome-extension://bridge-id' };
const fromPanel: SenderFacts = { extensionId: 'bridge-id', url: 'chrome-extension://bridge-id/sidepanel.html?tab=7', tabId: undefined };

let server: TestFhirServer;
beforeAll(async () => {
  server = await startFhirServer({ token: TEST_TOKEN });
}, 180_000); // loading the FHIR definitions and compiling the R4 schema takes a while on a busy machine
afterAll(async () => server.close());

async function planRecord(db: BridgeDatabase, fp: string, plan: VersionedCarePlan) {
  await db.carePlans.put({ ...plan, id: plan.current.id, patientFingerprint: fp, updatedAt: new Date().toISOString() });
}

describe('a care plan conflict resolved on one machine', () => {
  it("taking the server's goal becomes a new local version and reaches the other machine", async () => {
    fakeBrowser.reset();
    const a = machine(server.baseUrl);
    const b = machine(server.baseUrl);
    const mrn = `MRN-C-${Math.random().toString(36).slice(2, 8)}`;
    await server.seed(serverPatient(mrn));
    const [fpA, fpB] = [`pf1m-${mrn}-a`, `pf1m-${mrn}-b`];
    await seePatient(a.db, fpA, mrn);
    await seePatient(b.db, fpB, mrn);
    await saveConsent(a.db, syncConsent(fpA), '2026-11-23T13:00:00Z');
    const v1 = createCarePlan(samplePlanInput({ id: 'plan-resolve', patientFingerprint: fpA }), { by: 'nurse', at: '2026-11-23T13:00:00Z' });
    await planRecord(a.db, fpA, v1);
    await a.engine.collectChanges();
    await a.engine.drain();
    await b.engine.pullPatient(fpB);
    const onB = (await b.db.carePlans.get('plan-resolve')) as unknown as VersionedCarePlan;
    const goal = v1.current.goals[0]!;
    await planRecord(a.db, fpA, applyChange(v1, { op: 'upsert', collection: 'goals', item: { ...goal, patientWords: 'Drive my kids to school sober, every day.' } }, { by: 'nurse', at: '2026-11-23T14:00:00Z' }).plan);
    await planRecord(b.db, fpB, applyChange(onB, { op: 'upsert', collection: 'goals', item: { ...goal, patientWords: 'Cut down to weekends only.' } }, { by: 'doctor', at: '2026-11-23T14:02:00Z' }).plan);
    await a.engine.collectChanges();
    await a.engine.drain();
    await b.engine.collectChanges();
    expect(await b.engine.drain()).toMatchObject({ conflicts: 1 });
    // The merge kept B's words on the server meanwhile; A sees them after a pull.
    await a.engine.pullPatient(fpA);
    expect((await carePlanOf(a.db, fpA))?.current.goals[0]?.patientWords).toBe('Cut down to weekends only.');

    const send = (type: string, payload: unknown) => routeMessage({ bridge: 1, type, payload }, fromPanel, syncConflictHandlers(b.db), ctx, () => undefined);
    const listed = await send('sync.conflicts', { patientFingerprint: fpB });
    expect(listed).toMatchObject({ ok: true, data: [{ kindLabel: 'Care plan', fields: [{ onThisComputer: expect.stringContaining('Cut down to weekends only.'), onServer: expect.stringContaining('Drive my kids to school sober') }] }] });
    const id = (listed as { data: { id: string }[] }).data[0]!.id;
    expect(await send('sync.resolveConflict', { patientFingerprint: fpA, conflictId: id, choice: 'take-remote' })).toMatchObject({ ok: false });
    expect(await send('sync.resolveConflict', { patientFingerprint: fpB, conflictId: id, choice: 'take-remote' })).toEqual({ ok: true, data: [] });
    const resolved = await carePlanOf(b.db, fpB);
    expect(resolved?.current.goals[0]?.patientWords).toBe('Drive my kids to school sober, every day.');
    expect(resolved?.history.at(-1)?.by).toBe('Clinician on this computer');

    expect(await b.engine.drain()).toMatchObject({ pushed: 1, conflicts: 0 });
    await a.engine.pullPatient(fpA);
    expect((await carePlanOf(a.db, fpA))?.current.goals[0]?.patientWords).toBe('Drive my kids to school sober, every day.');
    expect((await b.engine.status(fpB)).conflicts).toBe(0);
  }, 60_000);
});
