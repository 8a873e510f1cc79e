// `npm start`: builds Bridge with the demo EHR's host granted, starts the demo EHR on 127.0.0.1,
// and opens Chromium with the extension in a throw-away profile on a demo chart.
// `npm start -- --headless` (or no display) does the same headless, writes screenshots of the
// chart with its overlay and of the side panel to demo-output/, prints their paths and exits.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { startDemoEhr } from '../demo-ehr/server.mjs';

const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const headless = process.argv.includes('--headless') || noDisplay;
if (noDisplay && !process.argv.includes('--headless')) console.log('No display found: running headless (same as `npm start -- --headless`).');

const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit', env: { ...process.env, BRIDGE_DEMO: '1' } });
if (build.status !== 0) process.exit(build.status ?? 1);

const extensionDir = resolve('.output/chrome-mv3-demo');
const server = await startDemoEhr(Number(process.env.DEMO_EHR_PORT ?? 4321));
const demo = `http://127.0.0.1:${server.address().port}`;
const profile = mkdtempSync(join(tmpdir(), 'bridge-demo-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless,
  viewport: headless ? { width: 1280, height: 800 } : null,
  args: ['--no-sandbox', '--no-first-run', '--no-default-browser-check', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const extensionId = new URL(worker.url()).host;
for (let i = 0; i < 50 && (await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).length === 0; i++) await new Promise((r) => setTimeout(r, 100));

const chart = context.pages()[0] ?? (await context.newPage());
await chart.goto(`${demo}/chart/p01`);
console.log(`Demo EHR: ${demo}/  ·  Bridge extension id: ${extensionId}`);

if (!headless) {
  console.log('Chromium is open on a demo chart. Click "Open Bridge" on the prompt, or the toolbar button. Close the browser to stop.');
  await new Promise((resolveClose) => context.on('close', resolveClose));
} else {
  mkdirSync('demo-output', { recursive: true });
  await chart.waitForFunction(() => document.querySelector('bridge-overlay') !== null, null, { timeout: 15_000 });
  await chart.waitForTimeout(300);
  const chartShot = resolve('demo-output/chart-with-overlay.png');
  await chart.screenshot({ path: chartShot });
  const tabId = await worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, chart.url());
  const panel = await context.newPage();
  await panel.setViewportSize({ width: 400, height: 800 });
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html?tab=${tabId}`);
  await panel.getByTestId('patient-header').waitFor({ timeout: 15_000 });
  const panelShot = resolve('demo-output/side-panel.png');
  await panel.screenshot({ path: panelShot });
  console.log(`Screenshots:\n  ${chartShot}\n  ${panelShot}`);
}
await context.close().catch(() => {});
server.close();
rmSync(profile, { recursive: true, force: true });
process.exit(0);
