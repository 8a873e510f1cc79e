// Integration: the sync engine against a real FHIR R4 server (Medplum's router and in-memory
// repository on 127.0.0.1, tests/fhir-server), two or more "machines" (Dexie databases).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCarePlan, applyChange, type VersionedCarePlan } from '../careplan/versioning';
import { samplePlanInput } from '../careplan/test-support';
import { draftReferral, transition } from '../referral/status';
import { BridgeDatabase } from '../db/database';
import { saveConsent, saveReferral } from '../db/referral-store';
import { startFhirServer, type TestFhirServer } from '../../tests/fhir-server/server';
import { samplePacket } from '../../tests/fixtures/forms/sample-packet';
import { SUD_SECURITY_LABELS } from '../fhir/security';
import { BRIDGE_IDENTIFIER_SYSTEM } from '../fhir/bundle';
import { machine, nodeFetch, sampleScreening, seePatient, serverPatient, syncConsent, TEST_TOKEN } from './test-support';
import type { HttpFetch } from './client';

let server: TestFhirServer;
beforeAll(async () => {
  server = await startFhirServer({ token: TEST_TOKEN });
}, 180_000); // loading the FHIR definitions and compiling the R4 schema takes a while on a busy machine
afterAll(async () => server.close());

let mrnCounter = 0;
/** A patient known to the server and seen on each given machine under its own fingerprint. */
async function patientOn(...dbs: BridgeDatabase[]): Promise<{ mrn: string; fps: string[] }> {
  const mrn = `MRN-${++mrnCounter}-${Math.random().toString(36).slice(2, 8)}`;
  await server.seed(serverPatient(mrn));
  const fps = dbs.map((_, i) => `pf1m-${mrn}-machine${i}`);
  await Promise.all(dbs.map((db, i) => seePatient(db, fps[i]!, mrn)));
  return { mrn, fps };
}

async function planRecord(db: BridgeDatabase, fp: string, plan: VersionedCarePlan, id = plan.current.id) {
  await db.carePlans.put({ ...plan, id, patientFingerprint: fp, updatedAt: new Date().toISOString() });
}

async function sync(engine: { collectChanges(): Promise<number>; drain(): Promise<unknown> }) {
  await engine.collectChanges();
  return engine.drain();
}

describe('two machines, one clinic server', () => {
  beforeEach(() => server.clearLog());

  it('what machine A saves, machine B shows after its pull, under its own fingerprint', async () => {
    const a = machine(server.baseUrl);
    const b = machine(server.baseUrl);
    const { fps: [fpA, fpB] } = await patientOn(a.db, b.db);
    await saveConsent(a.db, syncConsent(fpA!), '2026-11-23T13:00:00Z');
    await a.db.screenings.put(sampleScreening(fpA!, 'scr-a-1'));
    const report = await sync(a.engine);
    expect(report).toMatchObject({ pushed: 2, blocked: 0, failed: 0, stoppedBecause: null });

    const pulled = await b.engine.pullPatient(fpB!);
    expect(pulled).toMatchObject({ applied: 2, conflicts: 0 });
    const shown = await b.db.screenings.get('scr-a-1');
    expect(shown).toMatchObject({ patientFingerprint: fpB, instrumentId: 'audit-c', result: { score: 6 } });
    expect((await b.db.consents.get(`consent-${fpA}`))?.patientFingerprint).toBe(fpB);
    // Pulling again changes nothing, and B has nothing to push back.
    expect(await b.engine.pullPatient(fpB!)).toMatchObject({ applied: 0, unchanged: 2 });
    expect(await b.engine.collectChanges()).toBe(0);
  });

  it('pushes labelled resources with Bridge identifiers, once: a second sync creates nothing', async () => {
    const a = machine(server.baseUrl);
    const { fps: [fp] } = await patientOn(a.db);
    await saveConsent(a.db, syncConsent(fp!), '2026-11-23T13:00:00Z');
    await a.db.screenings.put(sampleScreening(fp!, 'scr-labels'));
    await sync(a.engine);
    await sync(a.engine);
    await a.engine.enqueue('screening', 'scr-labels', fp!);
    await a.engine.drain();
    const responses = (await server.all('QuestionnaireResponse')).filter((r) => (r.identifier as { value: string }).value === 'scr-labels');
    expect(responses).toHaveLength(1);
    expect(responses[0]!.identifier).toEqual({ system: `${BRIDGE_IDENTIFIER_SYSTEM}/screening`, value: 'scr-labels' });
    const security = (responses[0]!.meta as { security: { system: string; code: string }[] }).security.map((c) => `${c.system}|${c.code}`);
    expect(security).toEqual(SUD_SECURITY_LABELS.map((c) => `${c.system}|${c.code}`));
    const scores = (await server.all('Observation')).filter((o) => (o.identifier as { value: string }[])[0]!.value === 'scr-labels');
    expect(scores).toHaveLength(1);
    expect(scores[0]).toMatchObject({ valueInteger: 6, derivedFrom: [{ reference: `QuestionnaireResponse/${responses[0]!.id}` }] });
    expect(server.log.filter((r) => r.method === 'POST').every((r) => r.headers['if-none-exist']?.startsWith('identifier='))).toBe(true);
    expect(server.log.filter((r) => r.method === 'PUT').every((r) => /^W\/"/.test(r.headers['if-match'] ?? ''))).toBe(true);
  });

  it('pushes nothing SUD-related without a consent that covers it, and says why', async () => {
    const a = machine(server.baseUrl);
    const { fps: [fp] } = await patientOn(a.db);
    await a.db.screenings.put(sampleScreening(fp!, 'scr-no-consent'));
    // A consent for the referral provider only (not the clinic's server) does not cover sharing.
    const narrow = { ...syncConsent(fp!, 'consent-narrow'), recipients: [{ kind: 'named' as const, id: 'prov-harbor', name: 'Harbor Recovery Center' }] };
    await saveConsent(a.db, narrow, '2026-11-23T13:00:00Z');
    const report = await sync(a.engine);
    // The screening and the narrow consent itself (SUD information too) both wait.
    expect(report).toMatchObject({ pushed: 0, blocked: 2 });
    expect(server.log.filter((r) => r.method !== 'GET')).toEqual([]);
    const status = await a.engine.status(fp);
    expect(status.blocked).toBe(2);
    expect(status.reasons[0]).toMatch(/Not shared/);
    // Recording a covering consent unblocks it at the next drain.
    await saveConsent(a.db, syncConsent(fp!), '2026-11-23T13:05:00Z');
    expect(await sync(a.engine)).toMatchObject({ blocked: 0 });
    expect(await a.engine.status(fp)).toMatchObject({ pending: 0, blocked: 0 });
    expect((await server.all('QuestionnaireResponse')).some((r) => (r.identifier as { value: string }).value === 'scr-no-consent')).toBe(true);
  });

  it('a revoked consent reaches the other machine', async () => {
    const a = machine(server.baseUrl);
    const b = machine(server.baseUrl);
    const { fps: [fpA, fpB] } = await patientOn(a.db, b.db);
    const consent = syncConsent(fpA!);
    await saveConsent(a.db, consent, '2026-11-23T13:00:00Z');
    await sync(a.engine);
    await b.engine.pullPatient(fpB!);
    await saveConsent(a.db, { ...consent, revokedAt: '2026-11-23T14:00:00.000Z', revokedBy: 'front desk' }, '2026-11-23T14:00:00Z');
    await sync(a.engine);
    await b.engine.pullPatient(fpB!);
    expect(await b.db.consents.get(consent.id)).toMatchObject({ revokedAt: '2026-11-23T14:00:00.000Z', patientFingerprint: fpB });
  });
});

describe('concurrent edits of one care plan', () => {
  it('edits of different items merge: both machines end with both changes', async () => {
    const a = machine(server.baseUrl);
    const b = machine(server.baseUrl);
    const { fps: [fpA, fpB] } = await patientOn(a.db, b.db);
    await saveConsent(a.db, syncConsent(fpA!), '2026-11-23T13:00:00Z');
    const v1 = createCarePlan(samplePlanInput({ id: 'plan-merge', patientFingerprint: fpA! }), { by: 'nurse', at: '2026-11-23T13:00:00Z' });
    await planRecord(a.db, fpA!, v1);
    await sync(a.engine);
    await b.engine.pullPatient(fpB!);
    const onB = (await b.db.carePlans.get('plan-merge')) as unknown as VersionedCarePlan;
    expect(onB.current.patientFingerprint).toBe(fpB);

    // A adds a goal; B, without pulling, marks an intervention active.
    const aEdit = applyChange(v1, { op: 'upsert', collection: 'goals', item: { id: 'g-sleep', patientWords: 'I want to sleep through the night.', targetDate: '2027-01-31' } }, { by: 'nurse', at: '2026-11-23T14:00:00Z' }).plan;
    await planRecord(a.db, fpA!, aEdit);
    const peer = onB.current.interventions.find((i) => i.id === 'i-peer')!;
    const bEdit = applyChange(onB, { op: 'upsert', collection: 'interventions', item: { ...peer, status: 'active' } }, { by: 'care manager', at: '2026-11-23T14:01:00Z' }).plan;
    await planRecord(b.db, fpB!, bEdit);
    await sync(a.engine);
    const bReport = await sync(b.engine);
    expect(bReport).toMatchObject({ pushed: 1, conflicts: 0 });

    await a.engine.pullPatient(fpA!);
    for (const db of [a.db, b.db]) {
      const plan = ((await db.carePlans.get('plan-merge')) as unknown as VersionedCarePlan).current;
      expect(plan.goals.map((g) => g.id)).toContain('g-sleep');
      expect(plan.interventions.find((i) => i.id === 'i-peer')?.status).toBe('active');
    }
    expect(await a.db.syncConflicts.count()).toBe(0);
  });

  it('edits of the same field end in an explicit conflict that keeps both values, never a silent loss', async () => {
    const a = machine(server.baseUrl);
    const b = machine(server.baseUrl);
    const { fps: [fpA, fpB] } = await patientOn(a.db, b.db);
    await saveConsent(a.db, syncConsent(fpA!), '2026-11-23T13:00:00Z');
    const v1 = createCarePlan(samplePlanInput({ id: 'plan-conflict', patientFingerprint: fpA! }), { by: 'nurse', at: '2026-11-23T13:00:00Z' });
    await planRecord(a.db, fpA!, v1);
    await sync(a.engine);
    await b.engine.pullPatient(fpB!);
    const onB = (await b.db.carePlans.get('plan-conflict')) as unknown as VersionedCarePlan;
    const goal = v1.current.goals[0]!;
    await planRecord(a.db, fpA!, applyChange(v1, { op: 'upsert', collection: 'goals', item: { ...goal, patientWords: 'Drive my kids to school sober, every day.' } }, { by: 'nurse', at: '2026-11-23T14:00:00Z' }).plan);
    await planRecord(b.db, fpB!, applyChange(onB, { op: 'upsert', collection: 'goals', item: { ...goal, patientWords: 'Cut down to weekends only.' } }, { by: 'doctor', at: '2026-11-23T14:02:00Z' }).plan);
    await sync(a.engine);
    const report = await sync(b.engine);
    expect(report).toMatchObject({ pushed: 1, conflicts: 1 });
    const [conflict] = await b.db.syncConflicts.where('key').equals('care-plan:plan-conflict').toArray();
    expect(conflict).toMatchObject({ kind: 'care-plan', resolved: false, fields: [{ path: `goals/${goal.id}` }] });
    expect((conflict!.fields[0]!.local as { patientWords: string }).patientWords).toBe('Cut down to weekends only.');
    expect((conflict!.fields[0]!.remote as { patientWords: string }).patientWords).toBe('Drive my kids to school sober, every day.');
    expect((await b.engine.status(fpB)).conflicts).toBe(1);
  });
});

describe('referral status by the newest event', () => {
  it('two machines moving one referral merge their events; the newest decides the status', async () => {
    const a = machine(server.baseUrl);
    const b = machine(server.baseUrl);
    const { fps: [fpA, fpB] } = await patientOn(a.db, b.db);
    await saveConsent(a.db, syncConsent(fpA!), '2026-11-23T13:00:00Z');
    const packet = samplePacket({ id: 'ref-merge', patient: { ...samplePacket().patient, fingerprint: fpA! } });
    const sent = transition(draftReferral(packet, new Date('2026-11-23T13:00:00Z')), 'sent', new Date('2026-11-23T13:10:00Z'));
    await saveReferral(a.db, sent, '2026-11-23T13:10:00Z');
    await sync(a.engine);
    await b.engine.pullPatient(fpB!);
    const onB = (await b.db.referrals.get('ref-merge'))!;
    expect(onB).toMatchObject({ status: 'sent', patientFingerprint: fpB });
    await saveReferral(a.db, transition(sent, 'declined', new Date('2026-11-24T09:00:00Z')), '2026-11-24T09:00:00Z');
    const bRecord = { ...(onB as unknown as typeof sent) };
    await saveReferral(b.db, transition(bRecord, 'scheduled', new Date('2026-11-24T10:00:00Z'), { appointmentOn: '2026-12-01' }), '2026-11-24T10:00:00Z');
    await sync(a.engine);
    await sync(b.engine);
    await a.engine.pullPatient(fpA!);
    for (const db of [a.db, b.db]) {
      const r = (await db.referrals.get('ref-merge'))!;
      expect(r.status).toBe('scheduled');
      expect((r.history as { status: string }[]).map((h) => h.status)).toEqual(['drafted', 'sent', 'declined', 'scheduled']);
    }
    const tasks = (await server.all('Task')).filter((t) => (t.identifier as { value: string }[])[0]!.value === 'ref-merge');
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ status: 'accepted', businessStatus: { text: 'scheduled' } });
    expect((tasks[0]!.focus as { reference: string }).reference).toMatch(/^ServiceRequest\//);
  });
});

describe('incremental caseload pull', () => {
  it('brings what changed since the last pull for patients this machine knows, and only that', async () => {
    const a = machine(server.baseUrl);
    const b = machine(server.baseUrl);
    const p1 = await patientOn(a.db, b.db);
    const p2 = await patientOn(a.db); // never seen on B
    for (const [fp, id] of [[p1.fps[0]!, 'scr-case-1'], [p2.fps[0]!, 'scr-case-2']] as const) {
      await saveConsent(a.db, syncConsent(fp), '2026-11-23T13:00:00Z');
      await a.db.screenings.put(sampleScreening(fp, id));
    }
    await sync(a.engine);
    const first = await b.engine.pullCaseload();
    expect(await b.db.screenings.get('scr-case-1')).toMatchObject({ patientFingerprint: p1.fps[1] });
    expect(await b.db.screenings.get('scr-case-2')).toBeUndefined();
    expect(first.unmatched).toBeGreaterThan(0);
    server.clearLog();
    await a.db.screenings.put(sampleScreening(p1.fps[0]!, 'scr-case-3', 8, '2026-11-24T09:00:00.000Z'));
    await sync(a.engine);
    const second = await b.engine.pullCaseload();
    expect(second.applied).toBe(1);
    expect(await b.db.screenings.get('scr-case-3')).toMatchObject({ patientFingerprint: p1.fps[1], result: { score: 8 } });
    expect(server.log.filter((r) => r.method === 'GET' && r.url.includes('_lastUpdated=ge')).length).toBeGreaterThan(0);
  });
});

describe('outages and restarts', () => {
  // Long: 2,000 validated writes on a shared 2-core machine.
  it('server down: 1,000 queued writes drain without loss or duplicate when it returns', { timeout: 900_000 }, async () => {
    const a = machine(server.baseUrl, { concurrency: 8 });
    const patients = await Promise.all(Array.from({ length: 20 }, () => patientOn(a.db)));
    for (const { fps } of patients) await saveConsent(a.db, syncConsent(fps[0]!), '2026-11-23T13:00:00Z');
    await a.engine.collectChanges();
    await a.engine.drain();
    await a.db.screenings.bulkPut(Array.from({ length: 1000 }, (_, i) => sampleScreening(patients[i % 20]!.fps[0]!, `outage-${i}`)));
    expect(await a.engine.collectChanges()).toBe(1000);

    server.setOutage('503');
    const during503 = await a.engine.drain();
    expect(during503.stoppedBecause).toMatch(/could not be reached/);
    server.setOutage('down');
    const duringDown = await a.engine.drain();
    expect(duringDown.stoppedBecause).toMatch(/could not be reached/);
    expect((await a.engine.status()).pending).toBe(1000);

    server.setOutage('none');
    for (let i = 0; i < 5 && (await a.db.outbox.count()) > 0; i++) await a.engine.drain();
    expect(await a.db.outbox.count()).toBe(0);
    const ids = (await server.all('QuestionnaireResponse')).map((r) => (r.identifier as { value: string }).value).filter((v) => v.startsWith('outage-'));
    expect(ids).toHaveLength(1000);
    expect(new Set(ids).size).toBe(1000);
    const scores = (await server.all('Observation')).map((r) => (r.identifier as { value: string }[])[0]!.value).filter((v) => v.startsWith('outage-'));
    expect(new Set(scores).size).toBe(1000);
    expect(scores).toHaveLength(1000);
  });

  it('an engine killed mid-sync loses nothing and creates no duplicate when a new one takes over', { timeout: 300_000 }, async () => {
    const first = machine(server.baseUrl);
    const { fps: [fp] } = await patientOn(first.db);
    await saveConsent(first.db, syncConsent(fp!), '2026-11-23T13:00:00Z');
    await first.db.screenings.bulkPut(Array.from({ length: 30 }, (_, i) => sampleScreening(fp!, `killed-${i}`)));
    await first.engine.collectChanges();
    // The "kill": after 15 writes reached the server, every answer is lost and the engine is abandoned.
    let writes = 0;
    const dying: HttpFetch = async (url, init) => {
      const res = await nodeFetch(url, init);
      if (init.method !== 'GET' && ++writes > 15) throw new Error('service worker stopped');
      return res;
    };
    const doomed = machine(server.baseUrl, { db: first.db, fetch: dying, retries: 0 });
    await doomed.engine.drain();
    expect(await first.db.outbox.count()).toBeGreaterThan(0);
    first.db.close();

    const restarted = machine(server.baseUrl, { dbName: first.dbName });
    await restarted.engine.collectChanges();
    for (let i = 0; i < 3 && (await restarted.db.outbox.count()) > 0; i++) await restarted.engine.drain();
    expect(await restarted.db.outbox.count()).toBe(0);
    const ids = (await server.all('QuestionnaireResponse')).map((r) => (r.identifier as { value: string }).value).filter((v) => v.startsWith('killed-'));
    expect(ids.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `killed-${i}`).sort());
    const scores = (await server.all('Observation')).map((r) => (r.identifier as { value: string }[])[0]!.value).filter((v) => v.startsWith('killed-'));
    expect(scores).toHaveLength(30);
    expect((await server.all('Consent')).filter((c) => (c.identifier as { value: string }[])[0]!.value === `consent-${fp}`)).toHaveLength(1);
  });

  it('every request carries the bearer token; a wrong one stops the drain with a reason and keeps the queue', async () => {
    const a = machine(server.baseUrl, { authorize: async () => 'Bearer wrong' });
    const { fps: [fp] } = await patientOn(a.db);
    await saveConsent(a.db, syncConsent(fp!), '2026-11-23T13:00:00Z');
    await a.engine.collectChanges();
    const report = await a.engine.drain();
    expect(report.stoppedBecause).toMatch(/refused Bridge's sign-in \(HTTP 401\)/);
    expect(await a.db.outbox.count()).toBe(1);
    const unsigned = machine(server.baseUrl, { authorize: async () => null, db: a.db });
    expect((await unsigned.engine.drain()).stoppedBecause).toMatch(/not signed in/);
  });
});

describe('a care plan as CarePlan, CareTeam and Goals', () => {
  beforeEach(() => server.clearLog());

  const goalSystem = `${BRIDGE_IDENTIFIER_SYSTEM}/goal`;
  const labels = (r: Record<string, unknown>) => (r.meta as { security: { system: string; code: string }[] }).security.map((c) => `${c.system}|${c.code}`);
  const expectedLabels = SUD_SECURITY_LABELS.map((c) => `${c.system}|${c.code}`);
  const bridgeIds = (r: Record<string, unknown>) => (r.identifier as { system: string; value: string }[]).map((i) => `${i.system}|${i.value}`);
  /** The plan's resources on the server, found by Bridge's identifiers. */
  async function onServer(planId: string) {
    const plans = (await server.all('CarePlan')).filter((r) => bridgeIds(r).includes(`${BRIDGE_IDENTIFIER_SYSTEM}/care-plan|${planId}`));
    const teams = (await server.all('CareTeam')).filter((r) => bridgeIds(r).includes(`${BRIDGE_IDENTIFIER_SYSTEM}/care-team|${planId}`));
    const goals = (await server.all('Goal')).filter((r) => bridgeIds(r).some((id) => id.startsWith(`${goalSystem}|${planId}:`)));
    return { plans, teams, goals };
  }
  const goalOf = (goals: Record<string, unknown>[], planId: string, goalId: string) => goals.find((g) => bridgeIds(g).includes(`${goalSystem}|${planId}:${goalId}`));
  const sleepGoal = { id: 'g-sleep', patientWords: 'I want to sleep through the night.', targetDate: '2027-01-31' };
  const walkGoal = { id: 'g-walk', patientWords: 'I want to walk the dog every evening.', targetDate: '2027-03-31' };

  it('pushes the CareTeam and one Goal per goal, labelled and identified, referenced from the CarePlan; edits add or cancel Goals, never duplicate', async () => {
    const a = machine(server.baseUrl);
    const { mrn, fps: [fp] } = await patientOn(a.db);
    const patientId = (await server.all('Patient')).find((p) => (p.identifier as { value: string }[])[0]!.value === mrn)!.id;
    await saveConsent(a.db, syncConsent(fp!), '2026-11-23T13:00:00Z');
    const base = samplePlanInput({ id: 'plan-parts', patientFingerprint: fp! });
    const v1 = createCarePlan({ ...base, goals: [...(base.goals ?? []), walkGoal] }, { by: 'nurse', at: '2026-11-23T13:00:00Z' });
    await planRecord(a.db, fp!, v1);
    expect(await sync(a.engine)).toMatchObject({ pushed: 2, failed: 0, stoppedBecause: null });

    const first = await onServer('plan-parts');
    expect(first.plans).toHaveLength(1);
    expect(first.teams).toHaveLength(1);
    expect(first.goals).toHaveLength(2);
    const [plan] = first.plans;
    const [team] = first.teams;
    for (const r of [plan!, team!, ...first.goals]) {
      expect(labels(r)).toEqual(expectedLabels);
      expect(r.subject).toMatchObject({ reference: `Patient/${patientId}` });
      // Nothing points at the export bundle's entries, which are not on the server.
      expect(JSON.stringify(r)).not.toContain('urn:uuid:');
    }
    expect(plan!.careTeam).toEqual([{ reference: `CareTeam/${team!.id}` }]);
    expect((plan!.goal as { reference: string }[]).map((g) => g.reference).sort()).toEqual(first.goals.map((g) => `Goal/${g.id}`).sort());
    expect(team).toMatchObject({ status: 'active', name: 'Care team' });
    expect((team!.participant as { member: { reference?: string; display: string } }[]).find((p) => p.member.display === 'Jane Q Testpatient')?.member.reference).toBe(`Patient/${patientId}`);
    expect(goalOf(first.goals, 'plan-parts', 'g-drive')).toMatchObject({ lifecycleStatus: 'active', description: { text: 'I want to be sober enough to drive my kids to school every morning.' } });
    expect(goalOf(first.goals, 'plan-parts', 'g-walk')).toMatchObject({ lifecycleStatus: 'active', target: [{ dueDate: '2027-03-31' }] });
    // Every write was a conditional create or an If-Match update, and the server accepted all of them.
    expect(server.log.filter((r) => r.method === 'POST').every((r) => r.headers['if-none-exist']?.startsWith('identifier='))).toBe(true);
    expect(server.log.filter((r) => r.method === 'PUT').every((r) => /^W\/"/.test(r.headers['if-match'] ?? ''))).toBe(true);
    expect(server.log.filter((r) => r.method !== 'GET' && r.status >= 400)).toEqual([]);

    // A new goal: exactly one new Goal, and the CarePlan points at it.
    server.clearLog();
    const v2 = applyChange(v1, { op: 'upsert', collection: 'goals', item: sleepGoal }, { by: 'nurse', at: '2026-11-23T14:00:00Z' }).plan;
    await planRecord(a.db, fp!, v2);
    expect(await sync(a.engine)).toMatchObject({ pushed: 1, failed: 0 });
    const second = await onServer('plan-parts');
    expect(second.goals).toHaveLength(3);
    expect(second.teams).toHaveLength(1);
    expect(server.log.filter((r) => r.method === 'POST' && r.status === 201).map((r) => r.url)).toEqual([expect.stringMatching(/\/Goal$/)]);
    const sleep = goalOf(second.goals, 'plan-parts', 'g-sleep')!;
    expect(labels(sleep)).toEqual(expectedLabels);
    expect((second.plans[0]!.goal as { reference: string }[]).map((g) => g.reference)).toContain(`Goal/${sleep.id}`);

    // Pushing again creates nothing.
    server.clearLog();
    await a.engine.enqueue('care-plan', 'plan-parts', fp!);
    expect(await a.engine.drain()).toMatchObject({ pushed: 1, failed: 0 });
    const third = await onServer('plan-parts');
    expect({ plans: third.plans.length, teams: third.teams.length, goals: third.goals.length }).toEqual({ plans: 1, teams: 1, goals: 3 });
    expect(server.log.filter((r) => r.method === 'POST')).toEqual([]);

    // A removed goal: its Goal is cancelled (kept, not deleted) and the CarePlan no longer points at it.
    const v3 = applyChange(v2, { op: 'remove', collection: 'goals', id: 'g-walk' }, { by: 'nurse', at: '2026-11-23T15:00:00Z' }).plan;
    await planRecord(a.db, fp!, v3);
    expect(await sync(a.engine)).toMatchObject({ pushed: 1, failed: 0 });
    const fourth = await onServer('plan-parts');
    const walk = goalOf(fourth.goals, 'plan-parts', 'g-walk')!;
    expect(fourth.goals).toHaveLength(3);
    expect(walk.lifecycleStatus).toBe('cancelled');
    expect((fourth.plans[0]!.goal as { reference: string }[]).map((g) => g.reference)).not.toContain(`Goal/${walk.id}`);
    expect((fourth.plans[0]!.goal as unknown[])).toHaveLength(2);
    expect(goalOf(fourth.goals, 'plan-parts', 'g-drive')!.lifecycleStatus).toBe('active');
  });

  it('another machine that pulled the plan updates the same CareTeam and Goals when it edits it', async () => {
    const a = machine(server.baseUrl);
    const b = machine(server.baseUrl);
    const { fps: [fpA, fpB] } = await patientOn(a.db, b.db);
    await saveConsent(a.db, syncConsent(fpA!), '2026-11-23T13:00:00Z');
    const v1 = createCarePlan(samplePlanInput({ id: 'plan-parts-b', patientFingerprint: fpA! }), { by: 'nurse', at: '2026-11-23T13:00:00Z' });
    await planRecord(a.db, fpA!, v1);
    await sync(a.engine);
    await b.engine.pullPatient(fpB!);
    const onB = (await b.db.carePlans.get('plan-parts-b')) as unknown as VersionedCarePlan;
    const achieved = { ...onB.current.goals[0]!, status: 'achieved' as const };
    const bEdit = applyChange(onB, { op: 'upsert', collection: 'goals', item: achieved }, { by: 'care manager', at: '2026-11-23T14:00:00Z' }).plan;
    await planRecord(b.db, fpB!, bEdit);
    server.clearLog();
    expect(await sync(b.engine)).toMatchObject({ pushed: 1, failed: 0, conflicts: 0 });
    const after = await onServer('plan-parts-b');
    expect({ plans: after.plans.length, teams: after.teams.length, goals: after.goals.length }).toEqual({ plans: 1, teams: 1, goals: 1 });
    expect(after.goals[0]).toMatchObject({ lifecycleStatus: 'completed', achievementStatus: { coding: [{ code: 'achieved' }] } });
    expect(after.plans[0]!.goal).toEqual([{ reference: `Goal/${after.goals[0]!.id}`, display: achieved.patientWords }]);
    expect(server.log.filter((r) => r.method === 'POST' && r.status === 201)).toEqual([]);
  });
});
