import { describe, expect, it } from 'vitest';
import { builtInAdapters } from '../ehr/adapters';
import { plannerMappingOf, referralMappingFor } from './adapter-mapping';

describe('plannerMappingOf', () => {
  it('keys each adapter field by the packet value it receives and drops a leading tag name', () => {
    expect(
      plannerMappingOf({
        patientName: '#ref-patient',
        referredTo: 'input[name="facility"]',
        facilityPhone: 'input[name=phone]',
        facilityAddress: '#addr',
        referralDate: 'input#when',
        urgency: 'select[name="priority"]',
        levelOfCare: 'input[name="levelOfCare"]',
        diagnosis: '#dx',
        reason: 'textarea[name="indication"]',
        consent: '#roi',
        notes: '.order-form textarea.comments',
      }),
    ).toEqual({
      'patient.name': '#ref-patient',
      'provider.name': '[name="facility"]',
      'provider.phone': '[name=phone]',
      'provider.address': '#addr',
      'referral.date': '#when',
      'referral.urgency': '[name="priority"]',
      'referral.levelOfCare': '[name="levelOfCare"]',
      'referral.diagnosis': '#dx',
      'referral.reason': '[name="indication"]',
      'referral.consentOnFile': '#roi',
      // Not a form the planner matches by id or name: passed on, so the planner can warn about it.
      'referral.notes': '.order-form textarea.comments',
    });
  });

  it('returns nothing for an adapter without referral fields', () => {
    expect(plannerMappingOf({})).toEqual({});
  });
});

describe('referralMappingFor', () => {
  it('picks the built-in adapter of the demo page holding the referral form', () => {
    expect(referralMappingFor('http://127.0.0.1:4173/iframe-chart/p03', builtInAdapters)).toMatchObject({ 'provider.name': '[name="facility"]', 'referral.notes': '[name="comments"]' });
    expect(referralMappingFor('http://127.0.0.1:4173/chart/p01/referral', builtInAdapters)).toMatchObject({ 'provider.name': '#ref-to' });
  });

  it('gives no mapping off the adapter’s referral-form pages or on an unknown EHR', () => {
    expect(referralMappingFor('http://127.0.0.1:4173/chart/p01', builtInAdapters)).toBeUndefined();
    expect(referralMappingFor('https://ehr.example.org/referral', builtInAdapters)).toBeUndefined();
  });

  it('takes the first matching adapter, so a clinic policy adapter listed first wins', () => {
    const clinic = { ...builtInAdapters[0]!, id: 'clinic', referralForm: { form: 'form', fields: { notes: '#clinic-notes' } } };
    expect(referralMappingFor('http://127.0.0.1:4173/chart/p01/referral', [clinic, ...builtInAdapters])).toEqual({ 'referral.notes': '#clinic-notes' });
  });
});
