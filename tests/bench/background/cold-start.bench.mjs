// The background service worker's cold start in Chromium (issue 12): from the worker stopped to
// the first `directory.search` answered, split from a trace of the worker's own thread into
// script compile, top-level evaluation (module code and `main()`, where listeners are
// registered) and the first message's handling, side by side with an empty extension whose
// worker only answers a message. Medians over rounds of CPU time on the worker's thread (trace
// `tdur`) and of wall time seen by the sending page.
// With BRIDGE_COMPARE_DIR, the same rounds run against a second build (e.g. the one before a change).
// With BRIDGE_MODULE_MARKS=1, the extension is copied and its background.js (an unminified build,
// see below) gets a time mark before each bundled module, so the top-level evaluation is also
// reported by module: build it with `-c tests/bench/background/wxt.unminified.config.ts`.
// Run: BRIDGE_DEMO=1 npx wxt build && node tests/bench/background/cold-start.bench.mjs
//      (BRIDGE_EXTENSION_DIR=.output-x/chrome-mv3-demo for another build; BENCH_ROUNDS=9)
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const extensionDir = resolve(process.env.BRIDGE_EXTENSION_DIR ?? '.output/chrome-mv3-demo');
const compareDir = process.env.BRIDGE_COMPARE_DIR ? resolve(process.env.BRIDGE_COMPARE_DIR) : null;
const withMarks = process.env.BRIDGE_MODULE_MARKS === '1';
const flags = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CATEGORIES = ['v8', 'v8.execute', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (xs) => `median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}, n=${xs.length})`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every browser this bench started, so none outlives it even when a step throws.
const launched = new Set();
process.on('exit', () => {
  for (const proc of launched) proc.kill();
});

/** A Chromium with one extension loaded, driven over the DevTools protocol (flat sessions). */
async function launch(extension) {
  const profile = mkdtempSync(join(tmpdir(), 'bridge-bench-cold-'));
  const proc = spawn(process.env.CHROME_PATH ?? '/usr/bin/chromium', [
    '--headless=new',
    '--remote-debugging-port=0',
    `--user-data-dir=${profile}`,
    ...flags,
    `--disable-extensions-except=${extension}`,
    `--load-extension=${extension}`,
    'about:blank',
  ], { stdio: 'ignore' });
  launched.add(proc);
  proc.once('exit', () => launched.delete(proc));
  const portFile = join(profile, 'DevToolsActivePort');
  const written = () => existsSync(portFile) && readFileSync(portFile, 'utf8').split('\n')[1]?.startsWith('/');
  for (let i = 0; i < 200 && !written(); i++) await sleep(50);
  const [port, path] = readFileSync(portFile, 'utf8').split('\n');
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  let nextId = 1;
  const pending = new Map();
  const listeners = new Set();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    if (msg.id && pending.has(msg.id)) {
      const { resolve: ok, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new Error(`${msg.error.message} ${msg.error.data ?? ''}`));
      else ok(msg.result);
    } else for (const listener of listeners) listener(msg);
  });
  const send = (method, params = {}, sessionId) =>
    new Promise((ok, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: ok, reject });
      ws.send(JSON.stringify({ id, method, params, sessionId }));
    });
  const on = (listener) => (listeners.add(listener), () => listeners.delete(listener));
  const close = async () => {
    ws.close();
    proc.kill();
    await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
    // Chromium's helpers may still be writing to the profile for a moment after it exits.
    await sleep(300);
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  };

  // The extension's worker, then one of its pages to send messages from.
  const worker = await (async () => {
    for (let i = 0; i < 200; i++) {
      const { targetInfos } = await send('Target.getTargets');
      const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
      if (sw) return sw;
      await sleep(50);
    }
    throw new Error('the extension has no service worker');
  })();
  const id = new URL(worker.url).host;
  const pagePath = existsSync(join(extension, 'options.html')) ? 'options.html' : 'page.html';
  const { targetId } = await send('Target.createTarget', { url: `chrome-extension://${id}/${pagePath}` });
  const { sessionId: page } = await send('Target.attachToTarget', { targetId, flatten: true });
  const evaluate = async (expression, sessionId = page) => {
    const { result, exceptionDetails } = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  };
  // A page opened while the extension is still loading is not an extension page yet: reload it.
  for (let i = 0; i < 100 && !(await evaluate("document.readyState === 'complete' && typeof chrome.runtime?.sendMessage === 'function'")); i++) {
    await sleep(100);
    if (i % 10 === 9) await send('Page.reload', {}, page);
  }
  return { send, on, close, evaluate, id, page };
}

/** What a page's `chrome.runtime.sendMessage` of a Bridge message costs, as an expression. */
const timedMessage = (type, payload) => `(async () => {
  const start = performance.now();
  const reply = await chrome.runtime.sendMessage({ bridge: 1, type: ${JSON.stringify(type)}, payload: ${JSON.stringify(payload)} });
  performance.mark('bridge-bench:answered');
  if (!reply || !reply.ok) throw new Error('no answer: ' + JSON.stringify(reply));
  return performance.now() - start;
})()`;

/**
 * Stops the browser's workers, then times `type` from the page while tracing: the worker thread's
 * compile, evaluation and message handling, as CPU time (`tdur`) and wall time (`dur`).
 */
async function coldRound(browser, type, payload) {
  await stopWorkers(browser);
  const events = [];
  const done = new Promise((r) => {
    const off = browser.on((msg) => {
      if (msg.method === 'Tracing.dataCollected') events.push(...msg.params.value);
      if (msg.method === 'Tracing.tracingComplete') {
        off();
        r();
      }
    });
  });
  await browser.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES, excludedCategories: ['*'] }, transferMode: 'ReportEvents' });
  const wall = await browser.evaluate(timedMessage(type, payload));
  await sleep(50);
  await browser.send('Tracing.end');
  await done;
  return { wall, ...workerThreadTimes(events) };
}

/**
 * The worker's thread in a trace, up to the moment the page had its answer: CPU time (`tdur`) of
 * its tasks in all, of compiling its script (from the code cache after the first start), of the
 * script's top-level run (`v8.run`: every module's top level, then `main()`), and of what ran
 * after it until the answer (the message's listener, its promises, IndexedDB callbacks, and any
 * start-up work that ran meanwhile).
 */
function workerThreadTimes(events) {
  const names = events.filter((e) => e.ph === 'M' && e.name === 'thread_name');
  const thread = names.find((e) => /ServiceWorker/i.test(e.args?.name ?? '') && !/Thread Pool/i.test(e.args.name));
  const answered = events.find((e) => e.name === 'bridge-bench:answered');
  if (!thread || !answered) return { compileMs: NaN, evaluateMs: NaN, firstMessageMs: NaN, workerCpuMs: NaN };
  const cpu = (e) => (e.tdur ?? e.dur ?? 0) / 1000;
  const mine = events.filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X' && e.ts < answered.ts);
  const tasks = mine.filter((e) => !mine.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && o.dur > e.dur));
  const run = mine.filter((e) => e.name === 'v8.run').sort((a, b) => b.dur - a.dur)[0];
  const evalEnd = run ? run.ts + run.dur : Infinity;
  return {
    compileMs: mine.filter((e) => e.name === 'v8.compile').reduce((t, e) => t + cpu(e), 0),
    evaluateMs: run ? cpu(run) : NaN,
    firstMessageMs: tasks.filter((e) => e.ts >= evalEnd).reduce((t, e) => t + cpu(e), 0),
    workerCpuMs: tasks.reduce((t, e) => t + cpu(e), 0),
  };
}

/** Copies a build and puts a time mark before every bundled module of its background.js. */
function markedCopy(dir) {
  const copy = mkdtempSync(join(tmpdir(), 'bridge-bench-marked-'));
  cpSync(dir, copy, { recursive: true });
  const file = join(copy, 'background.js');
  const lines = readFileSync(file, 'utf8').split('\n');
  if (!lines.some((l) => /^\t\/\/ (node_modules|lib|entrypoints)\//.test(l))) throw new Error(`${dir}/background.js is minified: build it with -c tests/bench/background/wxt.unminified.config.ts`);
  const marked = lines.map((l) => (/^\t\/\/ \S/.test(l) ? `\t__bridgeMark(${JSON.stringify(l.trim().slice(3))});\n${l}` : l));
  marked.unshift('globalThis.__bridgeMarks = [["(start)", performance.now()]]; function __bridgeMark(n) { globalThis.__bridgeMarks.push([n, performance.now()]); }');
  const end = marked.findLastIndex((l) => /^\tvar result;$/.test(l));
  marked.splice(end, 0, '\t__bridgeMark("(main)");');
  const ret = marked.findLastIndex((l) => /^\treturn result;$/.test(l));
  marked.splice(ret, 0, '\t__bridgeMark("(end)");');
  writeFileSync(file, marked.join('\n'));
  return copy;
}

/** Stops the worker as Chrome does after 30 s idle (from the page: the ServiceWorker domain is a page's). */
async function stopWorkers(browser) {
  await browser.send('ServiceWorker.enable', {}, browser.page);
  await browser.send('ServiceWorker.stopAllWorkers', {}, browser.page);
  await sleep(300);
}

/** Each module's share of the top-level evaluation, from the marks of one cold start. */
async function moduleMarks(browser) {
  await stopWorkers(browser);
  await browser.evaluate(timedMessage('directory.search', { origin: { kind: 'zip', zip: '02108' }, need: [] }));
  const { targetInfos } = await browser.send('Target.getTargets');
  const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(browser.id));
  const { sessionId } = await browser.send('Target.attachToTarget', { targetId: sw.targetId, flatten: true });
  const marks = await browser.evaluate('globalThis.__bridgeMarks', sessionId);
  await browser.send('Target.detachFromTarget', { sessionId });
  const spans = new Map();
  for (let i = 0; i < marks.length - 1; i++) {
    const name = marks[i][0].replace(/^node_modules\/((@[^/]+\/)?[^/]+).*/, '$1 (package)');
    spans.set(name, (spans.get(name) ?? 0) + marks[i + 1][1] - marks[i][1]);
  }
  return spans;
}

const search = { origin: { kind: 'zip', zip: '02108' }, need: [] };
const emptyDir = mkdtempSync(join(tmpdir(), 'bridge-bench-empty-ext-'));
writeFileSync(join(emptyDir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'Empty', version: '1.0', background: { service_worker: 'worker.js' } }));
writeFileSync(join(emptyDir, 'worker.js'), 'chrome.runtime.onMessage.addListener((message, sender, reply) => { reply({ ok: true, data: {} }); });');
writeFileSync(join(emptyDir, 'page.html'), '<!doctype html><title>empty</title>');

const markedDir = withMarks ? markedCopy(extensionDir) : null;
const builds = [['this build', markedDir ?? extensionDir], ...(compareDir ? [[`compared build (${process.env.BRIDGE_COMPARE_DIR})`, compareDir]] : []), ['empty extension', emptyDir]];
const browsers = [];
try {
  for (const [name, dir] of builds) {
    const browser = await launch(dir);
    browsers.push({ name, browser, rounds: [] });
    // The first need on a new install stores the bundled directory; done once, before timing.
    if (name !== 'empty extension') await browser.evaluate(timedMessage('directory.status', {}));
  }
  await sleep(1000);
  for (let i = 0; i < ROUNDS; i++) {
    for (const b of browsers) b.rounds.push(await coldRound(b.browser, b.name === 'empty extension' ? 'any' : 'directory.search', search));
  }
  for (const { name, rounds } of browsers) {
    console.log(`${name}: cold start → ${name === 'empty extension' ? 'message' : 'first directory.search'} answered (page wall time): ${fmt(rounds.map((r) => r.wall))}`);
    console.log(`  worker thread CPU until the answer: ${fmt(rounds.map((r) => r.workerCpuMs))}`);
    console.log(`  of which script compile (code cache): ${fmt(rounds.map((r) => r.compileMs))}`);
    console.log(`  of which top-level run of the script (modules + main()): ${fmt(rounds.map((r) => r.evaluateMs))}`);
    console.log(`  of which after it, until the answer (the message's handling, start-up work meanwhile): ${fmt(rounds.map((r) => r.firstMessageMs))}`);
  }
  if (markedDir) {
    const runs = [];
    for (let i = 0; i < ROUNDS; i++) runs.push(await moduleMarks(browsers[0].browser));
    const total = (spans) => [...spans.values()].reduce((a, b) => a + b, 0);
    console.log(`top-level evaluation by module (instrumented copy, marks in the worker, wall): total ${fmt(runs.map(total))}`);
    const rows = [...runs[0].keys()].map((k) => [k, median(runs.map((s) => s.get(k) ?? 0))]).sort((a, b) => b[1] - a[1]);
    for (const [k, ms] of rows.slice(0, 30)) console.log(`  ${ms.toFixed(2).padStart(7)} ms  ${k}`);
  }
} finally {
  for (const { browser } of browsers) await browser.close();
  rmSync(emptyDir, { recursive: true, force: true });
  if (markedDir) rmSync(markedDir, { recursive: true, force: true });
}
