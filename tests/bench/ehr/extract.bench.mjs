// Generic patient extraction on a synthetic 5,000-node chart, in real Chromium (the browser the
// target is for) and in happy-dom under Node (the unit-test DOM, much slower than a browser).
// Run: node tests/bench/ehr/extract.bench.mjs [--quick] [--node-only]
// The TypeScript extractor is bundled once with Vite into an IIFE so the browser runs the code the
// extension ships; the page is built from tests/bench/ehr/synthetic-chart.ts.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const { createJiti } = await import('jiti');
const jiti = createJiti(import.meta.url);
const { syntheticChart, BANNER_LAYOUTS } = await jiti.import(path.join(root, 'tests/bench/ehr/synthetic-chart.ts'));
const quick = process.argv.includes('--quick');
const nodeOnly = process.argv.includes('--node-only');
const ITER = quick ? 60 : 200;
const TODAY = '2026-11-23';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length * 0.95)]; };

async function bundle() {
  const { build } = await import('vite');
  const result = await build({
    root,
    logLevel: 'silent',
    configFile: false,
    build: {
      write: false,
      minify: true,
      lib: { entry: path.join(root, 'lib/ehr/context.ts'), name: 'BridgeEhr', formats: ['iife'], fileName: 'ehr' },
      rollupOptions: { output: { inlineDynamicImports: true } },
    },
  });
  const out = (Array.isArray(result) ? result[0] : result).output[0];
  return out.code;
}

async function inChromium(code) {
  const { chromium } = await import('playwright');
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  const browser = await chromium.launch({ executablePath, args: ['--headless=new'] });
  const rows = [];
  try {
    const page = await browser.newPage();
    const cases = [...BANNER_LAYOUTS.map((layout) => [layout, 5000]), ['dl', 9000], ['unhinted', 9000]];
    for (const [layout, size] of cases) {
      await page.setContent(syntheticChart({ nodes: size, banner: layout }));
      await page.addScriptTag({ content: code });
      const r = await page.evaluate(({ iter, today }) => {
        const all = document.getElementsByTagName('*').length;
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ALL);
        let nodes = 0;
        while (walker.nextNode()) nodes++;
        const times = [];
        let reading;
        for (let i = 0; i < iter + 30; i++) {
          const t0 = performance.now();
          reading = globalThis.BridgeEhr.readPatientContext(document, 'https://unknown-ehr.example/chart', { today });
          const t1 = performance.now();
          if (i >= 30) times.push(t1 - t0);
        }
        return { elements: all, nodes, times, name: reading.context?.name, found: reading.found, via: reading.via };
      }, { iter: ITER, today: TODAY });
      rows.push({ where: 'chromium', layout, ...r });
    }
  } finally {
    await browser.close();
  }
  return rows;
}

async function inHappyDom() {
  const { Window } = await import('happy-dom');
  const { readPatientContext } = await jiti.import(path.join(root, 'lib/ehr/context.ts'));
  const rows = [];
  for (const layout of BANNER_LAYOUTS) {
    const window = new Window();
    const doc = new window.DOMParser().parseFromString(syntheticChart({ nodes: 5000, banner: layout }), 'text/html');
    const times = [];
    let reading;
    for (let i = 0; i < Math.ceil(ITER / 3) + 2; i++) {
      const t0 = performance.now();
      reading = readPatientContext(doc, 'https://unknown-ehr.example/chart', { today: TODAY });
      if (i >= 2) times.push(performance.now() - t0);
    }
    rows.push({ where: 'happy-dom', layout, elements: doc.getElementsByTagName('*').length, nodes: null, times, name: reading.context?.name, found: reading.found, via: reading.via });
    await window.happyDOM.close();
  }
  return rows;
}

const rows = [];
if (!nodeOnly) rows.push(...(await inChromium(await bundle())));
rows.push(...(await inHappyDom()));
console.log('Generic extraction (readPatientContext, no adapter) on a synthetic chart; target <= 3 ms in the browser');
console.log('where      layout     elements  nodes  median ms  p95 ms  read');
for (const r of rows) {
  console.log(
    `${r.where.padEnd(10)} ${r.layout.padEnd(10)} ${String(r.elements).padStart(8)} ${String(r.nodes ?? '-').padStart(6)} ${median(r.times).toFixed(3).padStart(10)} ${p95(r.times).toFixed(3).padStart(7)}  ${r.name ?? 'NONE'} [${r.found.join(',')}]`,
  );
}
