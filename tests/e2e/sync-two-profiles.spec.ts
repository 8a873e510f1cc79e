/* eslint-disable @typescript-eslint/no-explicit-any -- FHIR JSON and background replies are walked freely. */
import type { BrowserContext, Page } from '@playwright/test';
import { rmSync } from 'node:fs';
import { startFhirServer, type TestFhirServer } from '../fhir-server/server';
import { MRN_SYSTEM, syncConsent } from '../../lib/sync/test-support';
import { DEMO, extensionIdOf, launchWithExtension, newProfileDir, serviceWorker, stopServiceWorkers } from './chromium';
import { expect, tabIdOf, test } from './fixtures';
import { patientOnTab, sendFrom } from './referral-steps';

// Issue 11 end to end: two Chromium profiles are two machines of one clinic, both pointed at one
// clinic FHIR server (Medplum's router on 127.0.0.1, tests/fhir-server). What machine A screens,
// with the patient's consent, reaches the server on its own; machine B, opening the same chart,
// pulls it and shows it in its Screen history. A screening saved just before A's service worker
// is stopped is not lost and not sent twice once the worker wakes.

const TOKEN = 'sync-e2e-bearer-5d1e';
/** Demo EHR patient p01 (tests/demo-ehr/patients.json). */
const CHART = '/chart/p01';
const MRN = 'MRN-100234';
const POSITIVE_AUDIT_C = { instrumentId: 'audit-c', answers: { q1: '4-plus-a-week', q2: '5-6', q3: 'weekly' } };
const NEGATIVE_AUDIT_C = { instrumentId: 'audit-c', answers: { q1: 'monthly-or-less', q2: '1-2', q3: 'never' } };

let server: TestFhirServer;
let serverPatientId: string;

test.beforeAll(async () => {
  // Loading the FHIR definitions and compiling the R4 schema takes tens of seconds on a busy machine.
  test.setTimeout(180_000);
  server = await startFhirServer({ token: TOKEN });
  // The EHR's patient on the clinic's server: Bridge matches on the MRN and never creates Patients.
  const patient = await server.seed({ resourceType: 'Patient', identifier: [{ system: MRN_SYSTEM, value: MRN }], name: [{ family: 'Rivera', given: ['Ana', 'Lucia'] }], birthDate: '1984-03-12', gender: 'female' });
  serverPatientId = patient.id;
});

test.afterAll(async () => server?.close());

async function extensionPage(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionIdOf(await serviceWorker(context))}/${path}`);
  return page;
}

/** Points one machine at the clinic server with team sharing on, as the options page saves it. */
async function configureSharing(context: BrowserContext) {
  const worker = await serviceWorker(context);
  await expect.poll(() => worker.evaluate(() => chrome.scripting.getRegisteredContentScripts().then((s) => s.length))).toBe(1);
  const options = await extensionPage(context, 'options.html');
  const saved = await sendFrom(options, 'settings.saveLocal', {
    values: { fhirEndpoint: { baseUrl: server.baseUrl, patientIdentifierSystem: MRN_SYSTEM, auth: 'bearer', bearerToken: TOKEN, shareWithTeam: true } },
  });
  expect(saved.ok, JSON.stringify(saved)).toBe(true);
  // The demo build holds http://127.0.0.1/* already, so the server's origin is granted without a prompt.
  expect(await worker.evaluate((pattern) => chrome.permissions.contains({ origins: [pattern] }), 'http://127.0.0.1/*')).toBe(true);
  await options.close();
}

/** Opens the demo chart and Bridge's side panel for its tab; returns the panel and this machine's fingerprint. */
async function openChart(context: BrowserContext) {
  const chart = await context.newPage();
  await chart.goto(`${DEMO}${CHART}`);
  const tabId = await tabIdOf(context, chart);
  await expect.poll(() => patientOnTab(context, tabId), { timeout: 15_000 }).not.toBeNull();
  const panel = await extensionPage(context, `sidepanel.html?tab=${tabId}`);
  await panel.setViewportSize({ width: 460, height: 1000 });
  const fingerprint = (await panel.getByTestId('workspace').getAttribute('data-fingerprint'))!;
  return { chart, tabId, panel, fingerprint };
}

/** The QuestionnaireResponses the server holds for the seeded patient. */
async function responsesOnServer() {
  return (await server.all('QuestionnaireResponse')).filter((r: any) => r.subject?.reference === `Patient/${serverPatientId}`);
}

function checkNoEgress(requests: string[], allowed: string[]) {
  const origins = new Set([new URL(DEMO).origin, ...allowed]);
  const outside = requests.filter((url) => !url.startsWith('chrome-extension://') && !url.startsWith('data:') && !url.startsWith('blob:') && !origins.has(new URL(url).origin));
  expect(outside, 'requests that left machine B').toEqual([]);
}

test('two machines, one clinic server: A’s screening shows on B; a screening saved as A’s worker stops is sent once', async ({ context, allowedOrigins, requests }) => {
  test.setTimeout(90_000);
  allowedOrigins.push(server.origin);
  const profileB = newProfileDir();
  const contextB = await launchWithExtension(profileB);
  const requestsB: string[] = [];
  contextB.on('request', (request) => requestsB.push(request.url()));
  try {
    await configureSharing(context);
    await configureSharing(contextB);

    // Machine A: the chart, the patient's consent to share with the clinic's treating providers, a screening.
    const a = await openChart(context);
    const consent = syncConsent(a.fingerprint, `consent-sync-e2e-${Date.now()}`);
    const recorded = await sendFrom(a.panel, 'consent.record', { consent });
    expect(recorded.ok, JSON.stringify(recorded)).toBe(true);
    const first = await sendFrom(a.panel, 'screening.save', { tabId: a.tabId, patientFingerprint: a.fingerprint, ...POSITIVE_AUDIT_C, mode: 'clinician' });
    expect(first.ok, JSON.stringify(first)).toBe(true);
    const firstId = (first as any).data.id as string;
    const firstScore = (first as any).data.result.score as number;
    await expect.poll(async () => (await responsesOnServer()).map((r: any) => r.identifier?.value), { timeout: 20_000 }).toEqual([firstId]);
    expect((await server.all('Consent')).map((c: any) => c.identifier?.[0]?.value ?? c.identifier?.value)).toContain(consent.id);
    // Every request carried the token.
    expect(server.log.filter((r) => r.status === 401)).toEqual([]);

    // Machine B: the same chart; opening the panel pulls the patient's shared records.
    const b = await openChart(contextB);
    const status = b.panel.getByTestId('sync-status');
    await expect(status).toContainText(`Synced with ${new URL(server.origin).host}`, { timeout: 20_000 });
    await expect(status).toHaveAttribute('data-state', 'on');
    const history = b.panel.getByTestId('screening-history');
    await expect(history).toContainText(`AUDIT-C ${firstScore} · positive`, { timeout: 15_000 });
    await expect(history).not.toContainText('No screening recorded');
    await b.panel.screenshot({ path: 'test-results/sync-profile-b.png', fullPage: true });

    // Machine A again: a second screening, and the worker is stopped before its drain (3 s later) runs.
    const second = await sendFrom(a.panel, 'screening.save', { tabId: a.tabId, patientFingerprint: a.fingerprint, ...NEGATIVE_AUDIT_C, mode: 'clinician' });
    expect(second.ok, JSON.stringify(second)).toBe(true);
    const secondId = (second as any).data.id as string;
    const secondScore = (second as any).data.result.score as number;
    await stopServiceWorkers(context);
    // Opening A's side panel again wakes the worker (sync.openPatient); nothing lost, nothing twice.
    const reopened = await extensionPage(context, `sidepanel.html?tab=${a.tabId}`);
    await expect(reopened.getByTestId('sync-status')).toContainText(`Synced with ${new URL(server.origin).host}`, { timeout: 20_000 });
    await expect.poll(async () => (await responsesOnServer()).map((r: any) => r.identifier?.value).sort(), { timeout: 20_000 }).toEqual([firstId, secondId].sort());
    const again = await sendFrom(reopened, 'sync.now', { patientFingerprint: a.fingerprint });
    expect(again.ok, JSON.stringify(again)).toBe(true);
    expect((await responsesOnServer()).length).toBe(2);
    expect(server.log.filter((r) => r.status >= 400)).toEqual([]);

    // B's "Sync now" brings the second one too.
    await status.getByRole('button', { name: 'Sync now' }).click();
    await expect(history).toContainText(`AUDIT-C ${secondScore} · negative`, { timeout: 15_000 });
  } finally {
    await contextB.close();
    rmSync(profileB, { recursive: true, force: true });
  }
  checkNoEgress(requestsB, [server.origin]);
  expect(requests.some((url) => url.startsWith(server.origin))).toBe(true);
});
