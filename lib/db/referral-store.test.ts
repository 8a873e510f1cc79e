import { describe, expect, it } from 'vitest';
import { recordConsent, revoke } from '../consent/consent';
import { draftReferral, nextFollowUpOn, transition } from '../referral/status';
import { samplePacket } from '../../tests/fixtures/forms/sample-packet';
import { sampleConsentInput } from '../../tests/fixtures/forms/sample-consent';
import { BridgeDatabase } from './database';
import {
  allReferrals,
  consentOf,
  consentsOf,
  coveringConsent,
  followUpReminderAt,
  referralOf,
  referralsOf,
  saveConsent,
  saveReferral,
  WrongPatientRecordError,
} from './referral-store';

const newDb = () => new BridgeDatabase(`referrals-${Math.random()}`);
const NOW = '2026-11-23T13:00:00.000Z';

describe('referral store', () => {
  it('stores a referral under its patient and reads it back whole, indexed by status and follow-up date', async () => {
    const db = newDb();
    const packet = samplePacket();
    const record = draftReferral(packet, new Date(NOW));
    await saveReferral(db, record, NOW);
    expect(await referralsOf(db, packet.patient.fingerprint)).toEqual([record]);
    expect(await referralOf(db, packet.patient.fingerprint, record.id)).toEqual(record);
    expect(await db.referrals.where('status').equals('drafted').count()).toBe(1);
    expect(await db.referrals.where('followUpOn').equals('2026-11-25').count()).toBe(1);
  });

  it('never returns one patient’s referral or consent for another patient', async () => {
    const db = newDb();
    const packet = samplePacket();
    await saveReferral(db, draftReferral(packet, new Date(NOW)), NOW);
    const consent = recordConsent(sampleConsentInput());
    await saveConsent(db, consent, NOW);
    expect(await referralsOf(db, 'fp-someone-else')).toEqual([]);
    await expect(referralOf(db, 'fp-someone-else', packet.id)).rejects.toBeInstanceOf(WrongPatientRecordError);
    expect(await consentsOf(db, 'fp-someone-else')).toEqual([]);
    await expect(consentOf(db, 'fp-someone-else', consent.id)).rejects.toBeInstanceOf(WrongPatientRecordError);
  });

  it('replaces a referral on status change and lists every patient’s referrals clinic-wide, newest first', async () => {
    const db = newDb();
    const a = draftReferral(samplePacket(), new Date(NOW));
    const b = draftReferral(
      samplePacket({ id: 'ref-0002', createdAt: '2026-11-24T09:00:00Z', patient: { ...samplePacket().patient, fingerprint: 'fp-second-999', name: 'Sam Other' } }),
      new Date('2026-11-24T09:00:00Z'),
    );
    await saveReferral(db, a, NOW);
    await saveReferral(db, b, NOW);
    await saveReferral(db, transition(a, 'sent', new Date(NOW)), NOW);
    const all = await allReferrals(db);
    expect(all.map((r) => [r.id, r.status])).toEqual([
      ['ref-0002', 'drafted'],
      ['ref-0001', 'sent'],
    ]);
  });

  it('skips a stored row that no longer validates instead of showing half a record', async () => {
    const db = newDb();
    const packet = samplePacket();
    await saveReferral(db, draftReferral(packet, new Date(NOW)), NOW);
    await db.referrals.put({ id: 'broken', patientFingerprint: packet.patient.fingerprint, updatedAt: NOW, status: 'sent' });
    expect((await referralsOf(db, packet.patient.fingerprint)).map((r) => r.id)).toEqual([packet.id]);
  });

  it('keeps a revoked consent, newest first, with its revocation', async () => {
    const db = newDb();
    const first = recordConsent(sampleConsentInput());
    const second = recordConsent({ ...sampleConsentInput(), id: 'consent-0002', createdAt: '2026-11-23T14:00:00Z' });
    await saveConsent(db, first, NOW);
    await saveConsent(db, second, NOW);
    await saveConsent(db, revoke(first, new Date(NOW), 'the patient'), NOW);
    const list = await consentsOf(db, first.patientFingerprint);
    expect(list.map((c) => c.id)).toEqual(['consent-0002', first.id]);
    expect(list[1]!.revokedBy).toBe('the patient');
  });
});

describe('followUpReminderAt', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  it('is null with nothing to follow up', () => {
    expect(followUpReminderAt(null, now, null)).toBeNull();
  });
  it('fires at 14:00 UTC on a future follow-up day', () => {
    expect(followUpReminderAt('2026-11-25', now, null)).toBe(Date.parse('2026-11-25T14:00:00Z'));
  });
  it('fires now when a follow-up is due and no reminder was shown today', () => {
    expect(followUpReminderAt('2026-11-20', now, '2026-11-22')).toBe(now.getTime());
    expect(followUpReminderAt('2026-11-23', now, null)).toBe(now.getTime());
  });
  it('waits for tomorrow once today’s reminder was shown', () => {
    expect(followUpReminderAt('2026-11-20', now, '2026-11-23')).toBe(Date.parse('2026-11-24T14:00:00Z'));
  });
  it('takes the earliest open follow-up (nextFollowUpOn) as its input', () => {
    const a = draftReferral(samplePacket(), new Date(NOW));
    const closed = transition(a, 'closed', new Date(NOW));
    expect(followUpReminderAt(nextFollowUpOn([closed]), now, null)).toBeNull();
  });
});

describe('coveringConsent', () => {
  const harbor = [{ id: 'prov-harbor', name: 'Harbor Recovery Center' }];
  const at = new Date('2026-11-23T15:00:00Z');
  it('asks for a consent when there is none', () => {
    expect(coveringConsent([], harbor, 'fill-form', at)).toEqual({ ok: false, message: 'Record the patient’s consent (42 CFR Part 2) before you fill form.' });
  });
  it('finds the active consent that names every chosen provider', () => {
    const consent = recordConsent(sampleConsentInput());
    expect(coveringConsent([consent], harbor, 'export', at)).toEqual({ ok: true, consent });
  });
  it('gives the revocation as the reason once the only consent is revoked', () => {
    const revoked = revoke(recordConsent(sampleConsentInput()), new Date('2026-11-23T14:00:00Z'), 'the patient');
    const check = coveringConsent([revoked], harbor, 'print', at);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.message).toMatch(/^The patient's consent was revoked on 2026-11-23 \(recorded by the patient\)/);
  });
  it('refuses when one of two providers is not among the consent’s recipients', () => {
    const consent = recordConsent(sampleConsentInput());
    const check = coveringConsent([consent], [...harbor, { id: 'prov-other', name: 'Lakeside Clinic' }], 'fill-form', at);
    expect(check).toMatchObject({ ok: false });
    expect(!check.ok && check.message).toMatch(/^Lakeside Clinic is not among the recipients/);
  });
  it('uses a later active consent when an earlier one was revoked', () => {
    const revoked = revoke(recordConsent(sampleConsentInput()), new Date('2026-11-23T14:00:00Z'), 'the patient');
    const fresh = recordConsent({ ...sampleConsentInput(), id: 'consent-0002' });
    expect(coveringConsent([revoked, fresh], harbor, 'fill-form', at)).toEqual({ ok: true, consent: fresh });
  });
});
