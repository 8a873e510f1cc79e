import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { consentCovers, consentStatus, recordConsent, revoke, ConsentError } from './consent';
import { sampleConsentInput } from '../../tests/fixtures/forms/sample-consent';

const now = new Date('2026-11-24T10:00:00Z');
const consent = recordConsent(sampleConsentInput());

describe('recordConsent (§2.31 elements)', () => {
  it('accepts a complete consent and defaults the permitted actions', () => {
    expect(consent.permittedActions).toEqual(['fill-form', 'print', 'export', 'send']);
    expect(consentStatus(consent, now)).toBe('active');
  });

  it('names every missing element', () => {
    const bad = { ...sampleConsentInput(), recipients: [], information: { kinds: ['diagnosis'], sudDescription: 'health records generally' } };
    try {
      recordConsent(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConsentError);
      const problems = (e as ConsentError).problems.join('\n');
      expect(problems).toContain('recipients');
      expect(problems).toContain('substance use');
    }
  });

  it('allows a general designation only for treatment, payment or operations', () => {
    const general = { recipients: [{ kind: 'general-designation' as const, designation: 'my treating providers' }] };
    expect(() => recordConsent(sampleConsentInput(general))).not.toThrow();
    expect(() => recordConsent(sampleConsentInput({ ...general, purpose: { kind: 'other', text: 'research study' } }))).toThrow(/general designation/);
  });

  it('requires the authority of an authorized person and a witness for verbal consent', () => {
    expect(() => recordConsent(sampleConsentInput({ signature: { signedBy: 'authorized-person', name: 'Pat Guardian', date: '2026-11-23', method: 'electronic' } }))).toThrow(/authority/);
    expect(() => recordConsent(sampleConsentInput({ signature: { signedBy: 'patient', name: 'Jane', date: '2026-11-23', method: 'verbal-attested' } }))).toThrow(/attests/);
  });
});

describe('consentStatus, revoke and consentCovers', () => {
  it('covers the named recipient for each permitted action', () => {
    for (const action of ['fill-form', 'print', 'export', 'send'] as const) {
      expect(consentCovers(consent, { recipientId: 'prov-harbor', action, now })).toEqual({ ok: true });
    }
    expect(consentCovers(consent, { recipientName: 'harbor recovery center', action: 'send', now })).toEqual({ ok: true });
  });

  it('refuses a recipient the patient did not name', () => {
    expect(consentCovers(consent, { recipientName: 'Other Clinic', action: 'send', now })).toMatchObject({ ok: false, reason: 'recipient-not-named' });
  });

  it('a revoked consent blocks everything from the moment of revocation', () => {
    const revoked = revoke(consent, new Date('2026-11-24T09:00:00Z'), 'Jane Q Testpatient (by phone)');
    expect(consentStatus(revoked, new Date('2026-11-24T08:59:59Z'))).toBe('active');
    expect(consentStatus(revoked, now)).toBe('revoked');
    const check = consentCovers(revoked, { recipientId: 'prov-harbor', action: 'fill-form', now });
    expect(check).toMatchObject({ ok: false, reason: 'revoked' });
    expect(!check.ok && check.message).toContain('2026-11-24');
    expect(revoke(revoked, new Date('2026-12-01T00:00:00Z'), 'someone').revokedAt).toBe(revoked.revokedAt);
  });

  it('expires after the end of its expiry date, or when its event happened', () => {
    expect(consentStatus(consent, new Date('2027-11-23T23:59:59Z'))).toBe('active');
    expect(consentStatus(consent, new Date('2027-11-24T00:00:00Z'))).toBe('expired');
    const byEvent = recordConsent(sampleConsentInput({ expiry: { kind: 'event', event: 'discharge from treatment', occurredOn: null } }));
    expect(consentStatus(byEvent, now)).toBe('active');
    const happened = { ...byEvent, expiry: { kind: 'event' as const, event: 'discharge from treatment', occurredOn: '2026-11-24' } };
    expect(consentCovers(happened, { recipientId: 'prov-harbor', action: 'print', now })).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuses actions the consent does not permit', () => {
    const printOnly = recordConsent(sampleConsentInput({ permittedActions: ['print'] }));
    expect(consentCovers(printOnly, { recipientId: 'prov-harbor', action: 'send', now })).toMatchObject({ ok: false, reason: 'action-not-permitted' });
  });

  it('property: after revocation no action is ever covered', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2026-11-23T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.constantFrom('fill-form', 'print', 'export', 'send' as const),
        (revokedAt, laterMs, action) => {
          const r = revoke(consent, revokedAt, 'x');
          return !consentCovers(r, { recipientId: 'prov-harbor', action, now: new Date(revokedAt.getTime() + laterMs) }).ok;
        },
      ),
      { numRuns: 10_000 },
    );
  });
});
