import { mkdirSync } from 'node:fs';
import { DEMO, expect, tabIdOf, test } from './fixtures';
import { auditDetails, HARBOR, patientOnTab, recordConsent, saveReferral, sendFrom } from './referral-steps';

mkdirSync('test-results', { recursive: true });

// Issue 10's whole chain in Chromium on the demo EHR, through the clinician's own screens: screen
// a patient (keyboard), refer (Refer pane), build a plan with two team members and a measured
// goal (Plan pane), find the patient in the caseload registry with the right flags, move the
// registry page's clock until the contact is overdue (and, later, the plan is not improving and
// the first appointment was missed); then print the handout in Spanish, as the issue orders it.

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

test('screen, refer, plan, registry flags on the clock, Spanish handout', async ({ context, openExtensionPage, extensionId }) => {
  test.setTimeout(180_000);
  const start = Date.now();

  // 1. Screen: AUDIT-C by keyboard in the side panel, positive.
  const chart = await context.newPage();
  await chart.goto(`${DEMO}/chart/p02`);
  const tabId = await tabIdOf(context, chart);
  await expect.poll(() => patientOnTab(context, tabId), { timeout: 15_000 }).not.toBeNull();
  const panel = await openExtensionPage(`sidepanel.html?tab=${tabId}`);
  await panel.setViewportSize({ width: 460, height: 1200 });
  const fingerprint = (await panel.getByTestId('workspace').getAttribute('data-fingerprint'))!;
  await panel.getByRole('button', { name: 'AUDIT-C', exact: true }).focus();
  await panel.keyboard.press('Enter');
  await expect(panel.locator('input[name="bridge-audit-c-q1"]').first()).toBeFocused();
  for (const key of ['5', 'Enter', '3', 'Enter', '4', 'Enter']) await panel.keyboard.press(key);
  await expect(panel.getByTestId('screening-result')).toContainText('AUDIT-C: 9 / 12');

  // 2. Refer: a chosen program (as "Find treatment" stores it), consent, the packet saved and sent.
  expect((await sendFrom(panel, 'draft.save', { kind: 'referral', patientFingerprint: fingerprint, data: { providers: [HARBOR] } })).ok).toBe(true);
  await panel.getByRole('tab', { name: 'Refer' }).click();
  await saveReferral(panel, { urgency: 'routine', diagnosis: 'F10.20' });
  await recordConsent(panel);
  const list = panel.locator('.bridge-referral-list');
  await list.getByLabel(/New status for the referral to Harbor Recovery Center/).selectOption('sent');
  await list.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(list.locator('tbody')).toContainText('Sent');

  // 3. Plan: two team members besides the patient, a goal measured by AUDIT-C, the next contact in 14 days.
  await panel.getByRole('tab', { name: 'Plan' }).click();
  const pane = panel.getByTestId('plan-pane');
  await expect(pane.getByTestId('plan-status')).toContainText('No plan saved yet.');
  const team = pane.getByTestId('plan-team');
  for (const [role, name] of [
    ['behavioral-health-care-manager', 'Lee Carter, LICSW'],
    ['primary-care-clinician', 'Dr. Ana Rivera'],
  ]) {
    await team.getByLabel('Role').selectOption(role!);
    await team.getByLabel('Name', { exact: true }).fill(name!);
    await team.getByLabel('Name', { exact: true }).press('Enter');
    await expect(team).toContainText(name!);
  }
  await expect(team.locator('.bridge-plan-list > li')).toHaveCount(3);
  const goals = pane.getByTestId('plan-goals');
  await goals.getByLabel('The goal as the patient says it').fill('Quiero dejar de beber entre semana.');
  await goals.getByLabel('Target date').fill(day(start + 90 * DAY));
  await goals.getByLabel('Measured by').selectOption('audit-c');
  await goals.getByLabel('Target score (at or below)').fill('3');
  await goals.getByLabel('Target score (at or below)').press('Enter');
  await expect(goals.locator('.bridge-plan-list > li')).toContainText('Quiero dejar de beber entre semana.');
  await pane.getByLabel('Last contact').fill(day(start));
  await pane.getByLabel('Next contact due').fill(day(start + 14 * DAY));
  await panel.keyboard.press('Control+s');
  await expect(pane.getByTestId('plan-status')).toContainText('Version 1, saved by');

  // 4. The registry (opened from the panel's header link), on a clock the test controls.
  await expect(panel.getByRole('link', { name: 'Caseload registry' })).toHaveAttribute('href', 'registry.html');
  const registry = await context.newPage();
  // The page's clock starts now: the screening above is stamped by the background's (real) clock,
  // and the registry rightly ignores scores dated after its own `now`.
  await registry.clock.install({ time: Date.now() });
  await registry.goto(`chrome-extension://${extensionId}/registry.html`);
  const row = registry.locator(`tbody tr[data-fingerprint="${fingerprint}"]`);
  await expect(row.getByRole('rowheader')).toHaveText(/okafor/i);
  await expect(row.getByRole('link')).toHaveAttribute('href', `careplan.html?patient=${fingerprint}`);
  await expect(row).toContainText('AUDIT-C 9');
  await expect(row).toContainText('too early to tell');
  await expect(row).toContainText(`Sent ${day(start)}`);
  // Next contact: the referral's follow-up a week after sending comes before the plan's 14 days.
  await expect(row).toContainText(day(start + 7 * DAY));
  await expect(row.locator('[data-flag]')).toHaveCount(0);
  await registry.screenshot({ path: 'test-results/registry-chain.png' });

  // The Spanish handout, opened now and printed once the clock has moved on (step 6). Playwright's
  // clock applies to the whole context, and a page it opens after `clock.fastForward` never fires
  // a timer until the test moves the clock again (its replay of the clock's log leaves the new
  // page's timers waiting; even `clock.resume()` does not start them), so the page's first render
  // effects (Preact runs them on a frame or a timeout) would never run. The product is not at
  // fault: the same page loads on an installed clock that was not fast-forwarded.
  const handout = await openExtensionPage(`handout.html?patient=${fingerprint}&lang=es`);
  const article = handout.getByTestId('handout');
  await expect(article.getByRole('heading', { level: 1 })).toHaveText('Mi plan de cuidado');
  await expect(article).toContainText('“Quiero dejar de beber entre semana.”');
  await expect(article).toContainText('Lee Carter, LICSW');
  await expect(article).toContainText(HARBOR.name);
  await expect(handout.locator('html')).toHaveAttribute('lang', 'es');

  // 5. Nine days on, the contact is overdue; a month on, the score has not moved toward the goal
  //    within the review interval and the first appointment was never kept.
  await registry.clock.fastForward(9 * DAY);
  await expect(row.locator('[data-flag]')).toHaveText(['Overdue contact']);
  await expect(row).toContainText('(2 days overdue)');
  await registry.clock.fastForward(21 * DAY);
  await expect(row.locator('[data-flag]')).toHaveText(['Overdue contact', 'Not improving', 'No first appointment']);
  await expect(row).toContainText('not improving');
  await registry.screenshot({ path: 'test-results/registry-chain-overdue.png' });

  // Enter on the row opens the patient's plan (its content is checked in the side panel above: a
  // page opened after the fast-forward waits for the clock, see the handout above).
  await row.focus();
  await registry.keyboard.press('Enter');
  await expect(registry).toHaveURL(`chrome-extension://${extensionId}/careplan.html?patient=${fingerprint}`);

  // 6. The handout in Spanish, printed after the clock has moved on (the print dialog is stubbed:
  //    headless Chromium cannot show it).
  await handout.bringToFront();
  await handout.evaluate(() => {
    window.print = () => document.body.setAttribute('data-printed', 'yes');
  });
  await handout.getByTestId('handout-print').click();
  await expect(handout.locator('body')).toHaveAttribute('data-printed', 'yes');
  expect(await auditDetails(context, 'print')).toContainEqual('care plan handout printed (Spanish)');
  await handout.emulateMedia({ media: 'print' });
  await handout.screenshot({ path: 'test-results/handout-es-chain.png', fullPage: true });
});
