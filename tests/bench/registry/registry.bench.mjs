// Caseload registry benchmark (issue 10: 5,000 patients; first render <= 300 ms, filter/sort <= 50 ms).
// Measures the pure list engine only (lib/registry): computing rows from plans, screenings and
// referrals, then filtering, searching and sorting them, and the CSV export. Rendering is not here.
// Run: node --expose-gc tests/bench/registry/registry.bench.mjs [--quick] [--patients=5000]
// TypeScript modules are loaded through jiti (as tests/bench/directory does), so this runs the same
// code the extension ships.
import { createJiti } from 'jiti';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const jiti = createJiti(import.meta.url);
const { registryRows, queryRegistry, registryCsv } = await jiti.import(path.join(root, 'lib/registry/registry.ts'));
const { syntheticCaseload } = await jiti.import(path.join(root, 'lib/registry/test-support.ts'));
const { samplePacket } = await jiti.import(path.join(root, 'tests/fixtures/forms/sample-packet.ts'));
const { createCarePlan, applyChange } = await jiti.import(path.join(root, 'lib/careplan/versioning.ts'));
const { samplePlanInput } = await jiti.import(path.join(root, 'lib/careplan/test-support.ts'));

const quick = process.argv.includes('--quick');
const PATIENTS = Number(process.argv.find((a) => a.startsWith('--patients='))?.split('=')[1] ?? 5000);
const RUNS = quick ? 10 : 40;
const NOW = new Date('2026-12-20T12:00:00Z');

const input = syntheticCaseload(PATIENTS, samplePacket(), NOW, 1);
const gc = globalThis.gc;

function measure(fn) {
  for (let i = 0; i < 3; i++) fn(); // warm-up (JIT)
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { median: at(0.5), p95: at(0.95), max: times[times.length - 1] };
}
const fmt = (m) => `median ${m.median.toFixed(2)} ms, p95 ${m.p95.toFixed(2)} ms, max ${m.max.toFixed(2)} ms`;

// First run, cold: what the registry page pays on opening.
const coldStart = performance.now();
const coldRows = registryRows(input, NOW);
const coldFirst = queryRegistry(coldRows);
const coldMs = performance.now() - coldStart;

gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const rows = registryRows(input, NOW);
gc?.();
const heapRows = process.memoryUsage().heapUsed - heapBefore;

const queries = {
  'default (priority sort)': {},
  'search "example 1" + sort by name': { search: 'example 1', sort: { key: 'name' } },
  'flag overdue-contact + sort by next contact': { flags: ['overdue-contact'], sort: { key: 'nextContactDue' } },
  'flag not-improving + latest score desc': { flags: ['not-improving'], sort: { key: 'latestScore', direction: 'desc' } },
  'referral status sent|scheduled + search "mrn10"': { referralStatuses: ['sent', 'scheduled'], search: 'mrn10' },
};

console.log(`registry bench: ${PATIENTS} patients -> ${rows.length} rows (${input.plans.length} plans, ${input.screenings.length} screenings, ${input.referrals.length} referrals), ${RUNS} runs, node ${process.version}`);
console.log(`  cold compute + default sort (first open): ${coldMs.toFixed(2)} ms (${coldFirst.length} rows)`);
console.log(`  compute rows: ${fmt(measure(() => registryRows(input, NOW)))}`);
console.log(`  compute + filter + sort (default): ${fmt(measure(() => queryRegistry(registryRows(input, NOW))))}`);
for (const [name, q] of Object.entries(queries)) {
  const n = queryRegistry(rows, q).length;
  console.log(`  filter/sort ${name} [${n} rows]: ${fmt(measure(() => queryRegistry(rows, q)))}`);
}
console.log(`  CSV export of all rows: ${fmt(measure(() => registryCsv(rows)))}`);
// Care plan save (issue target <= 20 ms): validate and record one version of the sample plan.
let record = createCarePlan(samplePlanInput(), { by: 'bench', at: '2026-11-23T14:00:00Z' });
let minute = 0;
const save = () => {
  minute++;
  const at = new Date(Date.parse('2026-11-23T14:00:00Z') + minute * 60_000).toISOString();
  record = applyChange(record, { op: 'set', field: 'reviewIntervalDays', value: 14 + (minute % 2) }, { by: 'bench', at }).plan;
};
console.log(`  care plan save (applyChange + validation, ${record.current.careTeam.length} members): ${fmt(measure(save))}`);
const flagged = rows.filter((r) => r.flags.length).length;
console.log(
  `  memory: rows retain ~${(heapRows / 1024 / 1024).toFixed(2)} MB heap${gc ? '' : ' (approximate: run with --expose-gc)'}; ` +
    `heap used ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1)} MB total; ${flagged} rows flagged`,
);
