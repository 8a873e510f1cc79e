import { readFileSync } from 'node:fs';
import { DEMO, expect, test } from './fixtures';
import { serviceWorker } from './chromium';
import { overlayTexts } from './closed-shadow';

test('viewing a chart is audited, and the audit log exports as CSV', async ({ context, openExtensionPage }) => {
  const chart = await context.newPage();
  await chart.goto(`${DEMO}/chart/p05`);
  await expect.poll(() => overlayTexts(chart, '.bridge-prompt-text')).toHaveLength(1);
  const options = await openExtensionPage('options.html');
  const downloading = options.waitForEvent('download');
  await options.getByRole('button', { name: 'Export audit log (CSV)' }).click();
  const file = await (await downloading).path();
  const csv = readFileSync(file, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('"seq","at","action","patientFingerprint","detail"');
  expect(csv).toMatch(/"view","[^"]+","127\.0\.0\.1:\d+"/);
  await expect(options.getByTestId('data-status')).toContainText('Audit log exported');
});

test('"Erase all data on this device" asks first, then leaves nothing behind', async ({ context, openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  // A setting is saved when the field is left (change event), as on every settings page.
  await options.getByLabel('Your name', { exact: true }).fill('Dr. To Be Erased');
  await options.getByLabel('Your name', { exact: true }).press('Tab');
  await expect(options.getByTestId('status')).toHaveText('Saved.');
  await options.getByRole('button', { name: 'Erase all data on this device…' }).click();
  await expect(options.getByRole('alertdialog')).toContainText('cannot be undone');
  await options.getByRole('button', { name: 'Erase everything' }).click();
  await expect(options.getByTestId('data-status')).toHaveText('All Bridge data on this device was erased.');
  await options.reload();
  await expect(options.getByLabel('Your name', { exact: true })).toHaveValue('');
  const worker = await serviceWorker(context);
  const remaining = await worker.evaluate(async () => {
    const request = indexedDB.open('bridge');
    const db: IDBDatabase = await new Promise((resolve, reject) => { request.onsuccess = () => resolve(request.result); request.onerror = () => reject(request.error); });
    const names = [...db.objectStoreNames].filter((n) => n !== 'audit');
    const counts = await Promise.all(names.map((n) => new Promise<number>((resolve) => { const r = db.transaction(n).objectStore(n).count(); r.onsuccess = () => resolve(r.result); })));
    db.close();
    return counts.reduce((a, b) => a + b, 0);
  });
  expect(remaining).toBe(0);
});
