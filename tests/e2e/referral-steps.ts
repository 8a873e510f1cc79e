/* eslint-disable @typescript-eslint/no-explicit-any -- demo-server and background replies are walked freely. */
import type { BrowserContext, Page } from '@playwright/test';
import { DEMO, expect, tabIdOf } from './fixtures';
import { serviceWorker } from './chromium';

// Steps shared by the Refer end-to-end specs (referral.spec.ts, referral-send.spec.ts): seed a
// screening and a chosen provider through the background's own messages, record consent and
// save a referral the way a clinician does in the panel.

export const HARBOR = { id: 'prov-harbor', name: 'Harbor Recovery Center', address: '12 Wharf St, Boston, MA 02110', phone: '(617) 555-0142', website: 'https://harbor.example.org/' };

/** Sends a Bridge message from an extension page, as the panel's code does; returns the raw reply. */
export function sendFrom(page: Page, type: string, payload: unknown) {
  return page.evaluate(([t, p]) => chrome.runtime.sendMessage({ bridge: 1, type: t, payload: p }), [type, payload] as const) as Promise<
    { ok: true; data: any } | { ok: false; error: string }
  >;
}

export async function patientOnTab(context: BrowserContext, tabId: number): Promise<string | null> {
  const worker = await serviceWorker(context);
  return worker.evaluate(async (id) => {
    const key = `tab:${id}`;
    const value = (await chrome.storage.session.get(key))[key] as { context?: { fingerprint: string } | null } | undefined;
    return value?.context?.fingerprint ?? null;
  }, tabId);
}

/** The audit log's details for one action, oldest first, read from the background's database. */
export async function auditDetails(context: BrowserContext, action: string): Promise<string[]> {
  const worker = await serviceWorker(context);
  return worker.evaluate(async (wanted) => {
    const request = indexedDB.open('bridge');
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const rows: { action: string; detail: string }[] = await new Promise((resolve) => {
      const r = db.transaction('audit').objectStore('audit').getAll();
      r.onsuccess = () => resolve(r.result);
    });
    db.close();
    return rows.filter((r) => r.action === wanted).map((r) => r.detail);
  }, action);
}

export async function submissions(): Promise<{ style: string; patientId: string; fields: Record<string, unknown> }[]> {
  return (await fetch(`${DEMO}/api/submissions`)).json();
}

/** Opens a chart, waits for the content script to report its patient, opens the panel on Refer with a screening and a provider. */
export async function referWorkspace(
  context: BrowserContext,
  openExtensionPage: (path: string) => Promise<Page>,
  path: string,
  screening: { instrumentId: string; answers: Record<string, string | number> },
) {
  const chart = await context.newPage();
  await chart.goto(`${DEMO}${path}`);
  const tabId = await tabIdOf(context, chart);
  await expect.poll(() => patientOnTab(context, tabId), { timeout: 15_000 }).not.toBeNull();
  const panel = await openExtensionPage(`sidepanel.html?tab=${tabId}`);
  await panel.setViewportSize({ width: 460, height: 1000 });
  const fingerprint = (await panel.getByTestId('workspace').getAttribute('data-fingerprint'))!;
  const saved = await sendFrom(panel, 'screening.save', { tabId, patientFingerprint: fingerprint, ...screening, mode: 'clinician' });
  expect(saved.ok, JSON.stringify(saved)).toBe(true);
  const draft = await sendFrom(panel, 'draft.save', { kind: 'referral', patientFingerprint: fingerprint, data: { providers: [HARBOR] } });
  expect(draft.ok, JSON.stringify(draft)).toBe(true);
  await panel.getByRole('tab', { name: 'Refer' }).click();
  await expect(panel.getByTestId('refer-pane')).toBeVisible();
  return { chart, tabId, panel, fingerprint };
}

export async function recordConsent(panel: Page) {
  await panel.getByRole('button', { name: 'Record consent…' }).click();
  await panel.getByLabel('Expiry date').fill('2099-12-31');
  await panel.getByLabel(/I confirm the patient/).check();
  await panel.getByRole('button', { name: 'Save consent' }).click();
  await expect(panel.getByRole('list', { name: 'Consents' })).toContainText('Active');
}

export async function saveReferral(panel: Page, options: { urgency: string; diagnosis?: string; notes?: string }) {
  const form = panel.locator('form.bridge-refer-packet');
  await form.getByLabel('Urgency').selectOption(options.urgency);
  if (options.diagnosis) await form.getByLabel(/Suggested diagnosis/).selectOption(options.diagnosis);
  if (options.notes) await form.getByLabel('Notes for the receiving program').fill(options.notes);
  await form.getByLabel('Referring clinician').fill('Dr. Ana Rivera');
  await form.getByLabel('Clinic', { exact: true }).fill('Riverside Family Medicine');
  await form.getByRole('button', { name: 'Save referral' }).click();
  await expect(panel.getByTestId('current-referral')).toContainText('Referral to Harbor Recovery Center');
}
