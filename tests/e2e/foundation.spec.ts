import { mkdirSync } from 'node:fs';
import { DEMO, expect, tabIdOf, test } from './fixtures';
import { launchWithExtension, serviceWorker, stopServiceWorkers } from './chromium';
import { clickInOverlay, overlayTexts } from './closed-shadow';

mkdirSync('test-results', { recursive: true });

test('the service worker starts and the overlay prompts on a demo chart', async ({ context, extensionId }) => {
  expect(extensionId).toMatch(/^[a-p]{32}$/);
  const page = await context.newPage();
  await page.goto(`${DEMO}/chart/p01`);
  await expect.poll(() => overlayTexts(page, '.bridge-prompt-text')).toEqual(['SUD screening due · last: never']);
  // Shown in the top layer, above any z-index the EHR uses.
  expect(await page.evaluate(() => document.querySelector('bridge-overlay')?.matches(':popover-open'))).toBe(true);
  await page.screenshot({ path: 'test-results/overlay-classic-chart.png' });
});

test('with the service worker stopped, a chart still gets its prompt: the start-up script wakes the worker, which injects the page script', async ({ context, extensionId }) => {
  expect(extensionId).toBeTruthy();
  await stopServiceWorkers(context);
  const page = await context.newPage();
  await page.goto(`${DEMO}/chart/p01`);
  await expect.poll(() => overlayTexts(page, '.bridge-prompt-text')).toEqual(['SUD screening due · last: never']);
  expect(await page.evaluate(() => document.querySelectorAll('bridge-overlay').length)).toBe(1);
});

test('no overlay on a page that shows no patient', async ({ context, extensionId }) => {
  expect(extensionId).toBeTruthy();
  const page = await context.newPage();
  await page.goto(`${DEMO}/chart/p01`);
  await expect.poll(() => overlayTexts(page, '.bridge-prompt-text')).toHaveLength(1);
  await page.goto(`${DEMO}/about`);
  await page.waitForLoadState('load');
  // Give the idle-time reader the same chance it had on the chart.
  await page.waitForTimeout(1500);
  expect(await overlayTexts(page, '.bridge-prompt-text')).toEqual([]);
});

test('the side panel follows the chart it was opened for', async ({ context, openExtensionPage }) => {
  const chart = await context.newPage();
  await chart.goto(`${DEMO}/chart/p02`);
  await expect.poll(() => overlayTexts(chart, '.bridge-prompt-text')).toHaveLength(1);
  const tabId = await tabIdOf(context, chart);
  const panel = await openExtensionPage(`sidepanel.html?tab=${tabId}`);
  await expect(panel.getByTestId('patient-header')).toContainText('James Okafor');
  await expect(panel.getByTestId('patient-header')).toContainText('MRN MRN-100235');
  await panel.setViewportSize({ width: 420, height: 800 });
  await panel.screenshot({ path: 'test-results/sidepanel-patient.png' });
});

test('"Open Bridge" on the overlay asks the background to open the side panel', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(`${DEMO}/chart/p03`);
  await expect.poll(() => overlayTexts(page, '.bridge-prompt-text')).toHaveLength(1);
  const worker = await serviceWorker(context);
  const pagesBefore = context.pages().length;
  await clickInOverlay(page, 'button', 'Open Bridge');
  // Headless Chromium has no side panel surface to show; the panel's options for this tab prove
  // the background handled the click for the right tab.
  const tabId = await tabIdOf(context, page);
  await expect.poll(() => worker.evaluate((id) => chrome.sidePanel.getOptions({ tabId: id }).then((o) => o.path), tabId)).toBe(`sidepanel.html?tab=${tabId}`);
  expect(context.pages().length).toBe(pagesBefore);
});

test('a setting saved through the background survives reload, worker stop and browser restart', async ({ context, profileDir, openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  // A setting is saved when the field is left (change event), as on every settings page.
  await options.getByLabel('Your name', { exact: true }).fill('Dr. Test Persist');
  await options.getByLabel('Your name', { exact: true }).press('Tab');
  await expect(options.getByTestId('status')).toHaveText('Saved.');

  await options.reload();
  await expect(options.getByLabel('Your name', { exact: true })).toHaveValue('Dr. Test Persist');

  await stopServiceWorkers(context);
  await options.reload();
  await expect(options.getByLabel('Your name', { exact: true })).toHaveValue('Dr. Test Persist');
  await options.screenshot({ path: 'test-results/options-page.png' });
  const extensionUrl = options.url();
  await context.close();

  const again = await launchWithExtension(profileDir);
  try {
    await serviceWorker(again);
    const page = await again.newPage();
    await page.goto(extensionUrl);
    await expect(page.getByLabel('Your name', { exact: true })).toHaveValue('Dr. Test Persist');
  } finally {
    await again.close();
  }
});

test('a page cannot impersonate the content script: forged messages never reach the background', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(`${DEMO}/chart/p04`);
  const canReach = await page.evaluate(() => typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage);
  // Pages see no runtime.sendMessage for an extension that declares no externally_connectable.
  expect(canReach).toBe('undefined');
});
