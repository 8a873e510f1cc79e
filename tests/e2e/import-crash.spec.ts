import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page, Worker } from '@playwright/test';
import { importSu2021Csv } from '../../lib/directory/importers/samhsa-su-2021';
import { expect, test } from './fixtures';
import { serviceWorker, stopServiceWorkers } from './chromium';

// Data safety (docs/security.md, section 4): Chrome stopping the service worker in the middle of a
// directory import loses nothing that was confirmed. The directory in use afterwards is the
// previous one or the complete new one, never a mix; the options page says what happened; a retry
// completes.

// shared/ sits beside the repository (../shared from the repo root), in CI as on a workstation.
const NATIONAL_CSV = resolve('..', 'shared', 'data', 'samhsa-treatment-facilities-2021.csv');

interface Status {
  origin: string;
  importedAt: string;
  providerCount: number;
  sources: { id: string }[];
  previous: { providerCount: number; origin: string } | null;
}

/** Sends a Bridge message from an extension page, as its own code does; throws the background's reason. */
async function sendFrom<T>(page: Page, type: string, payload: unknown): Promise<T> {
  const reply = (await page.evaluate(([t, p]) => chrome.runtime.sendMessage({ bridge: 1, type: t, payload: p }), [type, payload] as const)) as
    | { ok: true; data: T }
    | { ok: false; error: string };
  if (!reply.ok) throw new Error(`${type}: ${reply.error}`);
  return reply.data;
}

/** Which directory a status describes (not how long it took to load). */
const directoryOf = ({ origin, importedAt, providerCount, sources, previous }: Status) => ({ origin, importedAt, providerCount, sources, previous });

/**
 * Test-only probe in the worker: notes when a `directory.import` message reaches it, so the test
 * stops the worker while that import is being handled rather than guessing from the page.
 */
function watchImportArrival(worker: Worker): Promise<void> {
  return worker.evaluate(() => {
    const probe = globalThis as { bridgeImportArrivedAt?: number };
    probe.bridgeImportArrivedAt = 0;
    chrome.runtime.onMessage.addListener((message: { type?: string } | undefined) => {
      if (message?.type === 'directory.import') probe.bridgeImportArrivedAt = Date.now();
    });
  });
}

test('the service worker stopped during an import: the directory in use is the old or the complete new one, the page says so, a retry completes', async ({
  context,
  extensionId,
}) => {
  test.skip(!existsSync(NATIONAL_CSV), `${NATIONAL_CSV} is absent: the shared data folder must sit beside the repository (../shared)`);
  test.setTimeout(180_000);
  const csv = readFileSync(NATIONAL_CSV);
  // The count a complete import must give, from the same importer run here in Node.
  const parsed = importSu2021Csv(csv.toString('utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  const complete = parsed.providers.length;

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const section = options.getByTestId('directory-import');
  await expect(section.getByTestId('directory-status')).toContainText('bundled with Bridge');
  const bundled = await sendFrom<Status>(options, 'directory.status', {});
  expect(bundled.providerCount, 'the bundled and the imported directory must differ in size for this test to tell them apart').not.toBe(complete);

  const chooseFile = async () => {
    await section.getByLabel('Directory file').setInputFiles({ name: 'samhsa-treatment-facilities-2021.csv', mimeType: 'text/csv', buffer: csv });
    await section.getByLabel('Format').selectOption('samhsa-su-2021');
    await section.getByLabel('Replace the current directory').check();
  };
  await chooseFile();
  const importButton = section.getByRole('button', { name: 'Import' });

  // Stop the worker at several moments after the import reached it: right away (before or while
  // it parses) and later (while it writes), until one attempt lands after the commit.
  const outcomes: string[] = [];
  let before = bundled;
  // Playwright keeps one Worker object for the extension's worker across its restarts.
  const worker = await serviceWorker(context);
  for (const delayMs of [0, 0, 50, 150, 400, 1000]) {
    await watchImportArrival(worker);
    await importButton.click();
    await expect.poll(() => worker.evaluate(() => (globalThis as { bridgeImportArrivedAt?: number }).bridgeImportArrivedAt ?? 0), { intervals: [5], timeout: 20_000 }).toBeGreaterThan(0);
    await options.waitForTimeout(delayMs);
    await stopServiceWorkers(context);

    // The page says what happened: an error (the reply was lost with the worker) or the outcome.
    const error = section.getByRole('alert');
    const done = section.getByTestId('import-done');
    await expect(error.or(done)).toBeVisible({ timeout: 20_000 });
    const pageSaid = (await done.isVisible()) ? 'done' : 'error';
    const pageText = (await error.or(done).first().innerText()).replace(/\s+/g, ' ');
    await expect(importButton).toBeEnabled();

    // The directory in use, read by a fresh worker from the database: the old pair or the new pair.
    const after = await sendFrom<Status>(options, 'directory.status', {});
    if (after.providerCount === complete) {
      expect(after.sources.map((s) => s.id)).toEqual(['samhsa-su-2021']);
      expect(after.previous?.providerCount, 'the directory replaced is kept one step back').toBe(before.providerCount);
    } else {
      expect(directoryOf(after), 'neither the previous directory nor the complete new one').toEqual(directoryOf(before));
      expect(pageSaid, 'the page reported success for an import that was not kept').toBe('error');
    }
    const search = await sendFrom<{ matches: unknown[] }>(options, 'directory.search', { origin: { kind: 'zip', zip: '02108' }, need: [] });
    expect(search.matches).toHaveLength(20);
    // An interrupted import is reported in words, naming the directory actually in use.
    if (pageSaid === 'error') expect(pageText).toContain(`interrupted before Bridge could confirm it. The directory in use has ${after.providerCount.toLocaleString('en-US')} listings`);
    const kept = after.providerCount === complete ? 'new' : 'previous';
    outcomes.push(`stopped ${delayMs} ms after arrival: page ${pageSaid} ("${pageText}"), directory ${kept} (${after.providerCount})`);
    // Reopened, the options page shows the directory actually in use.
    await options.reload();
    await expect(section.getByTestId('directory-status')).toContainText(`${after.providerCount.toLocaleString('en-US')} listings`);
    await chooseFile();
    before = after;
    if (kept === 'new') break;
  }
  console.log(outcomes.join('\n'));
  expect(outcomes.filter((o) => o.includes('page error')).length, 'no attempt was interrupted: the worker was never stopped mid-import').toBeGreaterThan(0);

  // A retry on the same page completes, and the complete directory is the one searched.
  await importButton.click();
  await expect(section.getByTestId('import-done')).toContainText(`Imported ${complete.toLocaleString('en-US')} listings (replaced)`, { timeout: 30_000 });
  await expect(section.getByTestId('directory-status')).toContainText(`${complete.toLocaleString('en-US')} listings`);
  await stopServiceWorkers(context);
  const final = await sendFrom<Status>(options, 'directory.status', {});
  expect([final.providerCount, final.sources.map((s) => s.id)]).toEqual([complete, ['samhsa-su-2021']]);
  const search = await sendFrom<{ matches: unknown[] }>(options, 'directory.search', { origin: { kind: 'zip', zip: '02108' }, need: [] });
  expect(search.matches).toHaveLength(20);
});
