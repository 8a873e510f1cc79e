/* eslint-disable @typescript-eslint/no-explicit-any -- assertions walk FHIR JSON freely; the schema check types it. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import { fhirR4Validator } from '../../tests/support/fhir-r4-schema';
import { referralBundle, BRIDGE_IDENTIFIER_SYSTEM, type ScreeningResultInput } from './bundle';
import { sendReferralBundle } from './send';
import { SUD_SECURITY_LABELS } from './security';
import { recordConsent, revoke } from '../consent/consent';
import { samplePacket } from '../../tests/fixtures/forms/sample-packet';
import { sampleConsentInput } from '../../tests/fixtures/forms/sample-consent';

let validate: ValidateFunction;

beforeAll(() => {
  validate = fhirR4Validator();
}, 120_000);

const screening: ScreeningResultInput = {
  instrumentId: 'audit-c',
  instrumentName: 'AUDIT-C',
  loincPanel: '72109-2',
  totalScoreLoinc: '75626-2',
  completedAt: '2026-11-20T15:04:00Z',
  score: 9,
  answers: [
    { linkId: 'q1', text: 'How often do you have a drink containing alcohol?', loinc: '68518-0', answer: { code: '4', display: '4 or more times a week' } },
    { linkId: 'q2', text: 'How many standard drinks containing alcohol do you have on a typical day?', loinc: '68519-8', answer: { code: '3', display: '7 to 9' } },
    { linkId: 'q3', text: 'How often do you have six or more drinks on one occasion?', loinc: '68520-6', answer: { code: '2', display: 'Monthly' } },
  ],
};
const now = new Date('2026-11-23T14:00:00Z');
let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

function build(type: 'collection' | 'transaction', consent = recordConsent(sampleConsentInput())) {
  return referralBundle({ packet: samplePacket(), screening, consent, type, now, uuid });
}

const byType = (b: ReturnType<typeof build>, t: string) => b.entry.filter((e) => e.resource.resourceType === t).map((e) => e.resource as Record<string, any>);

describe('referralBundle', () => {
  it('a collection bundle validates against the FHIR R4 JSON schema', () => {
    const bundle = build('collection');
    const ok = validate(bundle);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('a transaction bundle validates and POSTs each entry', () => {
    const bundle = build('transaction');
    expect(validate(bundle), JSON.stringify(validate.errors)).toBe(true);
    expect(bundle.entry.every((e) => e.request?.method === 'POST' && e.request.url === e.resource.resourceType)).toBe(true);
  });

  it('the validator is not a rubber stamp (it catches unknown and missing elements)', () => {
    // The R4 JSON schema does not type Reference as an object, does not enumerate `code` values
    // and requires only `subject` on ServiceRequest, so status, intent and priority are asserted
    // separately below.
    const misspelt = build('collection');
    byType(misspelt, 'ServiceRequest')[0]!.reasonCodes = [];
    expect(validate(misspelt)).toBe(false);
    const missing = build('collection');
    delete byType(missing, 'ServiceRequest')[0]!.subject;
    expect(validate(missing)).toBe(false);
    const badGender = build('collection');
    byType(badGender, 'Patient')[0]!.gender = 'F';
    expect(validate(badGender)).toBe(false);
  });

  it('has the resources and references the referral needs', () => {
    const bundle = build('collection');
    expect(bundle.entry.map((e) => e.resource.resourceType).sort()).toEqual(
      ['Consent', 'Location', 'Organization', 'Organization', 'Patient', 'Practitioner', 'Questionnaire', 'QuestionnaireResponse', 'ServiceRequest'].sort(),
    );
    const urls = new Set(bundle.entry.map((e) => e.fullUrl));
    const sr = byType(bundle, 'ServiceRequest')[0]!;
    expect(sr).toMatchObject({ status: 'active', intent: 'order', priority: 'urgent', authoredOn: '2026-11-23T13:00:00Z' });
    for (const ref of [sr.subject.reference, sr.requester.reference, ...sr.performer.map((p: any) => p.reference), ...sr.supportingInfo.map((s: any) => s.reference)]) {
      expect(urls.has(ref), ref).toBe(true);
    }
    expect(sr.reasonCode[1].coding[0]).toEqual({ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'F10.20', display: 'Alcohol dependence, uncomplicated' });
    expect(sr.note.at(-1).text).toContain('42 CFR part 2');
  });

  it('codes the screening with the LOINC codes it was given, and only those', () => {
    const bundle = build('collection');
    const q = byType(bundle, 'Questionnaire')[0]!;
    expect(q.code).toEqual([{ system: 'http://loinc.org', code: '72109-2', display: 'AUDIT-C' }]);
    expect(q.item.map((i: any) => i.code?.[0]?.code)).toEqual(['68518-0', '68519-8', '68520-6', '75626-2']);
    const qr = byType(bundle, 'QuestionnaireResponse')[0]!;
    expect(qr.questionnaire).toBe(q.url);
    expect(qr.item.at(-1)).toMatchObject({ linkId: 'total-score', answer: [{ valueInteger: 9 }] });
    const uncoded = referralBundle({ packet: samplePacket(), screening: { ...screening, loincPanel: undefined, answers: [{ linkId: 'x', text: 'x', answer: true }] }, consent: null, type: 'collection', now, uuid });
    expect(validate(uncoded), JSON.stringify(validate.errors)).toBe(true);
    expect(byType(uncoded, 'Questionnaire')[0]!.code).toBeUndefined();
  });

  it('labels SUD-bearing resources R, ETH, 42CFRPart2, NORDSCLCD; the Patient is not labelled', () => {
    const bundle = build('collection');
    for (const t of ['ServiceRequest', 'QuestionnaireResponse', 'Consent']) {
      expect(byType(bundle, t)[0]!.meta.security.map((c: any) => c.code)).toEqual(['R', 'ETH', '42CFRPart2', 'NORDSCLCD']);
    }
    expect((bundle.meta as any).security).toEqual(SUD_SECURITY_LABELS);
    expect(byType(bundle, 'Patient')[0]!.meta).toBeUndefined();
  });

  it("puts Bridge's identifier system on every resource", () => {
    const bundle = build('collection');
    for (const e of bundle.entry) {
      const ids = ([] as any[]).concat(e.resource.identifier);
      expect(ids.some((i) => i.system?.startsWith(BRIDGE_IDENTIFIER_SYSTEM)), e.resource.resourceType).toBe(true);
    }
  });

  it('writes a revoked consent as inactive', () => {
    const revoked = revoke(recordConsent(sampleConsentInput()), new Date('2026-11-23T13:30:00Z'), 'patient');
    expect(byType(build('collection', revoked), 'Consent')[0]!.status).toBe('inactive');
  });
});

describe('sendReferralBundle', () => {
  const okFetch = async () => ({ status: 201, headers: { get: () => 'Bundle/1' } });
  const consent = recordConsent(sampleConsentInput());

  it('sends only with a consent that covers sending to that recipient', async () => {
    const bundle = build('transaction');
    const calls: string[] = [];
    const fetch = async (url: string) => (calls.push(url), okFetch());
    expect(await sendReferralBundle({ bundle, endpoint: 'https://fhir.example/r4', consent: null, recipientId: 'prov-harbor', now, fetch })).toMatchObject({ ok: false, reason: 'no-consent' });
    const revoked = revoke(consent, new Date('2026-11-23T13:30:00Z'), 'patient');
    expect(await sendReferralBundle({ bundle, endpoint: 'https://fhir.example/r4', consent: revoked, recipientId: 'prov-harbor', now, fetch })).toMatchObject({ ok: false, reason: 'no-consent' });
    expect(calls).toEqual([]);
    expect(await sendReferralBundle({ bundle, endpoint: 'https://fhir.example/r4', consent, recipientId: 'prov-harbor', now, fetch })).toEqual({ ok: true, status: 201, attempts: 1, location: 'Bundle/1' });
  });

  it('retries 5xx and network errors, not 4xx', async () => {
    const bundle = build('transaction');
    const answers = [() => Promise.reject(new Error('offline')), async () => ({ status: 503, headers: { get: () => null } }), okFetch];
    let i = 0;
    const res = await sendReferralBundle({ bundle, endpoint: 'x', consent, recipientId: 'prov-harbor', now, fetch: () => answers[i++]!(), sleep: async () => {} });
    expect(res).toMatchObject({ ok: true, attempts: 3 });
    let calls = 0;
    const rejected = await sendReferralBundle({ bundle, endpoint: 'x', consent, recipientId: 'prov-harbor', now, fetch: async () => (calls++, { status: 422, headers: { get: () => null } }), sleep: async () => {} });
    expect(rejected).toMatchObject({ ok: false, reason: 'rejected', status: 422 });
    expect(calls).toBe(1);
  });
});
