import { DEMO, expect, tabIdOf, test } from './fixtures';
import { overlayTexts } from './closed-shadow';

test('a hostile page sees nothing of Bridge and its markup in a patient name stays text', async ({ context, openExtensionPage }) => {
  const page = await context.newPage();
  await page.goto(`${DEMO}/hostile/p06`);
  // The page's fake "content script started" events do not stop Bridge: the prompt still shows.
  await expect.poll(() => overlayTexts(page, '.bridge-prompt-label')).toEqual(['SUD screening due - last: never']);
  await page.waitForTimeout(700);
  const findings = await page.evaluate(() => {
    const f = (window as unknown as { __hostileFindings: { shadowRoots: string[]; dataAttributes: string[]; globals: string[]; pwned: () => boolean } }).__hostileFindings;
    return { shadowRoots: f.shadowRoots, dataAttributes: f.dataAttributes, globals: f.globals, pwned: f.pwned(), overlayRoot: document.querySelector('bridge-overlay')?.shadowRoot ?? null };
  });
  expect(findings).toEqual({ shadowRoots: [], dataAttributes: [], globals: [], pwned: false, overlayRoot: null });

  const panel = await openExtensionPage(`sidepanel.html?tab=${await tabIdOf(context, page)}`);
  const header = panel.getByTestId('patient-header');
  await expect(header).toContainText('<img src=x onerror="window.__pwned=1">JOHNSON, DeShawn');
  expect(await header.locator('img, script').count()).toBe(0);
  expect(await panel.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await page.screenshot({ path: 'test-results/hostile-page-overlay.png' });
});
