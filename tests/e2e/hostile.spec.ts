import { DEMO, expect, tabIdOf, test } from './fixtures';
import { overlayTexts } from './closed-shadow';

test('a hostile page sees nothing of Bridge, and markup in a patient name never becomes a (wrong) patient', async ({ context, openExtensionPage }) => {
  const page = await context.newPage();
  await page.goto(`${DEMO}/chart/p06`);
  // DeShawn Johnson is 21: the prompt also suggests CRAFFT 2.1.
  await expect.poll(() => overlayTexts(page, '.bridge-prompt-text')).toEqual(['SUD screening due · last: neverCRAFFT 2.1 suggested']);
  await page.goto(`${DEMO}/hostile/p06`);
  await page.waitForTimeout(1500);
  const findings = await page.evaluate(() => {
    const f = (window as unknown as { __hostileFindings: { shadowRoots: string[]; dataAttributes: string[]; globals: string[]; pwned: () => boolean } }).__hostileFindings;
    return { shadowRoots: f.shadowRoots, dataAttributes: f.dataAttributes, globals: f.globals, pwned: f.pwned(), overlayRoot: document.querySelector('bridge-overlay')?.shadowRoot ?? null };
  });
  expect(findings).toEqual({ shadowRoots: [], dataAttributes: [], globals: [], pwned: false, overlayRoot: null });
  // The name holds markup, so Bridge cannot read a name: it shows no patient rather than taking
  // other page text (the app's title) as the patient, and nothing from the page ran anywhere.
  expect(await overlayTexts(page, '.bridge-prompt-text')).toEqual([]);
  const panel = await openExtensionPage(`sidepanel.html?tab=${await tabIdOf(context, page)}`);
  await expect(panel.getByTestId('no-patient')).toBeVisible();
  expect(await panel.locator('main img, main script').count()).toBe(0);
  expect(await panel.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await page.screenshot({ path: 'test-results/hostile-page.png' });
});
