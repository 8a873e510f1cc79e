import { DEMO, expect, tabIdOf, test } from './fixtures';
import { AXE_ON_THIS, loadAxe, seriousAxeViolations, type AxeViolation } from './a11y';
import { callOnOverlayElement, overlayTexts } from './closed-shadow';

test('the options page has no serious axe violations and works at 200% zoom by keyboard', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  await expect(options.getByRole('heading', { name: 'Bridge settings' })).toBeVisible();
  expect(await seriousAxeViolations(options)).toEqual([]);
  await options.setViewportSize({ width: 640, height: 800 });
  await options.evaluate(() => { document.body.style.zoom = '2'; });
  await options.keyboard.press('Tab');
  await expect(options.getByLabel('Your name', { exact: true })).toBeFocused();
  await options.keyboard.type('Dr. Keyboard');
  // Leaving the field saves it; focus moves on to the next setting.
  await options.keyboard.press('Tab');
  await expect(options.getByLabel('Your role', { exact: true })).toBeFocused();
  await expect(options.getByTestId('status')).toHaveText('Saved.');
  const overflow = await options.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'horizontal scrolling at 200% zoom').toBeLessThanOrEqual(0);
  await options.screenshot({ path: 'test-results/options-200-percent.png', fullPage: true });
});

test('the side panel has no serious axe violations', async ({ context, openExtensionPage }) => {
  const chart = await context.newPage();
  await chart.goto(`${DEMO}/chart/p01`);
  await expect.poll(() => overlayTexts(chart, '.bridge-prompt-text')).toHaveLength(1);
  const panel = await openExtensionPage(`sidepanel.html?tab=${await tabIdOf(context, chart)}`);
  await panel.setViewportSize({ width: 400, height: 800 });
  await expect(panel.getByTestId('patient-header')).toBeVisible();
  expect(await seriousAxeViolations(panel)).toEqual([]);
});

test('the overlay prompt, inside its closed shadow root, has no serious axe violations', async ({ context }) => {
  const chart = await context.newPage();
  await chart.goto(`${DEMO}/chart/p03`);
  await expect.poll(() => overlayTexts(chart, '.bridge-prompt-text')).toHaveLength(1);
  await loadAxe(chart);
  const violations = await callOnOverlayElement<AxeViolation[]>(chart, '.bridge-prompt', AXE_ON_THIS);
  expect(violations).toEqual([]);
  // The check reaches the prompt: an unnamed button added next to it is reported.
  await callOnOverlayElement(chart, '.bridge-prompt', 'function () { this.append(document.createElement("button")); }');
  const planted = await callOnOverlayElement<AxeViolation[]>(chart, '.bridge-prompt', AXE_ON_THIS);
  expect(planted.map((v) => v.id)).toContain('button-name');
});

test('the side panel works by keyboard at 200% zoom', async ({ context, openExtensionPage }) => {
  const chart = await context.newPage();
  await chart.goto(`${DEMO}/chart/p02`);
  await expect.poll(() => overlayTexts(chart, '.bridge-prompt-text')).toHaveLength(1);
  const panel = await openExtensionPage(`sidepanel.html?tab=${await tabIdOf(context, chart)}`);
  await panel.setViewportSize({ width: 400, height: 800 });
  await panel.evaluate(() => { document.body.style.zoom = '2'; });
  await expect(panel.getByTestId('patient-header')).toContainText('James Okafor');
  // Tab reaches the section tabs, and Enter on "Find treatment" opens that pane.
  const findTreatment = panel.getByRole('tab', { name: 'Find treatment' });
  for (let i = 0; i < 40 && !(await findTreatment.evaluate((el) => el === document.activeElement)); i++) await panel.keyboard.press('Tab');
  await expect(findTreatment).toBeFocused();
  await panel.keyboard.press('Enter');
  await expect(findTreatment).toHaveAttribute('aria-selected', 'true');
  const overflow = await panel.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'horizontal scrolling at 200% zoom').toBeLessThanOrEqual(0);
  await panel.screenshot({ path: 'test-results/sidepanel-200-percent.png' });
});
