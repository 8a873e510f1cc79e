import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { startOAuthServer } from '../oauth-server/server';
import { serviceWorker } from './chromium';
import { expect, test } from './fixtures';
import { auditDetails } from './referral-steps';

// The clinic FHIR server on the options page: configuring it asks the browser for the server's
// origin in the Save click; that grant never puts the EHR page script on the server's pages,
// while granting the same origin as an EHR does (an EHR may serve its FHIR API from its own
// host). Then the SMART sign-in, end to end against a local OAuth server.
//
// Headless Chromium cannot show the permission prompt for an origin Bridge does not hold, so the
// test first allows the origin the way a person can in the browser's own UI (chrome://extensions,
// Site access: developerPrivate.addHostPermission); Chrome then answers Bridge's
// permissions.request for it without a prompt, through the same code path as an accepted prompt.

const TOKEN = 'fhir-config-bearer-91c2';

async function allowInSiteAccess(context: BrowserContext, extensionId: string, pattern: string, allowedOrigins: string[]) {
  // chrome://extensions loads only the browser's own chrome:// resources (origin "null"); nothing leaves the machine.
  allowedOrigins.push('chrome://extensions');
  const page = await context.newPage();
  await page.goto(`chrome://extensions/?id=${extensionId}`);
  await page.evaluate(
    ([id, host]) => (chrome as unknown as { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } }).developerPrivate.addHostPermission(id, host),
    [extensionId, pattern] as const,
  );
  await page.close();
}

async function ehrScriptMatches(context: BrowserContext): Promise<string[]> {
  const worker = await serviceWorker(context);
  return worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).flatMap((script) => script.matches ?? []).sort());
}

async function granted(context: BrowserContext): Promise<{ origins: string[]; permissions: string[] }> {
  const worker = await serviceWorker(context);
  return worker.evaluate(async () => {
    const all = await chrome.permissions.getAll();
    return { origins: all.origins ?? [], permissions: all.permissions ?? [] };
  });
}

async function fillEndpoint(options: Page, values: { baseUrl: string; auth: 'smart' | 'bearer'; clientId?: string; bearerToken?: string }) {
  const section = options.getByTestId('fhir-server');
  await section.getByLabel('FHIR base URL').fill(values.baseUrl);
  await section.getByLabel('MRN identifier system').fill('urn:oid:2.16.840.1.113883.3.9999');
  await section.getByLabel('Sign-in').selectOption(values.auth);
  if (values.clientId) await section.getByLabel('SMART client id').fill(values.clientId);
  if (values.bearerToken) await section.getByLabel('Bearer token').fill(values.bearerToken);
  await section.getByRole('button', { name: 'Save and allow access' }).click();
}

test('a bearer FHIR server is configured with its host grant; that grant never gets the EHR script, an EHR grant of the same origin does', async ({
  context,
  extensionId,
  openExtensionPage,
  allowedOrigins,
}) => {
  // A second local origin for the FHIR server: localhost, not the demo EHR's 127.0.0.1.
  const server = await startOAuthServer({ redirectUri: `https://${extensionId}.chromiumapp.org/` }, 'localhost');
  allowedOrigins.push(server.origin);
  try {
    const options = await openExtensionPage('options.html');
    const section = options.getByTestId('fhir-server');
    // Off by default.
    await expect(section).toContainText('Default');
    await expect(options.getByTestId('fhir-connection')).toHaveCount(0);
    expect(await ehrScriptMatches(context)).toEqual(['http://127.0.0.1/*']);

    await allowInSiteAccess(context, extensionId, 'http://localhost/*', allowedOrigins);
    expect((await granted(context)).origins).not.toContain('http://localhost/*');
    await fillEndpoint(options, { baseUrl: server.fhirBaseUrl, auth: 'bearer', bearerToken: TOKEN });
    await expect(options.getByTestId('status')).toHaveText(`Saved. Bridge may reach ${server.origin}.`);
    await expect(options.getByTestId('fhir-access')).toHaveText(`Bridge may reach ${server.origin}.`);
    await expect(section).toContainText('Changed on this computer');
    expect((await granted(context)).origins).toContain('http://localhost/*');
    // The token is stored but never written back into the page.
    expect(await options.content()).not.toContain(TOKEN);
    await options.screenshot({ path: 'test-results/options-fhir-server.png', fullPage: true });

    // Granted as the FHIR server only: no EHR script there, and it is not listed as an EHR site.
    await options.waitForTimeout(500);
    expect(await ehrScriptMatches(context)).toEqual(['http://127.0.0.1/*']);
    await expect(options.getByTestId('host-access')).not.toContainText('localhost');

    // The same origin granted as an EHR on "EHR sites": now the script runs there too.
    const hosts = options.getByTestId('host-access');
    await hosts.getByLabel('EHR address').fill(`${server.origin}/chart/1`);
    await hosts.getByRole('button', { name: 'Grant access to this EHR' }).click();
    await expect(options.getByTestId('status')).toHaveText('Bridge may now read http://localhost/*.');
    await expect.poll(() => ehrScriptMatches(context)).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    await expect(options.getByTestId('user-hosts')).toContainText('http://localhost/*');

    // Removing access takes the script away and the FHIR server is no longer reachable.
    await options.getByRole('button', { name: 'Remove access to http://localhost/*' }).click();
    await expect.poll(() => ehrScriptMatches(context)).toEqual(['http://127.0.0.1/*']);
    await expect(options.getByTestId('fhir-access')).toContainText(`Bridge is not allowed to reach ${server.origin} yet`);
    const worker = await serviceWorker(context);
    expect(await worker.evaluate(async () => (await chrome.storage.local.get('ehrGrants')).ehrGrants)).not.toContain('http://localhost/*');
  } finally {
    await server.close();
  }
});

/** Every file under `dir` whose bytes contain `needle`, as paths relative to `dir`. */
function filesContaining(dir: string, needle: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      const stat = statSync(full, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile() && readFileSync(full).includes(needle)) found.push(full.slice(dir.length + 1));
    }
  };
  walk(dir);
  return found;
}

test('SMART sign-in from the options page: PKCE through the auth window, the token kept in memory only, sign-out forgets it', async ({
  context,
  extensionId,
  openExtensionPage,
  allowedOrigins,
  profileDir,
}) => {
  // Reading every file of the profile takes a while on a loaded machine.
  test.setTimeout(120_000);
  const redirectUri = `https://${extensionId}.chromiumapp.org/`;
  const server = await startOAuthServer({ redirectUri, clientId: 'bridge-e2e' });
  allowedOrigins.push(server.origin);
  try {
    const options = await openExtensionPage('options.html');
    // The demo build already holds 127.0.0.1, so Chrome answers this grant without a prompt.
    await fillEndpoint(options, { baseUrl: server.fhirBaseUrl, auth: 'smart', clientId: 'bridge-e2e' });
    await expect(options.getByTestId('status')).toHaveText(`Saved. Bridge may reach ${server.origin}.`);
    await expect(options.getByTestId('fhir-redirect-uri')).toHaveText(redirectUri);
    await expect(options.getByTestId('fhir-signin-state')).toContainText('Not signed in');
    expect((await granted(context)).permissions).not.toContain('identity');

    await options.getByRole('button', { name: 'Sign in to the clinic FHIR server' }).click();
    await expect(options.getByTestId('fhir-signin-state')).toContainText('Signed in as Dr. Ada Test', { timeout: 20_000 });
    await expect(options.getByTestId('fhir-signin-state')).toContainText('renewed on its own');
    expect((await granted(context)).permissions).toContain('identity');

    // The server checked the verifier against the challenge before issuing the token.
    const exchange = server.log.find((entry) => entry.path === '/token');
    expect(exchange?.params).toMatchObject({ grant_type: 'authorization_code', client_id: 'bridge-e2e', redirect_uri: redirectUri });
    const authorize = server.log.find((entry) => entry.path === '/authorize');
    expect(authorize?.params).toMatchObject({ code_challenge_method: 'S256', aud: server.fhirBaseUrl });

    // The access token lives in storage.session: usable against the server, absent from
    // storage.local, from the options page and from every file of the browser profile.
    const worker = await serviceWorker(context);
    const session = await worker.evaluate(async () => (await chrome.storage.session.get('fhirAuth:session'))['fhirAuth:session'] as { accessToken: string; refreshToken: string });
    expect((await fetch(`${server.fhirBaseUrl}/Patient`, { headers: { Authorization: `Bearer ${session.accessToken}` } })).status).toBe(200);
    expect(JSON.stringify(await worker.evaluate(() => chrome.storage.local.get()))).not.toContain(session.accessToken);
    expect(await options.content()).not.toContain(session.accessToken);
    await options.waitForTimeout(1500);
    expect(filesContaining(profileDir, session.accessToken)).toEqual([]);
    expect(filesContaining(profileDir, session.refreshToken)).toEqual([]);

    await options.getByRole('button', { name: 'Sign out' }).click();
    await expect(options.getByTestId('fhir-signin-state')).toContainText('Not signed in');
    expect(await worker.evaluate(async () => (await chrome.storage.session.get('fhirAuth:session'))['fhirAuth:session'] ?? null)).toBeNull();
    expect(await auditDetails(context, 'settings')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^signed in to the clinic FHIR server 127\.0\.0\.1:\d+ as Dr\. Ada Test$/), 'signed out of the clinic FHIR server']),
    );
  } finally {
    await server.close();
  }
});
