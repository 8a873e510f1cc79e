// Planning and filling a 30-field referral form (issue 6: median ≤ 30 ms), measured in Chromium:
// the same lib/referral code, bundled for the browser with Vite, runs in a page of the demo EHR
// on the 30-field form of fill-bench.ts.
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { startDemoEhr } from '../../demo-ehr/server.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const outDir = mkdtempSync(join(tmpdir(), 'bridge-fill-bench-'));
await build({
  configFile: false,
  logLevel: 'silent',
  resolve: { alias: { '@': resolve('.') } },
  build: { outDir, emptyOutDir: true, minify: true, lib: { entry: resolve('tests/bench/referral/fill-bench.ts'), name: 'FillBench', formats: ['iife'], fileName: () => 'fill-bench.js' } },
});
const server = await startDemoEhr(Number(process.env.DEMO_EHR_PORT ?? 4345));
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/about`);
await page.addScriptTag({ path: join(outDir, 'fill-bench.js') });
const rounds = [];
for (let round = 0; round < 3; round++) {
  const result = await page.evaluate(async (runs) => {
    document.querySelector('form')?.remove();
    globalThis.FillBench.buildThirtyFieldForm(document);
    return globalThis.FillBench.measurePlanAndFill(document, runs);
  }, RUNS);
  rounds.push({ fields: result.fields, filled: result.stepsFilled, ...Object.fromEntries(Object.entries(result.medianMs).map(([k, v]) => [`median ${k} ms`, +v.toFixed(2)])), 'p95 total ms': +result.p95TotalMs.toFixed(2) });
}
await browser.close();
server.close();
rmSync(outDir, { recursive: true, force: true });
console.log(`\nReferral form, 30 fields, ${RUNS} runs per round (Chromium, new headless):`);
console.table(rounds);
