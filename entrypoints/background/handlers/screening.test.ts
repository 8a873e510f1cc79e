import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BridgeDatabase } from '@/lib/db/database';
import type { PatientContext } from '@/lib/ehr/patient';
import { routeMessage, type SenderFacts } from '@/lib/messaging/router';
import { screeningHandlers } from './screening';

const ctx = { ownId: 'bridge-id', ownOrigin: 'chrome-extension://bridge-id' };
const fromPanel: SenderFacts = { extensionId: 'bridge-id', url: 'chrome-extension://bridge-id/sidepanel.html?tab=7', tabId: undefined };
const fromContent: SenderFacts = { extensionId: 'bridge-id', url: 'http://127.0.0.1/chart/p02', tabId: 7 };
const patient = (fingerprint: string): PatientContext => ({
  name: 'James Okafor', birthDate: '1971-11-02', sex: 'male', postalCode: '44115', mrn: 'MRN-100235', sourceUrl: 'http://127.0.0.1/chart/p02', confidence: 0.9, fingerprint,
});
const A = 'fp-aaaaaaaa';
const positive = { q1: '4-plus-a-week', q2: '5-6', q3: 'weekly' };

let db: BridgeDatabase;
const send = (type: string, payload: unknown, sender = fromPanel) => routeMessage({ bridge: 1, type, payload }, sender, screeningHandlers(db), ctx, () => undefined);
const showOnTab = (tabId: number, fingerprint: string | null) =>
  fakeBrowser.storage.session.set({ [`tab:${tabId}`]: { tabId, context: fingerprint ? patient(fingerprint) : null, observedAt: new Date().toISOString() } });

beforeEach(() => {
  fakeBrowser.reset();
  db = new BridgeDatabase(`screening-handlers-${Math.random()}`);
});

describe('screening.save through the router', () => {
  it("scores the answers itself (a client's score is dropped) and tells open panels", async () => {
    await showOnTab(7, A);
    const reply = await send('screening.save', { tabId: 7, patientFingerprint: A, instrumentId: 'audit-c', answers: positive, mode: 'clinician', score: 0, positive: false });
    expect(reply).toMatchObject({ ok: true, data: { patientFingerprint: A, mode: 'clinician', result: { score: 9, positive: true, action: 'brief-intervention-and-referral' } } });
    expect((await fakeBrowser.storage.session.get('screenings:updated'))['screenings:updated']).toMatchObject({ patientFingerprint: A });
    expect(await db.screenings.count()).toBe(1);
  });

  it('refuses when the tab now shows another patient, or none', async () => {
    await showOnTab(7, 'fp-bbbbbbbb');
    const payload = { tabId: 7, patientFingerprint: A, instrumentId: 'audit-c', answers: positive, mode: 'clinician' };
    expect(await send('screening.save', payload)).toEqual({ ok: false, error: 'The chart now shows another patient; this screening was not saved.' });
    await showOnTab(7, null);
    expect(await send('screening.save', payload)).toEqual({ ok: false, error: 'The chart now shows another patient; this screening was not saved.' });
    expect(await send('screening.save', { ...payload, tabId: 8 })).toMatchObject({ ok: false });
    expect(await db.screenings.count()).toBe(0);
  });

  it('is not accepted from a content script', async () => {
    await showOnTab(7, A);
    const reply = await send('screening.save', { tabId: 7, patientFingerprint: A, instrumentId: 'audit-c', answers: positive, mode: 'clinician' }, fromContent);
    expect(reply).toEqual({ ok: false, error: 'screening.save: not accepted from a content sender' });
  });
});

describe('drafts through the router', () => {
  it('saves, reads back for the same patient only, and discards', async () => {
    expect(await send('draft.save', { kind: 'screening', patientFingerprint: A, data: { instrumentId: 'audit-c', answers: { q1: 'never' } } })).toMatchObject({ ok: true });
    expect(await send('draft.read', { kind: 'screening', patientFingerprint: A })).toMatchObject({ ok: true, data: { data: { instrumentId: 'audit-c', answers: { q1: 'never' } } } });
    expect(await send('draft.read', { kind: 'screening', patientFingerprint: 'fp-bbbbbbbb' })).toEqual({ ok: true, data: null });
    expect(await send('draft.discard', { kind: 'screening', patientFingerprint: A })).toEqual({ ok: true, data: { ok: true } });
    expect(await send('draft.read', { kind: 'screening', patientFingerprint: A })).toEqual({ ok: true, data: null });
  });

  it('rejects an oversized draft and a malformed kind', async () => {
    expect(await send('draft.save', { kind: 'screening', patientFingerprint: A, data: { big: 'x'.repeat(70_000) } })).toMatchObject({ ok: false, error: expect.stringMatching(/64 KB/) });
    expect(await send('draft.save', { kind: 'Screening:evil', patientFingerprint: A, data: {} })).toMatchObject({ ok: false, error: expect.stringMatching(/kind/) });
  });
});

describe('screening.history', () => {
  it('returns the records oldest first with trend labels', async () => {
    await showOnTab(7, A);
    await send('screening.save', { tabId: 7, patientFingerprint: A, instrumentId: 'audit-c', answers: positive, mode: 'clinician' });
    await send('screening.save', { tabId: 7, patientFingerprint: A, instrumentId: 'audit-c', answers: { q1: 'monthly-or-less', q2: '1-2', q3: 'never' }, mode: 'self' });
    const reply = await send('screening.history', { patientFingerprint: A });
    expect(reply).toMatchObject({ ok: true, data: { trends: [{ label: 'AUDIT-C 9 → 1', direction: 'improving' }] } });
    expect((reply as { data: { records: { mode: string }[] } }).data.records.map((r) => r.mode)).toEqual(['clinician', 'self']);
  });
});
