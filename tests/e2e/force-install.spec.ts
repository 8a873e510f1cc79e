import { chromium, type BrowserContext } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO, expect, test } from './fixtures';
import { CHROME_PATH, EXTENSION_DIR, QUIET_FLAGS } from './chromium';
import { overlayTexts } from './closed-shadow';
import { packageScripts, removeManagedPolicy, writeManagedPolicy } from './managed-policy';

// How a clinic deploys Bridge (docs/deploy.md): `npm run package` signs a CRX3 with the
// clinic's key and writes updates.xml; IT serves both and lists Bridge in
// ExtensionInstallForcelist. Here the server is on 127.0.0.1 and Chromium gets no
// --load-extension: the extension can only arrive through the policy.
test.describe.configure({ mode: 'serial' });

let workDir = '';
let server: Server | undefined;
const served: string[] = [];

test.afterAll(async () => {
  removeManagedPolicy();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** Serves the package folder on 127.0.0.1, recording each path asked for. */
async function serveFolder(folder: string): Promise<number> {
  server = createServer((request, response) => {
    const name = new URL(request.url ?? '/', 'http://127.0.0.1').pathname.slice(1);
    served.push(name);
    const types: Record<string, string> = { 'updates.xml': 'text/xml', 'bridge.crx': 'application/x-chrome-extension' };
    if (!types[name]) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': types[name] }).end(readFileSync(join(folder, name)));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server!.address() as AddressInfo).port;
}

test('Chromium installs Bridge from ExtensionInstallForcelist and it works on the demo EHR', async ({ profileDir }) => {
  test.setTimeout(120_000);
  workDir = mkdtempSync(join(tmpdir(), 'bridge-force-install-'));
  const packageDir = join(workDir, 'package');
  const port = await serveFolder(packageDir);
  const baseUrl = `http://127.0.0.1:${port}/`;
  // The key lives outside the published folder, as package.mjs insists; a fresh one per run.
  execFileSync(
    process.execPath,
    ['scripts/package/package.mjs', `--chrome-dir=${EXTENSION_DIR}`, `--firefox-dir=${join(workDir, 'no-firefox')}`, `--out-dir=${packageDir}`, `--key=${join(workDir, 'key.pem')}`, `--base-url=${baseUrl}`],
    { stdio: 'pipe' },
  );
  const extensionId = readFileSync(join(packageDir, 'extension-id.txt'), 'utf8').trim();
  const { chromeLinuxPolicy } = await packageScripts();
  writeManagedPolicy({
    ...chromeLinuxPolicy({ extensionId, updateUrl: `${baseUrl}updates.xml`, managedValues: { rescreenIntervalMonths: 18 } }),
    // Chromium refuses DevTools, and so Playwright's CDP, on policy-installed extensions otherwise.
    DeveloperToolsAvailability: 1,
  });

  const started = Date.now();
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROME_PATH,
      headless: true,
      // Playwright starts Chromium with extensions off and background networking (which fetches
      // force-installed extensions) off; the clinic's browser has both.
      ignoreDefaultArgs: ['--disable-extensions', '--disable-background-networking'],
      args: QUIET_FLAGS.filter((flag) => flag !== '--disable-background-networking'),
    });
    const requests: string[] = [];
    context.on('request', (request) => requests.push(request.url()));
    const worker =
      context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`)) ??
      (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(`chrome-extension://${extensionId}/`), timeout: 60_000 }));
    const installSeconds = (Date.now() - started) / 1000;
    test.info().annotations.push({ type: 'force-install took (s)', description: installSeconds.toFixed(1) });
    console.log(`force-installed extension's service worker started ${installSeconds.toFixed(1)} s after launch`);
    expect(served).toEqual(expect.arrayContaining(['updates.xml', 'bridge.crx']));

    const installType = await worker.evaluate(() => chrome.management.getSelf().then((self) => self.installType));
    expect(installType).toBe('admin');
    await expect.poll(() => worker.evaluate(() => chrome.scripting.getRegisteredContentScripts().then((s) => s.length)), { timeout: 20_000 }).toBe(1);

    const chart = await context.newPage();
    await chart.goto(`${DEMO}/chart/p01`);
    await expect.poll(() => overlayTexts(chart, '.bridge-prompt-text'), { timeout: 20_000 }).toEqual([expect.stringContaining('SUD screening due')]);
    // The policy's managed values reach the force-installed extension too.
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await expect(options.locator('fieldset[data-setting="rescreenIntervalMonths"][disabled]')).toContainText('Set by your organization');

    const outside = requests.filter((url) => !/^(chrome-extension|data|blob):/.test(url) && new URL(url).hostname !== '127.0.0.1');
    expect(outside, 'requests that left the machine').toEqual([]);
  } finally {
    await context?.close();
    removeManagedPolicy();
  }
});
