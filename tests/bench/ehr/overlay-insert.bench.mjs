// What showing one small element costs the demo's heaviest chart (the 800-row server-rendered
// chart), by where the element goes: the rendering update after inserting a prompt-sized element
// in a closed shadow root, as a fixed element at the end of <html> or as a manual popover in the
// top layer (what Bridge's overlay does). Thread time of the page's main-thread tasks traced in the
// 600 ms after the insertion (rendering updates and the insertion itself), medians over fresh tabs
// of a settled page; no extension involved. Run: node tests/bench/ehr/overlay-insert.bench.mjs
import { chromium } from '@playwright/test';
import { startDemoEhr } from '../../demo-ehr/server.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const prompt = `const h = document.createElement('bridge-overlay');
  const s = h.attachShadow({ mode: 'closed' });
  const d = document.createElement('div');
  d.textContent = 'SUD screening due · last: never';
  d.style.cssText = 'font: 13px system-ui; padding: 8px; background: #fff; border: 1px solid #1f4e79';
  s.append(d);`;
const variants = {
  'fixed element at the end of <html>': `${prompt} h.style.cssText = 'position: fixed; right: 16px; bottom: 16px; z-index: 2147483646'; document.documentElement.append(h);`,
  'manual popover (top layer)': `${prompt} h.popover = 'manual'; h.style.cssText = 'position: fixed; inset: auto 16px 16px auto; margin: 0; padding: 0; border: 0'; document.documentElement.append(h); h.showPopover();`,
};
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const server = await startDemoEhr(Number(process.env.DEMO_EHR_PORT ?? 4344));
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--headless=new', '--disable-gpu'] });
const results = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, code] of Object.entries(variants)) {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await page.goto(`http://127.0.0.1:${server.address().port}/chart/p01`, { waitUntil: 'load' });
    await page.waitForTimeout(1500);
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'toplevel', 'blink', 'v8', '__metadata'] }, transferMode: 'ReportEvents' });
    await page.waitForTimeout(100);
    await page.evaluate(code);
    await page.waitForTimeout(600);
    await cdp.send('Tracing.end');
    await complete;
    const main = new Set(events.filter((e) => e.ph === 'M' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
    const counted = new Set(['WebFrameWidgetImpl::UpdateLifecycle', 'v8.run', 'FunctionCall']);
    const ms = events.filter((e) => e.ph === 'X' && counted.has(e.name) && main.has(`${e.pid}:${e.tid}`)).reduce((sum, e) => sum + (e.tdur ?? e.dur) / 1000, 0);
    results[name].push(ms);
    await page.close();
  }
}
await browser.close();
server.close();
console.log(`Showing a prompt-sized element on the 800-row demo chart: main-thread thread time of the insertion and the rendering updates after it (${ROUNDS} fresh tabs each, alternating):`);
for (const [name, xs] of Object.entries(results)) console.log(`  ${name.padEnd(36)} median ${median(xs).toFixed(2)} ms (min ${Math.min(...xs).toFixed(2)}, max ${Math.max(...xs).toFixed(2)})`);
