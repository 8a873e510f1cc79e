import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { samplePlanInput } from '@/lib/careplan/test-support';
import { samplePacketInput } from '@/tests/fixtures/forms/sample-packet';
import { seriousAxeViolations } from './a11y';
import { expect, test } from './fixtures';
import { auditDetails, sendFrom } from './referral-steps';

// The caseload registry (issue 10): seeded through the background's own messages from the
// registry page, then read, flagged, filtered, sorted and exported the way a care manager does,
// by keyboard. The page's clock (Playwright `page.clock`) decides what is overdue.

const DAY = 86_400_000;
const JANE = 'fp-abcdef0123';
const OMAR = 'fp-omar-000042';
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function seed(page: Page, start: number) {
  const ok = async (type: string, payload: unknown) => {
    const reply = await sendFrom(page, type, payload);
    expect(reply.ok, `${type}: ${JSON.stringify(reply)}`).toBe(true);
    return reply.ok ? reply.data : null;
  };
  // Jane: a referral sent today (the background's clock) and a plan with a contact due in 3 days.
  await ok('referral.create', { packet: samplePacketInput({ createdAt: new Date(start).toISOString() }) });
  await ok('referral.updateStatus', { patientFingerprint: JANE, referralId: 'ref-0001', status: 'sent' });
  await ok('careplan.save', { patientFingerprint: JANE, basedOnVersion: 0, plan: samplePlanInput({ lastContactOn: day(start), nextContactDue: day(start + 3 * DAY) }) });
  // Omar: only a drafted referral, no plan.
  const omar = samplePacketInput({ id: 'ref-0002', createdAt: new Date(start).toISOString() });
  await ok('referral.create', { packet: { ...omar, patient: { ...omar.patient, name: 'Omar Example', mrn: 'MRN77777', fingerprint: OMAR } } });
}

const rowOf = (page: Page, fingerprint: string) => page.locator(`tbody tr[data-fingerprint="${fingerprint}"]`);

test('the registry lists, flags, filters, sorts and exports the caseload by keyboard', async ({ context, extensionId }) => {
  // The background stamps referrals with the real clock; the page's clock starts at the same time.
  const start = Date.now();
  const page = await context.newPage();
  await page.clock.install({ time: start });
  await page.goto(`chrome-extension://${extensionId}/registry.html`);
  await expect(page.getByTestId('registry-as-of')).toContainText('0 patients');
  await seed(page, start);
  // No reload: the page follows every write the background makes (Dexie's change events), as it
  // does after a sync pull.
  await expect(page.getByTestId('registry-count')).toHaveText('Showing 2 of 2 patients');

  const jane = rowOf(page, JANE);
  await expect(jane.getByRole('rowheader')).toHaveText('Jane Q Testpatient');
  await expect(jane).toContainText('MRN12345');
  await expect(jane).toContainText(`Sent ${day(start)}`);
  await expect(jane).toContainText(day(start + 3 * DAY));
  await expect(jane.locator('[data-flag]')).toHaveCount(0);
  await expect(jane.getByRole('link')).toHaveAttribute('href', `careplan.html?patient=${JANE}`);
  await expect(rowOf(page, OMAR)).toContainText('Drafted');

  // Five days on (the page refreshes itself every minute): the contact due in 3 days is 2 days late.
  await page.clock.fastForward(5 * DAY);
  await expect(jane.locator('[data-flag]')).toHaveText(['Overdue contact']);
  await expect(jane).toContainText('(2 days overdue)');
  // Fifteen days after sending, with no visit recorded: no first appointment either.
  await page.clock.fastForward(10 * DAY);
  await expect(jane.locator('[data-flag]')).toHaveText(['Overdue contact', 'No first appointment']);
  // Omar's draft was due to be sent (and followed up) two days after it was written.
  await expect(rowOf(page, OMAR).locator('[data-flag]')).toHaveText(['Overdue contact']);
  // Needs attention first: Jane (two flags) above Omar (one).
  await expect(page.locator('tbody tr[data-index]')).toHaveText([/Jane Q Testpatient/, /Omar Example/]);

  // Search, by keyboard.
  await page.getByLabel('Search name, MRN or provider', { exact: true }).focus();
  await page.keyboard.type('omar');
  await expect(page.getByTestId('registry-count')).toHaveText('Showing 1 of 2 patients');
  await expect(page.locator('tbody tr[data-index]')).toHaveText([/Omar Example/]);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  // Filter on a flag: Tab to the checkbox, Space ticks it.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('checkbox', { name: /Overdue contact/ })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox', { name: /Overdue contact/ })).toBeChecked();
  await expect(page.getByTestId('registry-count')).toHaveText('Showing 2 of 2 patients');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('checkbox', { name: /No first appointment/ })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.locator('tbody tr[data-index]')).toHaveText([/Jane Q Testpatient/]);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('registry-count')).toHaveText('Showing 2 of 2 patients');
  // Referral status filter.
  await page.getByLabel('Referral status', { exact: true }).selectOption('drafted');
  await expect(page.locator('tbody tr[data-index]')).toHaveText([/Omar Example/]);
  await page.getByLabel('Referral status', { exact: true }).selectOption('');
  // Sort by a column header: Enter on its button, with aria-sort on the header cell.
  const patientHeader = page.getByRole('columnheader', { name: 'Patient' });
  await expect(patientHeader).toHaveAttribute('aria-sort', 'none');
  await patientHeader.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(patientHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.locator('tbody tr[data-index]')).toHaveText([/Jane Q Testpatient/, /Omar Example/]);
  await page.keyboard.press('Enter');
  await expect(patientHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(page.locator('tbody tr[data-index]')).toHaveText([/Omar Example/, /Jane Q Testpatient/]);

  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/registry.png', fullPage: true });

  // CSV export: an explicit action, recorded in the audit log before the file is handed over.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV for case review' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`bridge-caseload-${day(start + 15 * DAY)}.csv`);
  const csv = readFileSync((await file.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toContain('"name","mrn"');
  expect(csv).toContain('"Jane Q Testpatient","MRN12345"');
  expect(csv).toContain('"overdue-contact; no-first-appointment"');
  await expect(page.getByRole('status').filter({ hasText: 'Exported 2 patients' })).toBeVisible();
  expect(await auditDetails(context, 'export')).toEqual(['caseload registry CSV, 2 patients']);

  // Arrow keys move between rows; Enter opens the patient's plan.
  await page.locator('tbody tr[data-index="0"]').focus();
  await page.keyboard.press('ArrowDown');
  await expect(rowOf(page, JANE)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(rowOf(page, OMAR)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(rowOf(page, JANE)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`chrome-extension://${extensionId}/careplan.html?patient=${JANE}`);
});

test('the side panel links to the registry', async ({ openExtensionPage }) => {
  const panel = await openExtensionPage('sidepanel.html');
  await expect(panel.getByRole('link', { name: 'Caseload registry' })).toHaveAttribute('href', 'registry.html');
});
