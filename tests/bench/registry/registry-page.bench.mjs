// The caseload registry page in Chromium (issue 10: 5,000 patients; first render <= 300 ms,
// filter/sort <= 50 ms, memory reported). Seeds synthetic patients (lib/registry/test-support.ts,
// made-up people only) straight into the extension's IndexedDB from an extension page: the page
// shares the service worker's origin, so no seeding code ships in any build. Then:
// - first render: registry.html opened in a new tab, from navigation start to the first frame
//   painted with the rows (User Timing `bridge:registry-first-render`), with the service worker
//   warm, and cold (stopped first, as Chrome does after 30 s idle); of which reading the
//   summaries (`bridge:registry-read`) and computing the rows on the page's clock (`bridge:registry-rows`);
// - filter/sort: a UI action (typing a search, ticking a flag, clicking a column header, choosing
//   a referral status) to the next painted frame (`bridge:registry-query-to-paint`);
// - memory: the page's JS heap after a forced GC (CDP Runtime.getHeapUsage), its DOM node count,
//   and the service worker's JS heap.
// Run: BRIDGE_DEMO=1 npx wxt build && node tests/bench/registry/registry-page.bench.mjs [--patients=5000]
//      (BRIDGE_EXTENSION_DIR=.output-registry/chrome-mv3-demo to use another build; BENCH_ROUNDS=7)
import { chromium } from '@playwright/test';
import { createJiti } from 'jiti';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const jiti = createJiti(import.meta.url);
const { syntheticCaseload } = await jiti.import(path.join(root, 'lib/registry/test-support.ts'));
const { samplePacket } = await jiti.import(path.join(root, 'tests/fixtures/forms/sample-packet.ts'));
const { registrySummariesOf, summaryBuckets } = await jiti.import(path.join(root, 'lib/db/registry-summary.ts'));

const PATIENTS = Number(process.argv.find((a) => a.startsWith('--patients='))?.split('=')[1] ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const extensionDir = path.resolve(process.env.BRIDGE_EXTENSION_DIR ?? '.output/chrome-mv3-demo');
const flags = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (xs) => `median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}, n=${xs.length})`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// The caseload is dated around the real clock, since the page computes rows on its own clock.
const NOW = new Date();
const input = syntheticCaseload(PATIENTS, samplePacket(), NOW, 1);
const at = NOW.toISOString();
const fingerprints = [...new Set([...input.plans.map((p) => p.patientFingerprint), ...input.referrals.map((r) => r.packet.patient.fingerprint), ...input.screenings.map((s) => s.patientFingerprint)])];
const named = new Map(input.referrals.map((r) => [r.packet.patient.fingerprint, r.packet.patient]));
const records = {
  carePlans: input.plans.map((plan) => ({
    id: plan.id,
    patientFingerprint: plan.patientFingerprint,
    updatedAt: at,
    initial: plan,
    current: plan,
    version: 1,
    history: [{ version: 1, by: 'bench', at, change: null }],
  })),
  screenings: input.screenings.map((s, i) => ({
    id: `scr-${i}`,
    patientFingerprint: s.patientFingerprint,
    instrumentId: s.instrumentId,
    instrumentVersion: '1',
    answers: { q1: 'monthly-or-less', q2: '1-2', q3: 'never' },
    result: { status: 'complete', score: s.score, positive: s.score >= 4 },
    mode: 'clinician',
    completedAt: s.completedAt,
  })),
  referrals: input.referrals.map((r) => ({ ...r, patientFingerprint: r.packet.patient.fingerprint, updatedAt: at })),
  patients: fingerprints.map((fp, i) => ({
    fingerprint: fp,
    name: named.get(fp)?.name ?? `Pat Synthetic ${i}`,
    birthDate: '1980-01-01',
    sex: 'unknown',
    postalCode: null,
    mrn: named.get(fp)?.mrn ?? `MRN${200000 + i}`,
    lastSeenAt: at,
  })),
};
// Raw IndexedDB puts bypass the summary middleware, so the summaries are seeded as the version 4
// upgrade builds them (lib/db/registry-summary.ts).
records.registrySummaries = summaryBuckets(registrySummariesOf(records));

const dir = mkdtempSync(path.join(tmpdir(), 'bridge-bench-registry-'));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: [...flags, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
});

async function stopWorkers(page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}
const measures = (page, name) => page.evaluate((n) => performance.getEntriesByName(n).map((e) => e.duration), name);

try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(worker.url()).host;
  const url = `chrome-extension://${id}/registry.html`;
  const seeder = await context.newPage();
  await seeder.goto(url);
  // The page's first message has the background open (and create) the database.
  await seeder.waitForSelector('[data-testid="registry-as-of"]');
  const seedStart = performance.now();
  for (const [store, rows] of Object.entries(records)) {
    for (let i = 0; i < rows.length; i += 1000) {
      await seeder.evaluate(
        ([name, chunk]) =>
          new Promise((resolve, reject) => {
            const open = indexedDB.open('bridge');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const tx = open.result.transaction(name, 'readwrite');
              for (const row of chunk) tx.objectStore(name).put(row);
              tx.oncomplete = () => {
                open.result.close();
                resolve(undefined);
              };
              tx.onerror = () => reject(tx.error);
            };
          }),
        [store, rows.slice(i, i + 1000)],
      );
    }
  }
  await seeder.close();
  console.log(
    `registry page bench: ${PATIENTS} synthetic patients seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s ` +
      `(${records.carePlans.length} plans, ${records.screenings.length} screenings, ${records.referrals.length} referrals); Chromium ${context.browser()?.version() ?? ''}`,
  );

  const openRegistry = async () => {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, 'bridge:registry-first-render', { timeout: 60_000 });
    return page;
  };

  // First render, service worker warm (the usual case: the clinician has Bridge open).
  const warm = [];
  const read = [];
  const compute = [];
  const readStart = [];
  let rowsShown = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const page = await openRegistry();
    warm.push((await measures(page, 'bridge:registry-first-render'))[0]);
    read.push((await measures(page, 'bridge:registry-read'))[0]);
    compute.push((await measures(page, 'bridge:registry-rows'))[0]);
    readStart.push(await page.evaluate(() => performance.getEntriesByName('bridge:registry-read-start')[0]?.startTime ?? NaN));
    const count = await page.getByTestId('registry-count').textContent();
    rowsShown = Number(/of (\d+)/.exec(count ?? '')?.[1] ?? 0);
    await page.close();
  }
  // Cold: the worker stopped first (the page reads the database itself, so it should not wait for the worker).
  const cold = [];
  const coldRead = [];
  for (let i = 0; i < Math.min(ROUNDS, 5); i++) {
    const blank = await context.newPage();
    await stopWorkers(blank);
    await blank.close();
    await new Promise((r) => setTimeout(r, 300));
    const page = await openRegistry();
    cold.push((await measures(page, 'bridge:registry-first-render'))[0]);
    coldRead.push((await measures(page, 'bridge:registry-read'))[0]);
    await page.close();
  }
  console.log(`  rows listed: ${rowsShown}`);
  console.log(`  first render, navigation → rows painted (worker warm): ${fmt(warm)}`);
  console.log(`  first render, navigation → rows painted (worker cold): ${fmt(cold)}`);
  console.log(`    of which opening the database and reading the summaries (worker warm): ${fmt(read)}; (worker cold): ${fmt(coldRead)}`);
  console.log(`    of which computing the rows on the page's clock (worker warm): ${fmt(compute)}`);
  console.log(`    the read starts (page loaded, scripts evaluated), after navigation (worker warm): ${fmt(readStart)}`);

  // Filter and sort: each UI action to the next painted frame.
  const page = await openRegistry();
  const timed = async (action) => {
    const before = (await measures(page, 'bridge:registry-query-to-paint')).length;
    await action();
    await page.waitForFunction(([n, k]) => performance.getEntriesByName(n).length > k, ['bridge:registry-query-to-paint', before]);
    return (await measures(page, 'bridge:registry-query-to-paint'))[before];
  };
  const search = page.getByLabel('Search name, MRN or provider', { exact: true });
  const actions = {
    'type a search ("example 1")': [() => search.fill('example 1'), () => search.fill('')],
    'tick the "Overdue contact" flag': [() => page.getByRole('checkbox', { name: /Overdue contact/ }).check(), () => page.getByRole('checkbox', { name: /Overdue contact/ }).uncheck()],
    'sort by "Next contact due" (column header)': [() => page.getByRole('button', { name: 'Next contact due' }).click(), () => page.getByRole('button', { name: 'Patient' }).click()],
    'referral status "Sent"': [() => page.getByLabel('Referral status', { exact: true }).selectOption('sent'), () => page.getByLabel('Referral status', { exact: true }).selectOption('')],
  };
  for (const [name, [act, undo]] of Object.entries(actions)) {
    const times = [];
    for (let i = 0; i < ROUNDS; i++) {
      times.push(await timed(act));
      await timed(undo);
    }
    console.log(`  filter/sort, ${name} → painted: ${fmt(times)}`);
  }

  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  await cdp.send('Performance.enable');
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const domRows = await page.locator('tbody tr[data-index]').count();
  const swHeap = await worker.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize : null)).catch(() => null);
  console.log(
    `  memory: registry page JS heap ${mb(heap.usedSize)} used of ${mb(heap.totalSize)} after GC; ${metrics.Nodes} DOM nodes, ${domRows} table rows in the DOM (of ${rowsShown})` +
      (swHeap ? `; service worker JS heap ${mb(swHeap)} (not forced to GC)` : ''),
  );
} finally {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
}
