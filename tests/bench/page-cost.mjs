// What Bridge's content script costs the EHR page (issue 3; method of shared/measured.md): two
// persistent Chromium contexts, one with the demo build loaded and one without, load the same
// demo chart alternately; the first load of each is discarded; medians of the navigation's
// loadEventEnd and of CDP Performance.getMetrics TaskDuration. Also the content script's size.
import { chromium } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startDemoEhr } from '../demo-ehr/server.mjs';

const LOADS = Number(process.env.BENCH_LOADS ?? 12);
const extensionDir = resolve(process.env.BRIDGE_EXTENSION_DIR ?? '.output/chrome-mv3-demo');
const flags = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

async function open(withExtension) {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true,
    args: [...flags, ...(withExtension ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : [])],
  });
  if (withExtension) {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    for (let i = 0; i < 100 && (await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  }
  return { context, dir };
}

/** One load in a fresh tab: its renderer's whole main-thread task time belongs to this load. */
async function measure(target, url) {
  const page = await target.context.newPage();
  const cdp = await target.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url, { waitUntil: 'load' });
  // Let idle-time work (Bridge reads the patient in the page's idle time) finish and count.
  await page.waitForTimeout(1200);
  const metrics = await cdp.send('Performance.getMetrics');
  const taskMs = metrics.metrics.find((x) => x.name === 'TaskDuration').value * 1000;
  const load = await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
  await page.close();
  return { load, taskMs };
}

const server = await startDemoEhr(Number(process.env.DEMO_EHR_PORT ?? 4341));
const base = `http://127.0.0.1:${server.address().port}`;
const pages = { 'server-rendered chart, 800 result rows': `${base}/chart/p01`, 'single-page app chart': `${base}/spa/patient/p02` };
const withExt = await open(true);
const without = await open(false);
const results = [];
for (const [label, url] of Object.entries(pages)) {
  const a = [], b = [];
  for (let i = 0; i <= LOADS; i++) {
    const x = await measure(withExt, url);
    const y = await measure(without, url);
    if (i > 0) { a.push(x); b.push(y); }
  }
  const loadWith = median(a.map((r) => r.load)), loadWithout = median(b.map((r) => r.load));
  const taskWith = median(a.map((r) => r.taskMs)), taskWithout = median(b.map((r) => r.taskMs));
  results.push({ page: label, loads: LOADS, 'load ms with': +loadWith.toFixed(1), 'load ms without': +loadWithout.toFixed(1), 'load ratio': +(loadWith / loadWithout).toFixed(3),
    'task ms with': +taskWith.toFixed(1), 'task ms without': +taskWithout.toFixed(1), 'added task ms (median diff)': +(taskWith - taskWithout).toFixed(1) });
}
for (const t of [withExt, without]) { await t.context.close(); rmSync(t.dir, { recursive: true, force: true }); }
server.close();
const script = readFileSync(join(extensionDir, 'ehr-page.js'));
console.log('\nContent script cost on the demo EHR (Chromium, new headless, medians):');
console.table(results);
console.log(`ehr-page.js (the script injected into EHR pages): ${script.length} bytes, ${gzipSync(script, { level: 9 }).length} bytes gzip -9 (budget 25,600)`);
