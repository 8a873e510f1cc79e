// Patient change → onChange latency on the demo EHR's single-page app, in real Chromium: the
// page switches patient with history.pushState and re-renders; watchPatient (MutationObserver +
// Navigation API, batched with requestIdleCallback, timeout 30 ms) re-reads the banner.
// Also reports the main-thread time one re-read costs on the heaviest demo chart.
// Run: node tests/bench/ehr/watch.bench.mjs [--quick]
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startDemoEhr } from '../../demo-ehr/server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const quick = process.argv.includes('--quick');
const SWITCHES = quick ? 20 : 60;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]; };

const { build } = await import('vite');
const built = await build({
  root, logLevel: 'silent', configFile: false,
  build: { write: false, minify: true, lib: { entry: path.join(root, 'tests/bench/ehr/watch-entry.ts'), name: 'BridgeEhr', formats: ['iife'], fileName: 'ehr' } },
});
const code = (Array.isArray(built) ? built[0] : built).output[0].code;
const gzip = (await import('node:zlib')).gzipSync(code, { level: 9 }).length;

const server = await startDemoEhr(0);
const base = `http://127.0.0.1:${server.address().port}`;
const { chromium } = await import('playwright');
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const browser = await chromium.launch({ executablePath, args: ['--headless=new'] });
try {
  const page = await browser.newPage();
  await page.goto(`${base}/spa/patient/p01`);
  await page.addScriptTag({ content: code });
  const latencies = await page.evaluate(async (switches) => {
    const { watchPatient, readPatientContext, builtInAdapters } = globalThis.BridgeEhr;
    const changes = [];
    const controller = new AbortController();
    watchPatient(document, {
      signal: controller.signal,
      readContext: (doc) => readPatientContext(doc, location.href, { adapters: builtInAdapters }),
      onChange: (reading) => changes.push({ at: performance.now(), name: reading.context?.name ?? null }),
    });
    const waitFor = (n) => new Promise((resolve) => { const tick = () => (changes.length >= n ? resolve() : setTimeout(tick, 1)); tick(); });
    await waitFor(1);
    const out = [];
    const ids = ['p02', 'p03', 'p04', 'p05', 'p06', 'p01'];
    for (let i = 0; i < switches; i++) {
      const link = document.querySelector(`a[data-patient="${ids[i % ids.length]}"]`);
      const before = changes.length;
      const t0 = performance.now();
      link.click();
      await waitFor(before + 1);
      out.push({ ms: changes[before].at - t0, name: changes[before].name });
      await new Promise((r) => setTimeout(r, 30));
    }
    controller.abort();
    return out;
  }, SWITCHES);

  await page.goto(`${base}/chart/p01`);
  await page.addScriptTag({ content: code });
  const readCost = await page.evaluate(() => {
    const { readPatientContext, builtInAdapters } = globalThis.BridgeEhr;
    const times = [];
    for (let i = 0; i < 60; i++) {
      const t0 = performance.now();
      readPatientContext(document, location.href, { adapters: builtInAdapters });
      times.push(performance.now() - t0);
    }
    const generic = [];
    for (let i = 0; i < 60; i++) {
      const t0 = performance.now();
      readPatientContext(document, 'https://unknown.example/', {});
      generic.push(performance.now() - t0);
    }
    return { adapter: times.slice(10), generic: generic.slice(10), nodes: document.getElementsByTagName('*').length };
  });

  const ms = latencies.map((l) => l.ms);
  console.log(`Bundle (context + watcher + adapters, minified): ${code.length} B, ${gzip} B gzip-9`);
  console.log(`SPA patient switch → onChange: median ${median(ms).toFixed(1)} ms, p95 ${p95(ms).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms over ${ms.length} switches; wrong names: ${latencies.filter((l) => !l.name).length}`);
  console.log(`Classic chart (${readCost.nodes} elements) one re-read: adapter median ${median(readCost.adapter).toFixed(2)} ms, generic median ${median(readCost.generic).toFixed(2)} ms`);
} finally {
  await browser.close();
  server.close();
}
