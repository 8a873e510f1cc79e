// The treatment directory in the extension, in Chromium (issue 12): first-install store of the
// bundled directory, service worker cold start → first search answered, a search's round trip
// from an extension page, and a filter chip click → list re-rendered and painted in the side
// panel (User Timing measure `bridge:filter-to-paint`, from the pane). Medians.
// Run: BRIDGE_DEMO=1 npx wxt build && node tests/bench/directory/panel.bench.mjs
//      (BRIDGE_EXTENSION_DIR=.output-directory/chrome-mv3-demo DEMO_EHR_PORT=4371 to use another build/port)
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemoEhr } from '../../demo-ehr/server.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const extensionDir = resolve(process.env.BRIDGE_EXTENSION_DIR ?? '.output/chrome-mv3-demo');
const flags = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (xs) => `median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}, n=${xs.length})`;

const server = await startDemoEhr(Number(process.env.DEMO_EHR_PORT ?? 4342));
const base = `http://127.0.0.1:${server.address().port}`;
const dir = mkdtempSync(join(tmpdir(), 'bridge-bench-directory-'));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [...flags, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
});

async function stopWorkers(page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}
const send = (page, type, payload) =>
  page.evaluate(async ([t, p]) => {
    const reply = await chrome.runtime.sendMessage({ bridge: 1, type: t, payload: p });
    if (!reply.ok) throw new Error(reply.error);
    return reply.data;
  }, [type, payload]);

try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  for (let i = 0; i < 100 && (await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  const id = new URL(worker.url()).host;
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/options.html`);

  // 1. First need on a new install: the bundled directory is fetched, decoded, indexed and stored.
  const first = await send(page, 'directory.status', {});
  const l = first.lastLoad;
  console.log(`first install (bundle → IndexedDB), one run: fetch ${l.readMs} ms, JSON.parse ${l.parseMs} ms, decode ${l.decodeMs} ms, index ${l.indexMs} ms, encode+store one record ${l.storeMs} ms; ${first.providerCount} listings`);

  // 2. Cold start: worker stopped, the next search wakes it and loads everything from IndexedDB.
  const cold = [];
  const breakdown = [];
  for (let i = 0; i < ROUNDS; i++) {
    await stopWorkers(page);
    await new Promise((r) => setTimeout(r, 300));
    cold.push(
      await page.evaluate(async () => {
        const start = performance.now();
        const reply = await chrome.runtime.sendMessage({ bridge: 1, type: 'directory.search', payload: { origin: { kind: 'zip', zip: '02108' }, need: [] } });
        if (!reply.ok || reply.data.matches.length === 0) throw new Error('no answer');
        return performance.now() - start;
      }),
    );
    breakdown.push((await send(page, 'directory.status', {})).lastLoad);
  }
  console.log(`cold start → first search answered (from an extension page): ${fmt(cold)}`);
  // Baseline: the same cold start answering a message that touches no directory.
  const baseline = [];
  for (let i = 0; i < ROUNDS; i++) {
    await stopWorkers(page);
    await new Promise((r) => setTimeout(r, 300));
    baseline.push(
      await page.evaluate(async () => {
        const start = performance.now();
        const reply = await chrome.runtime.sendMessage({ bridge: 1, type: 'settings.effective', payload: {} });
        if (!reply.ok) throw new Error(reply.error);
        return performance.now() - start;
      }),
    );
  }
  console.log(`  baseline, cold start → settings.effective answered: ${fmt(baseline)}`);
  for (const key of ['readMs', 'parseMs', 'decodeMs', 'indexMs']) console.log(`  of which ${key.replace('Ms', '')}: ${fmt(breakdown.map((b) => b[key]))}`);

  // 3. Warm search round trip: extension page → background → validated reply.
  const zips = ['02108', '10001', '60614', '94110', '73301', '99501', '00901', '33101', '80202', '98101'];
  const needs = [[], ['methadone'], ['buprenorphine', 'medicaid'], ['spanish', 'outpatient']];
  const warm = await page.evaluate(
    async ([zs, ns]) => {
      const times = [];
      for (let i = 0; i < 200; i++) {
        const start = performance.now();
        const reply = await chrome.runtime.sendMessage({ bridge: 1, type: 'directory.search', payload: { origin: { kind: 'zip', zip: zs[i % zs.length] }, need: ns[i % ns.length] } });
        if (!reply.ok) throw new Error(reply.error);
        times.push(performance.now() - start);
      }
      return times;
    },
    [zips, needs],
  );
  console.log(`search round trip, warm (top 20 + unlisted, 10 ZIPs × 4 need mixes): ${fmt(warm)}`);

  // 4. Filter chip → list re-rendered and painted, in the side panel on a demo chart.
  const chart = await context.newPage();
  await chart.goto(`${base}/chart/p01`);
  await chart.waitForTimeout(1500);
  const tabId = await worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, chart.url());
  const panel = await context.newPage();
  await panel.setViewportSize({ width: 420, height: 900 });
  await panel.goto(`chrome-extension://${id}/sidepanel.html?tab=${tabId}`);
  await panel.getByRole('tab', { name: 'Find treatment' }).click();
  await panel.locator('.bridge-provider-search > ol > li').first().waitFor();
  const paint = [];
  const replyToCommit = [];
  const toReply = [];
  for (let i = 0; i < 4 * ROUNDS; i++) {
    const chip = ['Methadone', 'Buprenorphine', 'Medicaid', 'Spanish'][i % 4];
    await panel.evaluate(() => performance.clearMeasures());
    await panel.getByRole('button', { name: chip, exact: true }).click();
    await panel.waitForFunction(() => performance.getEntriesByName('bridge:filter-to-paint').length > 0);
    const [total, commit, reply] = await panel.evaluate(() => [
      performance.getEntriesByName('bridge:filter-to-paint')[0].duration,
      performance.getEntriesByName('bridge:filter-reply-to-commit')[0].duration,
      performance.getEntriesByName('bridge:filter-reply')[0].startTime - performance.getEntriesByName('bridge:filter-change')[0].startTime,
    ]);
    paint.push(total);
    replyToCommit.push(commit);
    toReply.push(reply);
  }
  console.log(`filter chip click → list re-rendered, next frame (side panel): ${fmt(paint)}`);
  console.log(`  of which click → search reply: ${fmt(toReply)}; reply → list committed: ${fmt(replyToCommit)}`);
} finally {
  await context.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
