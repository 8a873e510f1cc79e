/**
 * Issue 10 target: saving a care plan <= 20 ms. Measures lib/db/careplan-store's saveCarePlan (the
 * whole save the background does: validate the editor's plan, read the stored plan, work out the
 * change, validate it as the next version and write the row) on a plan of typical size with 30
 * earlier versions. IndexedDB here is fake-indexeddb in Node, not Chromium's: the figures compare
 * runs and are an upper bound for the store's own work, not a browser measurement.
 *   npx vitest bench --run tests/bench/careplan/save.bench.ts
 */
import 'fake-indexeddb/auto';
import { bench, describe } from 'vitest';
import { BridgeDatabase } from '../../../lib/db/database';
import { saveCarePlan } from '../../../lib/db/careplan-store';
import { carePlan } from '../../../lib/careplan/plan';
import { samplePlanInput } from '../../../lib/careplan/test-support';

const FP = 'fp-abcdef0123';
const db = new BridgeDatabase(`careplan-bench-${Date.now()}`);
let version = 0;
let minute = 0;
const stamp = () => ({ by: 'Dr. Ana Rivera', at: new Date(Date.parse('2026-11-23T14:00:00Z') + ++minute * 60_000).toISOString() });

/** The next edit a clinician makes: move the next contact date on by one day. */
function edited(n: number) {
  const day = new Date(Date.parse('2026-12-01T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10);
  return carePlan(samplePlanInput({ nextContactDue: day }));
}

version = (await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 0, plan: samplePlanInput() }, stamp())).version;
for (let i = 0; i < 30; i++) version = (await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: version, plan: edited(i) }, stamp())).version;

// A plain timing pass, printed so runs can be compared without reading the bench table.
const times: number[] = [];
for (let i = 0; i < 100; i++) {
  const t0 = performance.now();
  version = (await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: version, plan: edited(100 + i) }, stamp())).version;
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(`[fake-indexeddb] care plan save, ${times.length} saves, history up to ${version} versions: median ${times[49]!.toFixed(2)} ms, p95 ${times[94]!.toFixed(2)} ms (target <= 20 ms)`);

let n = 1000;
describe('care plan save (fake-indexeddb)', () => {
  bench('saveCarePlan: one edit as the next version', async () => {
    version = (await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: version, plan: edited(n++) }, stamp())).version;
  });
});
