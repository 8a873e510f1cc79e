import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { rmSync } from 'node:fs';
import { DEMO, extensionIdOf, launchWithExtension, newProfileDir, serviceWorker } from './chromium';

export { expect };
export { DEMO } from './chromium';

interface BridgeFixtures {
  /** Every URL the browser requested during the test (pages, frames, the service worker). */
  requests: string[];
  /**
   * Origins besides the demo EHR's that this test's own servers run on (a clinic directory URL,
   * a FHIR endpoint). Push into it before the context closes; requests to any other origin fail
   * the test.
   */
  allowedOrigins: string[];
  profileDir: string;
  context: BrowserContext;
  extensionId: string;
  /** Opens one of Bridge's pages (sidepanel.html, options.html...) in a tab. */
  openExtensionPage: (path: string) => Promise<Page>;
}

export const test = base.extend<BridgeFixtures>({
  profileDir: async ({}, use) => {
    const dir = newProfileDir();
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  requests: async ({}, use) => {
    await use([]);
  },
  allowedOrigins: async ({}, use) => {
    await use([]);
  },
  context: async ({ profileDir, requests, allowedOrigins }, use) => {
    const context = await launchWithExtension(profileDir);
    context.on('request', (request) => requests.push(request.url()));
    const worker = await serviceWorker(context);
    // The background registers the EHR content script right after install; a page opened before
    // that would (rightly) get no overlay.
    await expect.poll(() => worker.evaluate(() => chrome.scripting.getRegisteredContentScripts().then((s) => s.length))).toBe(1);
    await use(context);
    await context.close();
    // No egress (docs/security.md): with default settings nothing leaves for anywhere but the
    // EHR page itself and the extension's own files, whatever the test did; a test that configured
    // a clinic endpoint names its origin in `allowedOrigins` and checks those requests itself.
    const allowed = new Set([new URL(DEMO).origin, ...allowedOrigins.map((origin) => new URL(origin).origin)]);
    const outside = requests.filter((url) => !url.startsWith('chrome-extension://') && !url.startsWith('data:') && !url.startsWith('blob:') && !allowed.has(new URL(url).origin));
    expect(outside, 'requests that left the machine').toEqual([]);
  },
  extensionId: async ({ context }, use) => {
    await use(extensionIdOf(await serviceWorker(context)));
  },
  openExtensionPage: async ({ context, extensionId }, use) => {
    await use(async (path) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    });
  },
});

/** The Chrome tab id of a page, asked of the extension's own tabs API. */
export async function tabIdOf(context: BrowserContext, page: Page): Promise<number> {
  const worker = await serviceWorker(context);
  const url = page.url();
  const id = await worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url);
  if (typeof id !== 'number') throw new Error(`no tab found for ${url}`);
  return id;
}
