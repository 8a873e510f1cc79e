import path from 'node:path';
import { existsSync } from 'node:fs';
import { createJiti } from 'jiti';
const root = '/work/main';
const jiti = createJiti(import.meta.url);
const { syntheticChart } = await jiti.import(path.join(root, 'tests/bench/ehr/synthetic-chart.ts'));
const { build } = await import('vite');
const built = await build({ root, logLevel: 'silent', configFile: false, build: { write: false, minify: true, lib: { entry: path.join(root, 'lib/ehr/extract.ts'), name: 'X', formats: ['iife'], fileName: 'x' } } });
const code = (Array.isArray(built) ? built[0] : built).output[0].code;
const { chromium } = await import('playwright');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new'] });
const page = await browser.newPage();
for (const nodes of [5000, 9000]) {
  await page.setContent(syntheticChart({ nodes, banner: 'dl' }));
  await page.addScriptTag({ content: code });
  const r = await page.evaluate(() => {
    const med = (f) => { const t = []; for (let i = 0; i < 150; i++) { const a = performance.now(); f(); t.push(performance.now() - a); } t.sort((a, b) => a - b); return t[75].toFixed(2); };
    return {
      walk: med(() => { const w = document.createTreeWalker(document.body, 4); let n = 0; while (w.nextNode()) n++; }),
      walkData: med(() => { const w = document.createTreeWalker(document.body, 4); let n = 0; for (let t = w.nextNode(); t; t = w.nextNode()) { const d = t.nodeValue; if (d.length < 160) n += d.charCodeAt(0); } }),
      aria: med(() => document.querySelectorAll('[aria-label]').length),
      find: med(() => X.findPatientBanner(document)),
      full: med(() => X.extractPatient(document, { today: '2026-11-23' })),
    };
  });
  console.log(nodes, JSON.stringify(r));
}
await browser.close();
