import type { Page } from '@playwright/test';
import { DEMO, expect, test } from './fixtures';
import { EXTENSION_DIR, launchWithExtension, serviceWorker, stopServiceWorkers } from './chromium';
import { overlayTexts } from './closed-shadow';
import { ensureManagedPolicyDir, packageScripts, removeManagedPolicy, thirdPartyPolicy, writeManagedPolicy } from './managed-policy';

// The clinic's policy, end to end: a real policy file in Chromium's machine policy folder, read
// by the browser, delivered to Bridge through storage.managed. The folder is machine-wide, so
// these tests run one after another and always remove their file.
test.describe.configure({ mode: 'serial' });

const DEMO_HOSTS = ['http://127.0.0.1/*'];

const CLINIC_POLICY = {
  allowedEhrHosts: DEMO_HOSTS,
  rescreenIntervalMonths: 6,
  clinic: { name: 'Eastside Community Health', address: '100 Main Street, Springfield, MA', postalCode: '01103' },
  auditLogExportAllowed: false,
  // Chrome's schema check passes it (an integer); Bridge's own check must not.
  retentionDays: -3,
};

let extensionId = '';

test.beforeAll(async () => {
  ensureManagedPolicyDir();
  // An unpacked extension's id is derived from its folder, so the policy can name it before launch.
  extensionId = (await packageScripts()).extensionIdForUnpackedPath(EXTENSION_DIR);
});

test.afterAll(() => removeManagedPolicy());

/** Asks the background, as an extension page does, for the settings in force. */
async function effectiveSettings(page: Page) {
  return page.evaluate(async () => {
    const reply = await chrome.runtime.sendMessage({ bridge: 1, type: 'settings.effective', payload: {} });
    if (!reply.ok) throw new Error(reply.error);
    return reply.data as { values: Record<string, unknown>; lockedKeys: string[]; sources: Record<string, string>; warnings: { key: string; message: string }[] };
  });
}

function setting(page: Page, key: string) {
  return page.locator(`fieldset[data-setting="${key}"]`);
}

/** The setting's fieldset only while the policy locks it (disabled, "Set by your organization"). */
function lockedSetting(page: Page, key: string) {
  return page.locator(`fieldset[data-setting="${key}"][disabled]`);
}

test.describe('with a clinic policy file', () => {
  test.beforeAll(() => writeManagedPolicy(thirdPartyPolicy(extensionId, CLINIC_POLICY)));

  test('policy values reach the extension and show as locked; a bad value is ignored with a warning', async ({ context, extensionId: loadedId, openExtensionPage }) => {
    expect(loadedId, 'the id the policy names').toBe(extensionId);
    const options = await openExtensionPage('options.html');

    await expect(lockedSetting(options, 'rescreenIntervalMonths')).toHaveCount(1);
    await expect(setting(options, 'rescreenIntervalMonths')).toContainText('Set by your organization');
    await expect(setting(options, 'rescreenIntervalMonths').getByRole('spinbutton')).toHaveValue('6');
    await expect(lockedSetting(options, 'clinic')).toHaveCount(1);
    await expect(setting(options, 'clinic').getByLabel('Clinic name')).toHaveValue('Eastside Community Health');
    await expect(options.getByTestId('policy-summary')).toContainText('manages 4 settings');

    // retentionDays -3 is ignored, named with its problem, and the default applies, unlocked.
    await expect(options.getByTestId('policy-warnings')).toContainText('retentionDays');
    await expect(options.getByTestId('policy-warnings')).toContainText('must be a whole number from 1 to 3650, got -3');
    await expect(lockedSetting(options, 'retentionDays')).toHaveCount(0);
    await expect(setting(options, 'retentionDays')).toContainText('Default');
    await expect(setting(options, 'retentionDays').getByRole('spinbutton')).toHaveValue('90');
    await expect(options.getByTestId('audit-export-locked')).toBeVisible();
    await options.screenshot({ path: 'test-results/options-with-policy.png', fullPage: true });

    // The background runs on the same values: prompt interval, retention, export switch.
    const settings = await effectiveSettings(options);
    expect(settings.values).toMatchObject({ rescreenIntervalMonths: 6, retentionDays: 90, auditLogExportAllowed: false, allowedEhrHosts: DEMO_HOSTS });
    expect(settings.lockedKeys.sort()).toEqual(['allowedEhrHosts', 'auditLogExportAllowed', 'clinic', 'rescreenIntervalMonths']);
    expect(settings.warnings.map((w) => w.key)).toEqual(['retentionDays']);

    // A locked setting cannot be changed through the background either.
    const refused = await options.evaluate(() =>
      chrome.runtime.sendMessage({ bridge: 1, type: 'settings.saveLocal', payload: { values: { rescreenIntervalMonths: 24 } } }),
    );
    expect(refused).toEqual({ ok: false, error: expect.stringContaining('set by your organization') });
    const exported = await options.evaluate(() => chrome.runtime.sendMessage({ bridge: 1, type: 'audit.exportCsv', payload: {} }));
    expect(exported).toEqual({ ok: false, error: expect.stringContaining('auditLogExportAllowed') });

    // A stopped service worker reads the policy again when it wakes; nothing relied on a global.
    await stopServiceWorkers(context);
    expect((await effectiveSettings(options)).lockedKeys.sort()).toEqual(['allowedEhrHosts', 'auditLogExportAllowed', 'clinic', 'rescreenIntervalMonths']);

    // The ignored value is in the audit log for the compliance officer, once, restart or not.
    // (The options page shares the extension's origin, so it can open the same database.)
    const policyEntries = await options.evaluate(async () => {
      const request = indexedDB.open('bridge');
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const entries: { action: string; detail: string }[] = await new Promise((resolve) => {
        const all = db.transaction('audit').objectStore('audit').getAll();
        all.onsuccess = () => resolve(all.result);
      });
      db.close();
      return entries.filter((entry) => entry.action === 'policy').map((entry) => entry.detail);
    });
    expect(policyEntries).toEqual([expect.stringContaining('retentionDays must be a whole number from 1 to 3650, got -3')]);

    // The demo EHR is on the policy's list, so Bridge works there.
    const chart = await context.newPage();
    await chart.goto(`${DEMO}/chart/p01`);
    await expect.poll(() => overlayTexts(chart, '.bridge-prompt-text')).toEqual([expect.stringContaining('SUD screening due')]);
  });

  // chrome://policy is where the clinic's IT checks a machine (docs/deploy.md). Its own
  // chrome:// requests are not egress, but the shared fixture would count them, so this test
  // starts its browser itself.
  test('chrome://policy shows the policy Bridge receives, and "Reload policies" applies a change', async ({ profileDir }) => {
    const context = await launchWithExtension(profileDir);
    try {
      await serviceWorker(context);
      const options = await context.newPage();
      await options.goto(`chrome-extension://${extensionId}/options.html`);
      await expect(setting(options, 'rescreenIntervalMonths').getByRole('spinbutton')).toHaveValue('6');
      const page = await context.newPage();
      await page.goto('chrome://policy');
      const bridge = page.getByRole('table', { name: 'Bridge: SUD screening and referral' });
      await expect(bridge).toContainText(extensionId);
      await page.getByRole('button', { name: 'Reload policies' }).click();
      await expect(bridge.getByRole('row', { name: /rescreenIntervalMonths/ })).toContainText('6');
      await expect(bridge.getByRole('row', { name: /retentionDays/ })).toContainText('-3');
      await page.screenshot({ path: 'test-results/chrome-policy.png', fullPage: true });

      // What an admin does after editing the file: "Reload policies" instead of waiting for
      // Chromium's file watcher (about 5 s, measured in the next test).
      writeManagedPolicy(thirdPartyPolicy(extensionId, { ...CLINIC_POLICY, rescreenIntervalMonths: 9 }));
      const written = Date.now();
      await page.getByRole('button', { name: 'Reload policies' }).click();
      await expect(setting(options, 'rescreenIntervalMonths').getByRole('spinbutton')).toHaveValue('9');
      const seconds = (Date.now() - written) / 1000;
      test.info().annotations.push({ type: 'policy change after Reload policies applied after (s)', description: seconds.toFixed(1) });
      console.log(`policy change reached the open options page ${seconds.toFixed(1)} s after "Reload policies"`);
    } finally {
      writeManagedPolicy(thirdPartyPolicy(extensionId, CLINIC_POLICY));
      await context.close();
    }
  });

  test('a policy changed while the browser runs applies without a restart', async ({ context, openExtensionPage }) => {
    const options = await openExtensionPage('options.html');
    await expect(setting(options, 'rescreenIntervalMonths').getByRole('spinbutton')).toHaveValue('6');
    const worker = await serviceWorker(context);
    await expect.poll(() => worker.evaluate(() => chrome.scripting.getRegisteredContentScripts().then((s) => s.flatMap((c) => c.matches ?? [])))).toEqual(DEMO_HOSTS);

    // The clinic moves to another EHR, screens every 24 months, fixes retention and allows export.
    writeManagedPolicy(
      thirdPartyPolicy(extensionId, { ...CLINIC_POLICY, allowedEhrHosts: ['https://ehr.example.org/*'], rescreenIntervalMonths: 24, retentionDays: 30, auditLogExportAllowed: true }),
    );
    const written = Date.now();
    await expect(setting(options, 'rescreenIntervalMonths').getByRole('spinbutton')).toHaveValue('24', { timeout: 40_000 });
    const seconds = (Date.now() - written) / 1000;
    test.info().annotations.push({ type: 'live policy change applied after (s)', description: seconds.toFixed(1) });
    console.log(`live policy change reached the open options page after ${seconds.toFixed(1)} s`);

    await expect(options.getByTestId('policy-warnings')).toHaveCount(0);
    await expect(lockedSetting(options, 'retentionDays')).toHaveCount(1);
    await expect(setting(options, 'retentionDays').getByRole('spinbutton')).toHaveValue('30');
    await expect(options.getByRole('button', { name: 'Export audit log (CSV)' })).toBeVisible();
    await expect.poll(async () => (await effectiveSettings(options)).values).toMatchObject({ rescreenIntervalMonths: 24, retentionDays: 30 });
    // The demo EHR is no longer on the list: the content script is withdrawn from it.
    await expect.poll(() => worker.evaluate(() => chrome.scripting.getRegisteredContentScripts().then((s) => s.length))).toBe(0);
    const chart = await context.newPage();
    await chart.goto(`${DEMO}/chart/p01`);
    await chart.waitForLoadState('load');
    await chart.waitForTimeout(1500);
    expect(await overlayTexts(chart, '.bridge-prompt-text')).toEqual([]);

    // The policy is withdrawn: everything is this computer's to set again, and Bridge is back.
    removeManagedPolicy();
    await expect(lockedSetting(options, 'rescreenIntervalMonths')).toHaveCount(0, { timeout: 40_000 });
    await expect(options.getByTestId('policy-summary')).toContainText('No policy from your organization');
    await expect.poll(() => worker.evaluate(() => chrome.scripting.getRegisteredContentScripts().then((s) => s.length))).toBe(1);
  });
});

test('a policy that arrives after start-up applies live', async ({ openExtensionPage }) => {
  removeManagedPolicy();
  const options = await openExtensionPage('options.html');
  await expect(options.getByTestId('policy-summary')).toContainText('No policy from your organization');
  await expect(lockedSetting(options, 'selfScreenAllowed')).toHaveCount(0);

  writeManagedPolicy(thirdPartyPolicy(extensionId, { selfScreenAllowed: true }));
  await expect(lockedSetting(options, 'selfScreenAllowed')).toHaveCount(1, { timeout: 40_000 });
  await expect(setting(options, 'selfScreenAllowed').getByRole('checkbox')).toBeChecked();
  await expect.poll(async () => (await effectiveSettings(options)).lockedKeys).toEqual(['selfScreenAllowed']);
});
