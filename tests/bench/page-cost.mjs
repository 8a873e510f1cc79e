// What Bridge's EHR page script costs the EHR page (issue 3), in two passes over the same demo
// charts, each side by side: two persistent Chromium contexts, one with the demo build loaded and
// one without, load the same chart alternately in a fresh tab; the first load of each is discarded;
// medians.
//
// 1. Wall clock, the method of shared/measured.md, unperturbed: the navigation's loadEventEnd and
//    CDP Performance.getMetrics TaskDuration (main-thread task time, load + 1.2 s of idle time).
//    On a shared machine TaskDuration moves by ±25 ms between identical runs: it cannot show a
//    5 ms budget.
// 2. CPU time, from a trace of each load: the thread time (`tdur`) of every top-level task on the
//    page's renderer main thread, which another process's load on the machine barely moves; and
//    the part Bridge itself spent, attributed directly: whole tasks that ran Bridge's script or a
//    callback in its isolated world (trace events carrying the world's name or Bridge's script
//    URL), with their microtasks and forced style/layout, and, after the load event, the rendering
//    update that follows one (the overlay's style, layout, paint). Replies to Bridge's messages whose microtasks call
//    no traced callback are missed, so the attributed figure is a floor and the difference of
//    medians the full measure. Tracing slows the page a little, equally in both contexts, so this
//    pass reports no load ratio.
// Also the size of the script injected into EHR pages. BENCH_BASELINE_DIR adds a second build
// (before a change, say) to both passes, measured in the same alternation. Run:
//   BRIDGE_EXTENSION_DIR=.output/chrome-mv3-demo BENCH_LOADS=20 node tests/bench/page-cost.mjs
import { chromium } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startDemoEhr } from '../demo-ehr/server.mjs';

const LOADS = Number(process.env.BENCH_LOADS ?? 12);
const TRACE_LOADS = Number(process.env.BENCH_TRACE_LOADS ?? LOADS);
const extensionDir = resolve(process.env.BRIDGE_EXTENSION_DIR ?? '.output/chrome-mv3-demo');
const flags = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const round = (x) => +x.toFixed(1);
const manifestName = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')).name;
const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'v8', 'v8.execute', '__metadata'];

/** A persistent context with the extension in `extension` loaded, or none when it is null. */
async function open(extension) {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true,
    args: [...flags, ...(extension ? [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`] : [])],
  });
  if (extension) {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    for (let i = 0; i < 100 && (await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  }
  return { context, dir };
}

/** Pass 1: one load in a fresh tab; its renderer's main-thread task time belongs to this load. */
async function measureWall(target, url) {
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

/** True for a trace event that is Bridge's code running: its world or its script URL. */
function isBridge(event) {
  const args = event.args ?? {};
  const data = args.data ?? args.beginData ?? {};
  return args.worldName === manifestName || String(data.url ?? '').startsWith('chrome-extension://');
}

/**
 * Sums a load's trace: CPU time of every top-level task on the page's renderer main thread, and
 * of Bridge's share. After the load event, a task that ran Bridge's code (a callback in its world,
 * the reply to one of its messages) counts whole, with its microtasks and forced style and layout,
 * and so does the next rendering update after it (the overlay's style, layout and paint). Before
 * it, Bridge's code runs inside the page's own tasks (its script is evaluated inside the parser's
 * task at document_start): only the Bridge events themselves count.
 */
function cpuOf(events) {
  const threads = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') threads.set(`${e.pid}:${e.tid}`, []);
  for (const e of events) if (e.ph === 'X') threads.get(`${e.pid}:${e.tid}`)?.push(e);
  // The page's renderer is the one that ran the most; the initial about:blank one barely runs.
  const busiest = [...threads.values()].map((es) => es.sort((a, b) => a.ts - b.ts || b.dur - a.dur)).sort((a, b) => b.length - a.length)[0] ?? [];
  const loadAt = events.find((e) => e.name === 'MarkLoad' && e.args?.data?.isOutermostMainFrame)?.ts ?? Infinity;
  const cpuMs = (e) => (e.tdur ?? e.dur ?? 0) / 1000;
  let main = 0;
  let bridge = 0;
  let afterBridgeTask = false;
  /** Bridge's attributed tasks after the load event, each with the trace events that took longest in it. */
  const tasks = [];
  const describe = (from, to, ms) => {
    const sums = new Map();
    for (let k = from; k < to; k++) { const e = busiest[k]; if (e.name.includes('::') || e.name === 'RunTask') continue; sums.set(e.name, (sums.get(e.name) ?? 0) + cpuMs(e)); }
    tasks.push({ ms, top: [...sums].sort((p, q) => q[1] - p[1]).slice(0, 4).map(([n, v]) => `${n} ${v.toFixed(1)}`).join(', ') });
  };
  for (let i = 0; i < busiest.length; ) {
    const task = busiest[i];
    const end = task.ts + (task.dur ?? 0);
    let j = i + 1;
    let own = isBridge(task) ? cpuMs(task) : 0;
    let ownUntil = isBridge(task) ? end : -Infinity;
    let rendering = false;
    for (; j < busiest.length && busiest[j].ts < end; j++) {
      const e = busiest[j];
      if (isBridge(e) && e.ts >= ownUntil) {
        own += cpuMs(e);
        ownUntil = e.ts + (e.dur ?? 0);
      }
      if (e.name === 'WebFrameWidgetImpl::UpdateLifecycle') rendering = true;
    }
    const ranBridge = ownUntil > -Infinity;
    const afterLoad = task.ts > loadAt;
    main += cpuMs(task);
    if (ranBridge) bridge += afterLoad ? cpuMs(task) : own;
    else if (afterBridgeTask && rendering) bridge += cpuMs(task);
    if (afterLoad && (ranBridge || (afterBridgeTask && rendering))) describe(i + 1, j, cpuMs(task));
    if (ranBridge && afterLoad) afterBridgeTask = true;
    else if (rendering) afterBridgeTask = false;
    i = j;
  }
  return { main, bridge, tasks };
}

/** Pass 2: one traced load; CPU time of the page's main thread and Bridge's part of it. */
async function measureCpu(target, url) {
  const page = await target.context.newPage();
  const cdp = await target.context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: TRACE_CATEGORIES }, transferMode: 'ReportEvents' });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(1200);
  await cdp.send('Tracing.end');
  await complete;
  await page.close();
  return cpuOf(events);
}

const server = await startDemoEhr(Number(process.env.DEMO_EHR_PORT ?? 4341));
const base = `http://127.0.0.1:${server.address().port}`;
const pages = { 'server-rendered chart, 800 result rows': `${base}/chart/p01`, 'single-page app chart': `${base}/spa/patient/p02` };
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const loadBefore = load();
// BENCH_BASELINE_DIR: another build (say, before a change) measured in the same run, alternating.
const builds = [{ name: 'this build', dir: extensionDir }, ...(process.env.BENCH_BASELINE_DIR ? [{ name: 'baseline build', dir: resolve(process.env.BENCH_BASELINE_DIR) }] : [])];
const without = await open(null);
for (const b of builds) b.target = await open(b.dir);
const wall = [];
const cpu = [];
const breakdowns = [];
/** Alternates loads over every build and the browser without Bridge; drops the first round. */
async function rounds(count, measure, url) {
  const results = builds.map(() => []);
  const plain = [];
  for (let i = 0; i <= count; i++) {
    for (const [k, b] of builds.entries()) { const r = await measure(b.target, url); if (i > 0) results[k].push(r); }
    const r = await measure(without, url);
    if (i > 0) plain.push(r);
  }
  return { results, plain };
}
for (const [label, url] of Object.entries(pages)) {
  const { results, plain } = await rounds(LOADS, measureWall, url);
  const loadWithout = median(plain.map((r) => r.load)), taskWithout = median(plain.map((r) => r.taskMs));
  for (const [k, b] of builds.entries()) {
    const loadWith = median(results[k].map((r) => r.load)), taskWith = median(results[k].map((r) => r.taskMs));
    wall.push({ page: label, build: b.name, loads: LOADS, 'load ms with': round(loadWith), 'load ms without': round(loadWithout), 'load ratio': +(loadWith / loadWithout).toFixed(3),
      'task ms with': round(taskWith), 'task ms without': round(taskWithout), 'added task ms (median diff)': round(taskWith - taskWithout) });
  }
}
for (const [label, url] of Object.entries(pages)) {
  const { results, plain } = await rounds(TRACE_LOADS, measureCpu, url);
  const mainWithout = median(plain.map((r) => r.main));
  for (const [k, b] of builds.entries()) {
    const a = results[k];
    const mainWith = median(a.map((r) => r.main));
    const bridge = a.map((r) => r.bridge).sort((p, q) => p - q);
    const typical = a.find((r) => r.bridge === bridge[bridge.length >> 1]);
    if (typical) breakdowns.push({ label: `${label}, ${b.name}, a middle load by Bridge CPU (${round(typical.bridge)} ms)`, tasks: typical.tasks });
    cpu.push({ page: label, build: b.name, loads: TRACE_LOADS, 'main-thread CPU ms with': round(mainWith), 'without': round(mainWithout), 'added (median diff)': round(mainWith - mainWithout),
      'Bridge CPU ms, attributed (median)': round(median(bridge)), 'p90': round(bridge[Math.floor(bridge.length * 0.9)] ?? NaN) });
  }
}
for (const t of [without, ...builds.map((b) => b.target)]) { await t.context.close(); rmSync(t.dir, { recursive: true, force: true }); }
server.close();
console.log(`\nContent script cost on the demo EHR (Chromium, new headless, medians; load average before ${loadBefore}, after ${load()}):`);
console.log('Wall clock (shared/measured.md method):');
console.table(wall);
console.log('CPU time from traces (thread time of the page\'s main thread; Bridge\'s part attributed from its world and script URL):');
console.table(cpu);
console.log('Where Bridge\'s attributed CPU went after the load event (thread ms of each task, and what took longest in it):');
for (const { label, tasks } of breakdowns) {
  console.log(`  ${label}:`);
  for (const t of tasks) console.log(`    ${t.ms.toFixed(1).padStart(5)} ms  ${t.top}`);
}
for (const b of builds) {
  // ehr-boot.js is registered at document_start; ehr-page.js is injected after the load event
  // (a build from before that split has ehr-page.js only).
  const files = ['ehr-boot.js', 'ehr-page.js'].filter((f) => existsSync(join(b.dir, f)));
  const sizes = files.map((f) => { const script = readFileSync(join(b.dir, f)); return { file: f, bytes: script.length, gzip: gzipSync(script, { level: 9 }).length }; });
  const total = sizes.reduce((sum, x) => sum + x.gzip, 0);
  console.log(`Script injected into EHR pages by ${b.name}: ${sizes.map((x) => `${x.file} ${x.bytes} bytes (${x.gzip} gzip -9)`).join(' + ')} = ${total} bytes gzip -9 (budget 25,600)`);
}
