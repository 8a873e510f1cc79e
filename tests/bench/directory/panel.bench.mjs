// The treatment directory in the extension, in Chromium (issue 12): first-install store of the
// bundled directory, service worker cold start → first search answered, a search's round trip
// from an extension page, and a filter chip click → list re-rendered and painted in the side
// panel (User Timing measure `bridge:filter-to-paint`, from the pane). Medians.
// The cold start is measured side by side, round after round, with an empty extension whose
// worker only answers a message (what any extension's worker start costs on this machine), and
// with a second Bridge build when BRIDGE_COMPARE_DIR names one (e.g. the build before a change).
// Run: BRIDGE_DEMO=1 npx wxt build && node tests/bench/directory/panel.bench.mjs
//      (BRIDGE_EXTENSION_DIR=.output-directory/chrome-mv3-demo DEMO_EHR_PORT=4371 to use another build/port)
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
const fmtDiff = (a, b) => `median of per-round differences ${median(a.map((x, i) => x - b[i])).toFixed(1)} ms`;
const fmt = (xs) => `median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}, n=${xs.length})`;

const server = await startDemoEhr(Number(process.env.DEMO_EHR_PORT ?? 4342));
const base = `http://127.0.0.1:${server.address().port}`;
const dir = mkdtempSync(join(tmpdir(), 'bridge-bench-directory-'));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [...flags, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
});

// An empty extension: a worker that answers any message, and a page to send from.
const emptyDir = mkdtempSync(join(tmpdir(), 'bridge-bench-empty-ext-'));
writeFileSync(join(emptyDir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'Empty', version: '1.0', background: { service_worker: 'worker.js' } }));
writeFileSync(join(emptyDir, 'worker.js'), 'chrome.runtime.onMessage.addListener((message, sender, reply) => { reply({ ok: true, data: { matches: [1] } }); });');
writeFileSync(join(emptyDir, 'page.html'), '<!doctype html><title>empty</title>');

/** Another browser with one extension loaded, for the side-by-side cold starts. */
async function sideContext(extension, pagePath) {
  const profile = mkdtempSync(join(tmpdir(), 'bridge-bench-side-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...flags, `--disable-extensions-except=${extension}`, `--load-extension=${extension}`],
  });
  const sw = ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker'));
  const page = await ctx.newPage();
  await page.goto(`chrome-extension://${new URL(sw.url()).host}/${pagePath}`);
  return { ctx, page, profile };
}

/** Stops the context's workers, waits, then times a message from its page until it is answered. */
async function coldAnswer(ctx, page, type, payload) {
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
  await new Promise((r) => setTimeout(r, 300));
  return page.evaluate(
    async ([t, p]) => {
      const start = performance.now();
      const reply = await chrome.runtime.sendMessage({ bridge: 1, type: t, payload: p });
      if (!reply.ok || (t === 'directory.search' && reply.data.matches.length === 0)) throw new Error('no answer');
      return performance.now() - start;
    },
    [type, payload],
  );
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

  // 2. Cold start: worker stopped, the next search wakes it and loads everything from IndexedDB;
  // side by side, round after round, with an empty extension and (optionally) another build.
  const empty = await sideContext(emptyDir, 'page.html');
  const compare = process.env.BRIDGE_COMPARE_DIR ? await sideContext(resolve(process.env.BRIDGE_COMPARE_DIR), 'options.html') : null;
  const search = { origin: { kind: 'zip', zip: '02108' }, need: [] };
  if (compare) await send(compare.page, 'directory.status', {});
  const cold = [];
  const coldEmpty = [];
  const coldCompare = [];
  const baseline = [];
  const breakdown = [];
  for (let i = 0; i < ROUNDS; i++) {
    cold.push(await coldAnswer(context, page, 'directory.search', search));
    breakdown.push((await send(page, 'directory.status', {})).lastLoad);
    coldEmpty.push(await coldAnswer(empty.ctx, empty.page, 'any', {}));
    if (compare) coldCompare.push(await coldAnswer(compare.ctx, compare.page, 'directory.search', search));
    baseline.push(await coldAnswer(context, page, 'settings.effective', {}));
  }
  console.log(`cold start → first search answered (from an extension page): ${fmt(cold)}`);
  console.log(`  empty extension, same rounds, cold start → message answered: ${fmt(coldEmpty)}`);
  console.log(`  Bridge's own part (search minus empty extension, per round): ${fmtDiff(cold, coldEmpty)}`);
  console.log(`  baseline, cold start → settings.effective answered: ${fmt(baseline)}`);
  if (compare) {
    console.log(`  compared build (${process.env.BRIDGE_COMPARE_DIR}), same rounds: ${fmt(coldCompare)}; its own part ${fmtDiff(coldCompare, coldEmpty)}`);
  }
  await empty.ctx.close();
  rmSync(empty.profile, { recursive: true, force: true });
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

  // 4. Filter chip → list re-rendered and painted, in the side panel on a demo chart; with
  // BRIDGE_COMPARE_DIR, the other build's panel is clicked in turn, click after click.
  async function openPanel(ctx) {
    const sw = ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker'));
    const chart = await ctx.newPage();
    await chart.goto(`${base}/chart/p01`);
    await chart.waitForTimeout(1500);
    const tabId = await sw.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, chart.url());
    const panel = await ctx.newPage();
    await panel.setViewportSize({ width: 420, height: 900 });
    await panel.goto(`chrome-extension://${new URL(sw.url()).host}/sidepanel.html?tab=${tabId}`);
    await panel.getByRole('tab', { name: 'Find treatment' }).click();
    await panel.locator('.bridge-provider-search > ol > li').first().waitFor();
    return panel;
  }
  async function clickChip(panel, chip) {
    await panel.evaluate(() => performance.clearMeasures());
    await panel.getByRole('button', { name: chip, exact: true }).click();
    await panel.waitForFunction(() => performance.getEntriesByName('bridge:filter-to-paint').length > 0);
    return panel.evaluate(() => [
      performance.getEntriesByName('bridge:filter-to-paint')[0].duration,
      performance.getEntriesByName('bridge:filter-reply-to-commit')[0].duration,
      performance.getEntriesByName('bridge:filter-reply')[0].startTime - performance.getEntriesByName('bridge:filter-change')[0].startTime,
    ]);
  }
  const panels = [['this build', await openPanel(context)]];
  if (compare) panels.push([`compared build`, await openPanel(compare.ctx)]);
  // The pane asks the background, while idle, for the answer of each chip toggled; a clinician
  // reads the list before the next click. Measured both after such a pause and with none.
  for (const [label, pauseMs] of [['after a 1.5 s pause', 1500], ['with no pause', 0]]) {
    const series = panels.map(() => ({ paint: [], commit: [], reply: [] }));
    for (let i = 0; i < 4 * ROUNDS; i++) {
      const chip = ['Methadone', 'Buprenorphine', 'Medicaid', 'Spanish'][i % 4];
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      for (const [k, [, panel]] of panels.entries()) {
        const [total, commit, reply] = await clickChip(panel, chip);
        series[k].paint.push(total);
        series[k].commit.push(commit);
        series[k].reply.push(reply);
      }
    }
    for (const [k, [name]] of panels.entries()) {
      console.log(`filter chip click → list re-rendered, next frame (side panel), ${label}, ${name}: ${fmt(series[k].paint)}`);
      console.log(`  of which click → answer: ${fmt(series[k].reply)}; answer → list committed: ${fmt(series[k].commit)}`);
    }
  }
  if (compare) {
    await compare.ctx.close();
    rmSync(compare.profile, { recursive: true, force: true });
  }
} finally {
  await context.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(emptyDir, { recursive: true, force: true });
}
