// `npm run bench`: every performance benchmark, printing figures to compare between runs.
// Benchmarks run against the demo build, so it is built first.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const run = (cmd, args, env = {}) => spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status === 0;
if (!run('npx', ['wxt', 'build'], { BRIDGE_DEMO: '1' })) process.exit(1);

const benches = [];
const collect = (dir) => {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) collect(path);
    else if (/\.bench\.(mjs|ts)$/.test(entry.name) || ['page-cost.mjs', 'patient-switch.mjs'].includes(entry.name)) benches.push(path);
  }
};
collect('tests/bench');
let ok = true;
for (const bench of benches.sort()) {
  console.log(`\n### ${bench}`);
  ok = (bench.endsWith('.ts') ? run('npx', ['vitest', 'bench', '--run', bench]) : run('node', [bench])) && ok;
}
process.exit(ok ? 0 : 1);
