import { mkdirSync, readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { DEMO, expect, tabIdOf, test } from './fixtures';
import { launchWithExtension, serviceWorker, stopServiceWorkers } from './chromium';
import { overlayTexts } from './closed-shadow';
import { seriousAxeViolations } from './a11y';

mkdirSync('test-results', { recursive: true });

const FIXTURE_JSON = readFileSync('lib/directory/fixtures/findtreatment-export.json');
// The fixture CSV with row 3's latitude broken: what a clinic's IT may hand over.
const BROKEN_CSV = Buffer.from(readFileSync('lib/directory/fixtures/findtreatment-listing.csv', 'utf8').replace('"42.3389"', '"north"'));

/** Opens the demo chart, waits for the content script to report the patient, opens the side panel on "Find treatment". */
async function treatmentPane(context: BrowserContext, extensionId: string, chartPath = '/chart/p01') {
  const chart = await context.newPage();
  await chart.goto(`${DEMO}${chartPath}`);
  await expect.poll(() => overlayTexts(chart, '.bridge-prompt-text')).toHaveLength(1);
  const tabId = await tabIdOf(context, chart);
  const panel = await context.newPage();
  await panel.setViewportSize({ width: 420, height: 900 });
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html?tab=${tabId}`);
  await panel.getByRole('tab', { name: 'Find treatment' }).click();
  await expect(panel.getByTestId('treatment-pane')).toBeVisible();
  return panel;
}

/** The full matches, in order (not the "services not listed" section). */
const matches = (panel: Page) => panel.locator('.bridge-provider-search > ol.bridge-provider-search__list > li');
const matchNames = (panel: Page) => matches(panel).locator('.bridge-provider__name').allInnerTexts();

interface Listing {
  name: string;
  name2: string | null;
  source: string;
  alsoFrom: string[];
}

/** Sends a Bridge message from an extension page, as the pane's own code does; `T` is the reply's data. */
function sendFrom<T>(page: Page, type: string, payload: unknown) {
  return page.evaluate(([t, p]) => chrome.runtime.sendMessage({ bridge: 1, type: t, payload: p }), [type, payload] as const) as Promise<
    { ok: true; data: T } | { ok: false; error: string }
  >;
}

async function importFile(options: Page, format: string, mode: 'replace' | 'merge', name: string, buffer: Buffer, mimeType: string) {
  const section = options.getByTestId('directory-import');
  await section.getByLabel('Directory file').setInputFiles({ name, mimeType, buffer });
  await section.getByLabel('Format').selectOption(format);
  await section.getByLabel(mode === 'replace' ? 'Replace the current directory' : /^Merge into/).check();
  await section.getByRole('button', { name: 'Import' }).click();
}

test('find treatment near the patient, narrow by need, import safely, survive a restart and a cold start', async ({ context, extensionId, profileDir }) => {
  test.setTimeout(120_000);
  const panel = await treatmentPane(context, extensionId);
  await expect(panel.getByText('Treatment near 02108 (patient ZIP)')).toBeVisible();
  await expect(matches(panel)).toHaveCount(20);
  const distances = (await matches(panel).locator('.bridge-provider__distance').allInnerTexts()).map((d) => Number.parseFloat(d));
  expect(distances[0]).toBeLessThan(2);
  expect(distances).toEqual([...distances].sort((a, b) => a - b));
  // The bundled directory lists no services beyond OTP = methadone, and says so.
  await expect(matches(panel).first().locator('.bridge-dir-badge--unlisted')).toHaveText('services not listed: call to confirm');
  await expect(matches(panel).first().getByRole('link', { name: /^Directions/ })).toHaveAttribute('href', /^https:\/\/www\.google\.com\/maps\/dir\//);
  const before = await matchNames(panel);

  // Methadone: only listings that state it (the OTP list), nearest first; the others are set apart.
  await panel.getByRole('button', { name: 'Methadone', exact: true }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'nearest offering what you selected' })).toBeVisible();
  await expect(panel.getByRole('heading', { name: 'Services not listed: call to confirm' })).toBeVisible();
  const whys = await matches(panel).locator('.bridge-provider__why').allInnerTexts();
  expect(whys.length).toBeGreaterThan(0);
  for (const why of whys) expect(why).toMatch(/^offers methadone · \d/);
  const methadone = await sendFrom<{ matches: { provider: Listing }[] }>(panel, 'directory.search', { origin: { kind: 'zip', zip: '02108' }, need: ['methadone'] });
  if (!methadone.ok) throw new Error(methadone.error);
  const shown = (p: Listing) => (p.name2 ? `${p.name} · ${p.name2}` : p.name);
  expect(methadone.data.matches.map((m) => shown(m.provider))).toEqual(await matchNames(panel));
  for (const m of methadone.data.matches) {
    expect([m.provider.source, ...m.provider.alsoFrom]).toContain('samhsa-otp-2021');
  }
  const filterToPaint = await panel.evaluate(() => performance.getEntriesByName('bridge:filter-to-paint').map((e) => e.duration));
  expect(filterToPaint).toHaveLength(1);
  console.log(`filter change → next paint: ${filterToPaint[0]!.toFixed(1)} ms`);

  // Select for referral: stored in the patient's referral draft, which the Refer pane reads.
  await matches(panel).first().getByRole('button', { name: 'Select for referral' }).click();
  await expect(matches(panel).first().getByRole('button', { name: 'Selected for referral' })).toBeVisible();
  const fingerprint = (await panel.getByTestId('workspace').getAttribute('data-fingerprint'))!;
  const draft = await sendFrom<{ data: { providers: { name: string }[] } }>(panel, 'draft.read', { kind: 'referral', patientFingerprint: fingerprint });
  expect(draft.ok && draft.data.data.providers.map((p) => p.name)).toEqual([methadone.data.matches[0]!.provider.name]);
  // Flag a listing as wrong: shown on the listing, kept for colleagues.
  const second = matches(panel).nth(1);
  await second.getByRole('button', { name: 'Flag listing as wrong' }).click();
  await second.getByLabel('What is wrong?').selectOption('Phone number wrong');
  await second.getByRole('button', { name: 'Save flag' }).click();
  await expect(second.getByText('Flagged on this computer: Phone number wrong')).toBeVisible();
  await panel.getByRole('button', { name: 'Methadone', exact: true }).click();
  await expect(matches(panel)).toHaveCount(20);
  await panel.screenshot({ path: 'test-results/directory-pane.png', fullPage: false });
  expect(await seriousAxeViolations(panel)).toEqual([]);

  // Cold start on the national directory: the worker is stopped, the next search wakes it.
  await stopServiceWorkers(context);
  const coldMs = await panel.evaluate(async () => {
    const start = performance.now();
    const reply = await chrome.runtime.sendMessage({ bridge: 1, type: 'directory.search', payload: { origin: { kind: 'zip', zip: '02108' }, need: [] } });
    if (!reply.ok || reply.data.matches.length !== 20) throw new Error('no answer after a cold start');
    return performance.now() - start;
  });
  console.log(`service worker cold start → first search answered: ${coldMs.toFixed(0)} ms`);

  // A malformed import: the error names row and field, and the directory in use is kept.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByTestId('directory-status')).toContainText('bundled with Bridge');
  expect(await seriousAxeViolations(options)).toEqual([]);
  await importFile(options, 'findtreatment-csv', 'replace', 'FindTreatment_Facility_listing.csv', BROKEN_CSV, 'text/csv');
  const failed = options.getByTestId('import-error');
  await expect(failed).toContainText('Row 3: `latitude`');
  await expect(failed).toContainText('Nothing was imported.');
  await expect(failed).toContainText('The directory in use was kept unchanged');
  await panel.reload();
  await panel.getByRole('tab', { name: 'Find treatment' }).click();
  await expect(matches(panel)).toHaveCount(20);
  expect(await matchNames(panel)).toEqual(before);

  // A valid FindTreatment JSON export, replacing the directory: results change.
  await importFile(options, 'findtreatment-json', 'replace', 'findtreatment-export.json', FIXTURE_JSON, 'application/json');
  await expect(options.getByTestId('import-done')).toContainText('Imported 3 listings (replaced)');
  await expect(options.getByTestId('directory-status')).toContainText('3 listings');
  await panel.reload();
  await panel.getByRole('tab', { name: 'Find treatment' }).click();
  await expect(matches(panel)).toHaveCount(3);
  expect(await matchNames(panel)).toContain('Harbor Recovery Center · Outpatient Services');
  const replaced = await matchNames(panel);

  // Browser restart on the same profile: the imported directory is still the one searched.
  await context.close();
  const again = await launchWithExtension(profileDir);
  const outside: string[] = [];
  again.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('chrome-extension://') && new URL(url).origin !== new URL(DEMO).origin) outside.push(url);
  });
  try {
    const worker = await serviceWorker(again);
    await expect.poll(() => worker.evaluate(() => chrome.scripting.getRegisteredContentScripts().then((s) => s.length))).toBe(1);
    const reopened = await treatmentPane(again, extensionId);
    await expect(matches(reopened)).toHaveCount(3);
    expect(await matchNames(reopened)).toEqual(replaced);
  } finally {
    await again.close();
  }
  expect(outside, 'requests that left the machine').toEqual([]);
});

test('an unknown ZIP: a clear message, the results kept, another ZIP (ZIP+4), and no clinic location set', async ({ context, extensionId }) => {
  const panel = await treatmentPane(context, extensionId);
  await expect(matches(panel)).toHaveCount(20);
  const zip = panel.getByLabel('Search near another ZIP');
  await zip.fill('00000');
  await panel.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(panel.getByRole('alert')).toContainText("ZIP 00000 is not in Bridge's ZIP table");
  // The previous results stay on screen while the clinician corrects the ZIP.
  await expect(matches(panel)).toHaveCount(20);
  await zip.fill('94110-1234');
  await panel.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(panel.getByText('Treatment near 94110')).toBeVisible();
  await expect(matches(panel).first()).toContainText('San Francisco');
  await panel.getByRole('button', { name: 'Use clinic location' }).click();
  await expect(panel.getByRole('alert')).toContainText('No clinic location is set');
});
