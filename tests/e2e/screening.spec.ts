import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { DEMO, expect, tabIdOf, test } from './fixtures';
import { serviceWorker, stopServiceWorkers } from './chromium';
import { overlayTexts } from './closed-shadow';
import { seriousAxeViolations } from './a11y';

mkdirSync('test-results', { recursive: true });

const WRONG_PATIENT = 'The chart now shows another patient; this screening was not saved.';

/** Opens a chart, waits until the content script has reported its patient, opens the side panel for that tab. */
async function chartWithPanel(context: BrowserContext, openExtensionPage: (path: string) => Promise<Page>, path: string) {
  const chart = await context.newPage();
  await chart.goto(`${DEMO}${path}`);
  await expect.poll(() => overlayTexts(chart, '.bridge-prompt-text')).toEqual(['SUD screening due · last: never']);
  const tabId = await tabIdOf(context, chart);
  const panel = await openExtensionPage(`sidepanel.html?tab=${tabId}`);
  await panel.setViewportSize({ width: 420, height: 900 });
  await expect(panel.getByTestId('screening-pane')).toBeVisible();
  const fingerprint = (await panel.getByTestId('workspace').getAttribute('data-fingerprint'))!;
  return { chart, tabId, panel, fingerprint };
}

/** Sends a Bridge message from an extension page, as the panel's own code does, and returns the raw reply. */
function sendFrom(page: Page, type: string, payload: unknown) {
  return page.evaluate(([t, p]) => chrome.runtime.sendMessage({ bridge: 1, type: t, payload: p }), [type, payload] as const) as Promise<
    { ok: true; data: unknown } | { ok: false; error: string }
  >;
}

/** The clinic allows patient self-screens (off by default): set on this machine, as the options page does, then reload the panel. */
async function allowSelfScreen(panel: Page) {
  await expect(panel.getByTestId('self-screen-off')).toBeVisible();
  expect(await sendFrom(panel, 'settings.saveLocal', { values: { selfScreenAllowed: true } })).toEqual({ ok: true, data: { ok: true } });
  await panel.reload();
  await expect(panel.getByRole('button', { name: 'Start patient self-screen (tablet)' })).toBeVisible();
}

/** When the content script last reported a patient for this tab (ISO), from storage.session. */
async function observedAt(context: BrowserContext, tabId: number): Promise<string | null> {
  const worker = await serviceWorker(context);
  return worker.evaluate(async (id) => {
    const key = `tab:${id}`;
    const value = (await chrome.storage.session.get(key))[key] as { observedAt?: string } | undefined;
    return value?.observedAt ?? null;
  }, tabId);
}

test('a clinician screens by keyboard alone: positive AUDIT-C → brief intervention, find treatment, and the chart prompt goes away', async ({ context, openExtensionPage }) => {
  const { chart, tabId, panel, fingerprint } = await chartWithPanel(context, openExtensionPage, '/chart/p02');
  await expect(panel.getByTestId('patient-header')).toContainText(/okafor/i);
  // Suggested for an adult man: the single questions first, AUDIT-C among them.
  await expect(panel.getByTestId('suggested-instruments')).toContainText('AUDIT-C');

  await panel.getByRole('button', { name: 'AUDIT-C', exact: true }).focus();
  await panel.keyboard.press('Enter');
  // The form puts focus on its first question; from here on, only number keys and Enter.
  await expect(panel.locator('input[name="bridge-audit-c-q1"]').first()).toBeFocused();
  await panel.keyboard.press('5'); // 4 or more times a week: 4
  await panel.keyboard.press('Enter');
  await panel.keyboard.press('3'); // 5 or 6 drinks: 2
  await panel.keyboard.press('Enter');
  await panel.keyboard.press('4'); // weekly: 3
  await expect(panel.locator('input[name="bridge-audit-c-q3"][value="weekly"]')).toBeChecked();
  await panel.screenshot({ path: 'test-results/screening-pane.png', fullPage: true });
  await panel.keyboard.press('Enter');

  const result = panel.getByTestId('screening-result');
  await expect(result).toContainText('AUDIT-C: 9 / 12');
  await expect(result).toContainText('Positive screen');
  await expect(result).toContainText('Recommended: Brief intervention and referral to treatment.');
  await expect(panel.getByRole('heading', { name: /Brief intervention \(Brief Negotiated Interview\)/ })).toBeVisible();
  const findTreatment = panel.getByRole('button', { name: 'Find treatment' });
  await expect(findTreatment).toBeVisible();
  await expect(panel.getByTestId('screening-trends')).toHaveText('AUDIT-C 9');
  await panel.screenshot({ path: 'test-results/screening-result.png', fullPage: true });
  expect(await seriousAxeViolations(panel)).toEqual([]);

  // "Find treatment" asks for the treatment pane; until one is registered that must change nothing.
  await findTreatment.click();
  const treatmentTab = panel.getByRole('tab', { name: /treat/i });
  if ((await treatmentTab.count()) > 0) await expect(treatmentTab).toHaveAttribute('aria-selected', 'true');
  else await expect(result).toBeVisible();

  // The background scored and stored it; the prompt state for this patient is now "not due".
  const state = await sendFrom(panel, 'prompt.state', { fingerprint, birthDate: '1971-11-02' });
  expect(state).toMatchObject({ ok: true, data: { due: false } });

  const before = await observedAt(context, tabId);
  await chart.reload();
  // Wait for the page script of the reloaded page to have reported the patient again (the prompt
  // state comes back in the same reply; the overlay is only created when a prompt must show),
  // then give it time to draw before checking that no prompt appeared.
  await expect.poll(() => observedAt(context, tabId)).not.toBe(before);
  await chart.waitForTimeout(1000);
  expect(await overlayTexts(chart, '.bridge-prompt-text')).toEqual([]);
  // Control: another, never-screened patient in the same browser is still prompted.
  const other = await context.newPage();
  await other.goto(`${DEMO}/chart/p04`);
  await expect.poll(() => overlayTexts(other, '.bridge-prompt-text')).toEqual(['SUD screening due · last: never']);
});

test('a nurse hands over a Spanish self-screen; the clinician panel then lists the scored result', async ({ context, openExtensionPage }) => {
  const { panel, fingerprint } = await chartWithPanel(context, openExtensionPage, '/chart/p01');
  await expect(panel.getByTestId('patient-header')).toContainText(/rivera/i);
  await expect(panel.getByTestId('screening-history')).toContainText('No screening recorded');
  await allowSelfScreen(panel);

  await panel.getByLabel('Questionnaire').selectOption({ label: 'AUDIT-C' });
  await panel.getByLabel("Patient's language").selectOption('es');
  // The clinician is told where the Spanish words come from before handing the tablet over.
  await expect(panel.getByTestId('spanish-wording')).toContainText('WHO');
  await panel.getByLabel('Questionnaire').selectOption({ label: 'CRAFFT 2.1' });
  await expect(panel.getByTestId('spanish-wording')).toContainText('CRAFFT 2.1 questions are a Bridge translation');
  await panel.getByLabel('Questionnaire').selectOption({ label: 'AUDIT-C' });
  const [intake] = await Promise.all([context.waitForEvent('page'), panel.getByRole('button', { name: 'Start patient self-screen (tablet)' }).click()]);
  await intake.waitForLoadState();
  expect(new URL(intake.url()).pathname).toBe('/intake.html');
  expect(new URL(intake.url()).searchParams.get('fp')).toBe(fingerprint);
  await intake.setViewportSize({ width: 820, height: 1000 });

  await intake.getByRole('button', { name: 'Comenzar' }).click();
  await expect(intake.getByText('Pregunta 1 de 3')).toBeVisible();
  await expect(intake.getByText('¿Con qué frecuencia consume alguna bebida alcohólica?')).toBeVisible();
  await intake.screenshot({ path: 'test-results/intake-spanish.png' });
  expect(await seriousAxeViolations(intake)).toEqual([]);
  const next = intake.getByRole('button', { name: 'Siguiente' });
  await intake.getByRole('radio').nth(3).click(); // 2–3 veces a la semana: 3
  await next.click();
  await expect(intake.getByText('Pregunta 2 de 3')).toBeVisible();
  await intake.getByRole('radio').nth(1).click(); // 3 o 4: 1
  await next.click();
  await expect(intake.getByText('Pregunta 3 de 3')).toBeVisible();
  await intake.getByRole('radio').nth(0).click(); // nunca: 0
  await intake.getByRole('button', { name: 'Terminar' }).click();
  await expect(intake.getByRole('heading', { name: 'Gracias' })).toBeVisible();
  const shown = await intake.locator('body').innerText();
  // ("dispositivo" contains "positiv", hence the word boundaries.)
  expect(shown).not.toMatch(/\d+\s*\/\s*12|puntuaci|\bpositiv|\bnegativ|riesgo|\bscore|\brisk/i);

  // Already open, the panel picks the new result up; a woman's AUDIT-C of 4 is positive (≥ 3).
  const history = panel.getByTestId('screening-history');
  await expect(panel.getByTestId('screening-trends')).toHaveText('AUDIT-C 4');
  await expect(history).toContainText('positive');
  await expect(history).toContainText('patient self-screen');
  const state = await sendFrom(panel, 'prompt.state', { fingerprint, birthDate: '1984-03-12' });
  expect(state).toMatchObject({ ok: true, data: { due: false } });
});

test('wrong patient: after the SPA switches patients, A’s draft is gone from the panel, saving for A is refused, and A’s self-screen stops', async ({ context, openExtensionPage }) => {
  const { chart, tabId, panel, fingerprint: a } = await chartWithPanel(context, openExtensionPage, '/spa/patient/p05');
  await expect(panel.getByTestId('patient-header')).toContainText(/kowalski/i);
  await allowSelfScreen(panel);
  const [intake] = await Promise.all([context.waitForEvent('page'), panel.getByRole('button', { name: 'Start patient self-screen (tablet)' }).click()]);
  await expect(intake.getByRole('button', { name: 'Start' })).toBeVisible();

  await panel.getByRole('button', { name: 'AUDIT-C', exact: true }).click();
  await panel.keyboard.press('3');
  await expect(panel.getByTestId('draft-status')).toContainText('Draft saved');

  await chart.locator('nav.spa-list a[data-patient="p07"]').click();
  await expect(panel.getByTestId('patient-header')).toContainText(/hern[aá]ndez/i, { timeout: 5000 });
  const b = (await panel.getByTestId('workspace').getAttribute('data-fingerprint'))!;
  expect(b).not.toBe(a);
  await expect(panel.getByTestId('patient-changed')).toBeVisible();
  await expect(panel.getByTestId('screening-form')).toHaveCount(0);
  await expect(panel.getByTestId('suggested-instruments')).toBeVisible();
  await expect(panel.getByText('Draft restored')).toHaveCount(0);

  // A's draft still belongs to A and is never handed out for B.
  expect(await sendFrom(panel, 'draft.read', { kind: 'screening', patientFingerprint: a })).toMatchObject({ ok: true, data: { data: { instrumentId: 'audit-c' } } });
  expect(await sendFrom(panel, 'draft.read', { kind: 'screening', patientFingerprint: b })).toEqual({ ok: true, data: null });

  // A complete save for A, sent for this tab now showing B, is refused and stores nothing.
  const attempt = await sendFrom(panel, 'screening.save', { tabId, patientFingerprint: a, instrumentId: 'audit-c', answers: { q1: '2-4-a-month', q2: '1-2', q3: 'never' }, mode: 'clinician' });
  expect(attempt).toEqual({ ok: false, error: WRONG_PATIENT });
  expect(await sendFrom(panel, 'screening.history', { patientFingerprint: a })).toEqual({ ok: true, data: { records: [], trends: [] } });
  expect(await sendFrom(panel, 'screening.history', { patientFingerprint: b })).toEqual({ ok: true, data: { records: [], trends: [] } });

  // The tablet locked to A stops with the neutral hand-back screen.
  await expect(intake.getByTestId('hand-back')).toContainText('Please hand the device back to the staff.');
  await expect(intake.getByRole('radio')).toHaveCount(0);
});

test('a screening draft survives a side panel reload and a service worker stop', async ({ context, openExtensionPage }) => {
  const { panel } = await chartWithPanel(context, openExtensionPage, '/chart/p04');
  await panel.getByRole('button', { name: 'AUDIT-C', exact: true }).click();
  await panel.keyboard.press('3'); // 2 to 4 times a month
  await panel.keyboard.press('Enter');
  await panel.keyboard.press('2'); // 3 or 4 drinks
  await expect(panel.getByTestId('draft-status')).toContainText('Draft saved');
  const fingerprint = (await panel.getByTestId('workspace').getAttribute('data-fingerprint'))!;
  // Both answers have reached the background's database (the draft is saved after a short pause).
  await expect
    .poll(async () => ((await sendFrom(panel, 'draft.read', { kind: 'screening', patientFingerprint: fingerprint })) as { data?: { data?: unknown } }).data?.data)
    .toEqual({ instrumentId: 'audit-c', answers: { q1: '2-4-a-month', q2: '3-4' } });

  const expectRestored = async () => {
    await expect(panel.getByTestId('draft-status')).toContainText('Draft restored');
    await expect(panel.locator('input[name="bridge-audit-c-q1"][value="2-4-a-month"]')).toBeChecked();
    await expect(panel.locator('input[name="bridge-audit-c-q2"][value="3-4"]')).toBeChecked();
    await expect(panel.locator('input[name="bridge-audit-c-q3"]:checked')).toHaveCount(0);
  };
  await panel.reload();
  await expectRestored();
  await stopServiceWorkers(context);
  await panel.reload();
  await expectRestored();

  // Finishing it from the restored draft saves it, and the draft is gone.
  await panel.locator('input[name="bridge-audit-c-q3"]').first().focus();
  await panel.keyboard.press('1');
  await panel.keyboard.press('Enter');
  await expect(panel.getByTestId('screening-result')).toContainText('AUDIT-C: 3 / 12');
  expect(await sendFrom(panel, 'draft.read', { kind: 'screening', patientFingerprint: fingerprint })).toEqual({ ok: true, data: null });
});

test('the self-screen works by keyboard alone at 200% zoom', async ({ context, openExtensionPage }) => {
  const { panel } = await chartWithPanel(context, openExtensionPage, '/chart/p05');
  await allowSelfScreen(panel);
  await panel.getByLabel('Questionnaire').selectOption({ label: 'AUDIT-C' });
  await panel.getByLabel("Patient's language").selectOption('en');
  const [intake] = await Promise.all([context.waitForEvent('page'), panel.getByRole('button', { name: 'Start patient self-screen (tablet)' }).click()]);
  await intake.waitForLoadState();
  await intake.setViewportSize({ width: 820, height: 1000 });
  await intake.evaluate(() => { document.body.style.zoom = '2'; });
  const start = intake.getByRole('button', { name: /^(Start|Begin)/ });
  for (let i = 0; i < 20 && !(await start.evaluate((el) => el === document.activeElement)); i++) await intake.keyboard.press('Tab');
  await expect(start).toBeFocused();
  await intake.keyboard.press('Enter');
  await expect(intake.getByText('Question 1 of 3')).toBeVisible();
  // The first answer by keyboard: Tab into the radio group, Space to choose, then on to Next.
  const firstOption = intake.getByRole('radio').first();
  for (let i = 0; i < 20 && !(await firstOption.evaluate((el) => el === document.activeElement)); i++) await intake.keyboard.press('Tab');
  await intake.keyboard.press('Space');
  await expect(firstOption).toBeChecked();
  const overflow = await intake.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'horizontal scrolling at 200% zoom').toBeLessThanOrEqual(0);
  await intake.screenshot({ path: 'test-results/intake-200-percent.png' });
});
