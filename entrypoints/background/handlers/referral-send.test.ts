import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BridgeDatabase } from '@/lib/db/database';
import { routeMessage, type SenderFacts } from '@/lib/messaging/router';
import { sampleConsentInput } from '@/tests/fixtures/forms/sample-consent';
import { samplePacketInput } from '@/tests/fixtures/forms/sample-packet';
import { coreHandlers } from './core';
import { referralHandlers } from './referral';
import { screeningHandlers } from './screening';

// referral.sendFhir in the background: nothing is sent without an endpoint, a SMART-only
// endpoint, a host grant or a consent covering 'send'; with all of them, one POST carrying the
// bearer token from settings, and the referral moves to "sent".

const ctx = { ownId: 'bridge-id', ownOrigin: 'chrome-extension://bridge-id' };
const fromPanel: SenderFacts = { extensionId: 'bridge-id', url: 'chrome-extension://bridge-id/sidepanel.html?tab=7', tabId: undefined };
const FP = 'fp-abcdef0123';
const ENDPOINT = { baseUrl: 'https://fhir.example.org/r4', patientIdentifierSystem: 'urn:oid:1.2.3.4', auth: 'bearer', bearerToken: 'tok-123' };

let db: BridgeDatabase;
const send = (type: string, payload: unknown) =>
  routeMessage({ bridge: 1, type, payload }, fromPanel, { ...coreHandlers(db), ...screeningHandlers(db), ...referralHandlers(db) }, ctx, () => undefined);

/** A saved screening, a saved referral citing it and (optionally) a consent; returns the referral id. */
async function referralOnFile(consent: 'send' | 'no-send' | 'none') {
  const patient = { name: 'Jane Q Testpatient', birthDate: '1980-04-09', sex: 'female', postalCode: '02139', mrn: 'MRN12345', sourceUrl: 'http://127.0.0.1/chart/1', confidence: 0.95, fingerprint: FP };
  await fakeBrowser.storage.session.set({ 'tab:7': { tabId: 7, context: patient, observedAt: new Date().toISOString() } });
  const saved = (await send('screening.save', { tabId: 7, patientFingerprint: FP, instrumentId: 'audit-c', answers: { q1: '4-plus-a-week', q2: '5-6', q3: 'weekly' }, mode: 'clinician' })) as { ok: true; data: { completedAt: string } };
  expect(saved.ok).toBe(true);
  const base = samplePacketInput();
  const packet = { ...base, screening: { ...base.screening, completedAt: new Date(saved.data.completedAt).toISOString() } };
  const created = (await send('referral.create', { packet })) as { ok: true; data: { id: string } };
  expect(created).toMatchObject({ ok: true });
  if (consent !== 'none') {
    const permittedActions = consent === 'send' ? ['fill-form', 'print', 'export', 'send'] : ['fill-form', 'print', 'export'];
    expect(await send('consent.record', { consent: { ...sampleConsentInput({ expiry: { kind: 'date', date: '2099-12-31' } }), permittedActions } })).toMatchObject({ ok: true });
  }
  return created.data.id;
}

/** Whether Chrome says the endpoint's origin is granted (fake-browser types `contains` loosely). */
const hostGranted = (granted: boolean) => vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation((() => Promise.resolve(granted)) as never);

const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => new Response(null, { status: 201, headers: { Location: 'https://fhir.example.org/r4/Bundle/b1' } }));

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
  fetchMock.mockClear();
  vi.stubGlobal('fetch', fetchMock);
  hostGranted(true);
  db = new BridgeDatabase(`referral-send-${Math.random()}`);
});

describe('referral.sendFhir', () => {
  it('sends nothing when no endpoint is configured (the default), and the workspace offers no button', async () => {
    const id = await referralOnFile('send');
    expect(await send('referral.sendFhir', { patientFingerprint: FP, referralId: id })).toEqual({ ok: false, error: expect.stringContaining('No clinic FHIR server is configured') });
    expect(await send('referral.workspace', { patientFingerprint: FP })).toMatchObject({ ok: true, data: { fhirEndpoint: null } });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('refuses without a consent covering send, and audits the refusal', async () => {
    await send('settings.saveLocal', { values: { fhirEndpoint: ENDPOINT } });
    const id = await referralOnFile('no-send');
    expect(await send('referral.sendFhir', { patientFingerprint: FP, referralId: id })).toMatchObject({ ok: false, error: expect.stringMatching(/send/) });
    expect(fetchMock).not.toHaveBeenCalled();
    expect((await db.audit.where('action').equals('send').toArray()).map((a) => a.detail)).toEqual([expect.stringMatching(/^FHIR Bundle of referral .* not sent to fhir\.example\.org/)]);
  });

  it('refuses when the host was not granted, and when the server needs a SMART sign-in nobody has done', async () => {
    await send('settings.saveLocal', { values: { fhirEndpoint: ENDPOINT } });
    const id = await referralOnFile('send');
    hostGranted(false);
    expect(await send('referral.sendFhir', { patientFingerprint: FP, referralId: id })).toMatchObject({ ok: false, error: expect.stringContaining('not been allowed to reach fhir.example.org') });
    await send('settings.saveLocal', { values: { fhirEndpoint: { ...ENDPOINT, auth: 'smart', clientId: 'bridge' } } });
    hostGranted(true);
    expect(await send('referral.sendFhir', { patientFingerprint: FP, referralId: id })).toMatchObject({ ok: false, error: expect.stringContaining('Sign in to the clinic FHIR server (fhir.example.org)') });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('with consent: one POST of a transaction Bundle with the token from settings; the referral is now sent', async () => {
    await send('settings.saveLocal', { values: { fhirEndpoint: ENDPOINT } });
    const id = await referralOnFile('send');
    const workspace = await send('referral.workspace', { patientFingerprint: FP });
    expect(workspace).toMatchObject({ ok: true, data: { fhirEndpoint: { origin: 'https://fhir.example.org', permissionPattern: 'https://fhir.example.org/*' } } });
    expect(JSON.stringify(workspace)).not.toContain('tok-123');

    expect(await send('referral.sendFhir', { patientFingerprint: FP, referralId: id })).toEqual({ ok: true, data: { ok: true, status: 201, attempts: 1, location: 'https://fhir.example.org/r4/Bundle/b1' } });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('https://fhir.example.org/r4');
    expect(init).toMatchObject({ method: 'POST', credentials: 'omit', headers: { Authorization: 'Bearer tok-123', 'Content-Type': 'application/fhir+json' } });
    expect(JSON.parse(init.body as string)).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    expect(await send('referral.list', { patientFingerprint: FP })).toMatchObject({ ok: true, data: { referrals: [{ id, status: 'sent' }] } });
  });
});
