// Sync benchmark (issue 11): incremental sync of 100 changed resources <= 1 s against the local
// FHIR server; initial caseload sync of 5,000 patients, reported.
// Run: node tests/bench/sync/sync.bench.mjs [--patients=5000] [--quick]
// The engine, the test FHIR server (Medplum's router behind node:http) and fake-indexeddb run in
// this one Node process; TypeScript is loaded through jiti as in the other benches.
import 'fake-indexeddb/auto';
import { createJiti } from 'jiti';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const jiti = createJiti(import.meta.url);
const { startFhirServer } = await jiti.import(path.join(root, 'tests/fhir-server/server.ts'));
const { machine, sampleScreening, seePatient, serverPatient, syncConsent, TEST_TOKEN } = await jiti.import(path.join(root, 'lib/sync/test-support.ts'));
const { saveConsent } = await jiti.import(path.join(root, 'lib/db/referral-store.ts'));

const quick = process.argv.includes('--quick');
const PATIENTS = Number(process.argv.find((a) => a.startsWith('--patients='))?.split('=')[1] ?? (quick ? 500 : 5000));
const CHANGED = 100;

const server = await startFhirServer({ token: TEST_TOKEN });
const writer = machine(server.baseUrl, { concurrency: 8 });
const reader = machine(server.baseUrl);

// The caseload: one patient on the server per MRN, seen on both machines, each with a consent and a screening.
console.log(`Seeding ${PATIENTS} patients on the server and the writing machine...`);
const fps = [];
for (let i = 0; i < PATIENTS; i++) {
  const mrn = `BENCH-${i}`;
  const patient = await server.seed(serverPatient(mrn));
  const fp = `pf1m-bench-${String(i).padStart(6, '0')}`;
  fps.push(fp);
  await seePatient(writer.db, fp, mrn);
  await seePatient(reader.db, `${fp}-r`, mrn);
  // Already on the server (as if pushed earlier): the writer knows the patient's server id.
  await writer.db.syncPatients.put({ fingerprint: fp, serverId: patient.id, mrn, linkedAt: new Date().toISOString() });
  await saveConsent(writer.db, syncConsent(fp), '2026-11-23T13:00:00Z');
  await writer.db.screenings.put(sampleScreening(fp, `bench-scr-${i}`));
}
let t = performance.now();
await writer.engine.collectChanges();
for (let i = 0; i < 10 && (await writer.db.outbox.count()) > 0; i++) await writer.engine.drain();
const pushMs = performance.now() - t;
console.log(`Initial push of ${PATIENTS} patients (consent + screening each: ${PATIENTS * 3} resources): ${(pushMs / 1000).toFixed(1)} s`);

t = performance.now();
const initial = await reader.engine.pullCaseload();
const initialMs = performance.now() - t;
console.log(`Initial caseload sync of ${PATIENTS} patients on a second machine: ${(initialMs / 1000).toFixed(1)} s (${initial.applied} records applied, ${initial.unmatched} unmatched)`);

// 100 changed resources: 100 new screenings on the writer, pushed, then the reader's incremental pull.
for (let i = 0; i < CHANGED; i++) await writer.db.screenings.put(sampleScreening(fps[i * Math.floor(PATIENTS / CHANGED)], `bench-changed-${i}`, 7, '2026-11-24T09:00:00.000Z'));
await writer.engine.collectChanges();
await writer.engine.drain();
const runs = [];
for (let round = 0; round < (quick ? 1 : 3); round++) {
  if (round > 0) {
    for (let i = 0; i < CHANGED; i++) await writer.db.screenings.put(sampleScreening(fps[i], `bench-changed-${round}-${i}`, 7, '2026-11-24T09:00:00.000Z'));
    await writer.engine.collectChanges();
    await writer.engine.drain();
  }
  t = performance.now();
  const report = await reader.engine.pullCaseload();
  runs.push(performance.now() - t);
  if (report.applied !== CHANGED) console.log(`  (round ${round}: applied ${report.applied}, expected ${CHANGED})`);
}
runs.sort((a, b) => a - b);
const median = runs[Math.floor(runs.length / 2)];
console.log(`Incremental caseload sync of ${CHANGED} changed resources (server holds ${PATIENTS * 3}+): median ${median.toFixed(0)} ms over ${runs.length} runs (target <= 1000 ms) ${median <= 1000 ? 'PASS' : 'OVER TARGET'}`);
await server.close();
process.exit(0);
