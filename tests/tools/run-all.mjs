// `npm test`: typecheck, lint, unit tests, then the end-to-end suite in Chromium. Prints each
// runner's totals and, last, one plain line "N passed, N failed" adding them up. Exits non-zero
// if any step failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
const run = (label, cmd, args, env = {}) => {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
};

const steps = [];
steps.push(['typecheck', run('typecheck', 'npx', ['tsc', '--noEmit', '-p', '.'])]);
steps.push(['lint', run('lint', 'npx', ['eslint', '.'])]);
const unitOk = run('unit tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit-report.json']);
steps.push(['unit tests', unitOk]);
const buildOk = run('build (demo)', 'npx', ['wxt', 'build'], { BRIDGE_DEMO: '1' }) && run('build (production)', 'npx', ['wxt', 'build']);
steps.push(['build', buildOk]);
const e2eOk = buildOk && run('end-to-end tests', 'npx', ['playwright', 'test']);
steps.push(['end-to-end tests', e2eOk]);

let passed = 0;
let failed = 0;
if (existsSync('test-results/unit-report.json')) {
  const unit = JSON.parse(readFileSync('test-results/unit-report.json', 'utf8'));
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  console.log(`unit: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed, ${unit.numPendingTests + unit.numTodoTests} skipped`);
} else failed += 1;
if (existsSync('test-results/e2e-report.json') && buildOk) {
  const e2e = JSON.parse(readFileSync('test-results/e2e-report.json', 'utf8')).stats;
  passed += e2e.expected + e2e.flaky;
  failed += e2e.unexpected;
  console.log(`e2e: ${e2e.expected + e2e.flaky} passed (${e2e.flaky} flaky), ${e2e.unexpected} failed, ${e2e.skipped} skipped`);
} else failed += 1;
for (const [label, ok] of steps) if (!ok) console.log(`FAILED step: ${label}`);
const stepFailures = steps.filter(([, ok]) => !ok).length;
console.log(`${passed} passed, ${failed + (failed === 0 ? stepFailures : 0)} failed`);
process.exit(stepFailures === 0 && failed === 0 ? 0 : 1);
