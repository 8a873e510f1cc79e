import { describe, expect, it } from 'vitest';
import { samePatientAndPage } from './verify';

describe('samePatientAndPage', () => {
  const planned = { patientFingerprint: 'fp-aaaaaaaa', url: 'http://ehr.example/chart/1/referral#top' };
  it('passes on the same patient and page, whatever the fragment', () => {
    expect(samePatientAndPage(planned, () => ({ ...planned, url: 'http://ehr.example/chart/1/referral#notes' }))()).toEqual({ ok: true });
  });
  it('fails with a reason when the patient, the page, or the reading changed', () => {
    expect(samePatientAndPage(planned, () => ({ ...planned, patientFingerprint: 'fp-bbbbbbbb' }))()).toMatchObject({ ok: false, reason: expect.stringContaining('patient') });
    expect(samePatientAndPage(planned, () => ({ ...planned, url: 'http://ehr.example/chart/2/referral' }))()).toMatchObject({ ok: false, reason: expect.stringContaining('page changed') });
    expect(samePatientAndPage(planned, () => null)()).toMatchObject({ ok: false });
  });
});
