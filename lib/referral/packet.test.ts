import { describe, expect, it } from 'vitest';
import { isValidNpi, levelOfCareLabel, PART2_REDISCLOSURE_NOTICE, referralPacket, ReferralPacketError } from './packet';
import { referralCsv, referralLetterSections, referralLetterText } from './letter';
import { draftReferral, transition } from './status';
import { samplePacket, samplePacketInput } from '../../tests/fixtures/forms/sample-packet';

describe('referralPacket', () => {
  it('accepts a complete packet and carries the §2.32 notice by default', () => {
    const p = samplePacket();
    expect(p.redisclosureNotice).toBe(PART2_REDISCLOSURE_NOTICE);
    expect(PART2_REDISCLOSURE_NOTICE).toMatch(/^This record which has been disclosed to you is protected by Federal confidentiality rules \(42 CFR part 2\)\./);
    expect(PART2_REDISCLOSURE_NOTICE).toMatch(/NOT sufficient to meet the required elements of written consent to further use or redisclose the record \(see 42 CFR 2\.31\)\.$/);
  });

  it('names every problem and saves nothing', () => {
    const input = samplePacketInput({ providers: [], urgency: 'whenever' as never, referringClinician: { name: 'Dr X', npi: '1234567890' } });
    try {
      referralPacket(input);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ReferralPacketError);
      const problems = (e as ReferralPacketError).problems.join('\n');
      expect(problems).toMatch(/providers/);
      expect(problems).toMatch(/urgency/);
      expect(problems).toMatch(/referringClinician\.npi/);
      expect((e as Error).message).toMatch(/Nothing was saved/);
    }
  });

  it('rejects a score above the maximum and a level of care from the wrong ASAM edition', () => {
    expect(() => referralPacket(samplePacketInput({ screening: { ...samplePacketInput().screening, score: 13 } }))).toThrow(/score/);
    expect(() => referralPacket(samplePacketInput({ levelOfCare: { edition: 'ASAM-4', level: '3.3' } }))).toThrow(/levelOfCare/);
    expect(levelOfCareLabel({ edition: 'ASAM-4', level: '2.7' })).toBe('ASAM 2.7 Medically managed intensive outpatient treatment (4th ed.)');
  });

  it('checks NPI check digits (CMS Luhn over 80840)', () => {
    expect(isValidNpi('1234567893')).toBe(true);
    expect(isValidNpi('1234567890')).toBe(false);
    expect(isValidNpi('123456789')).toBe(false);
  });
});

describe('referralLetterText', () => {
  const letter = referralLetterText(samplePacket());

  it('has every part a receiving clinic needs, and the redisclosure notice last', () => {
    for (const part of ['Harbor Recovery Center', 'Jane Q Testpatient', '1980-04-09', 'MRN12345', 'AUDIT-C: 9 of 12, high risk (positive screen)', 'F10.20', 'ASAM 2.1 Intensive outpatient services', 'Urgency: Urgent', 'Dr. Ana Rivera (NPI 1234567893)', 'Prefers afternoon appointments.']) {
      expect(letter).toContain(part);
    }
    expect(letter.trimEnd().endsWith(PART2_REDISCLOSURE_NOTICE)).toBe(true);
  });

  it("uses no stigmatizing words of its own (NIDA 'Words Matter')", () => {
    const own = referralLetterSections(samplePacket({ reason: 'x', notes: '', diagnoses: [] }))
      .filter((s) => !s.heading.startsWith('Confidentiality'))
      .flatMap((s) => [s.heading, ...s.lines])
      .join('\n');
    expect(own).not.toMatch(/\b(addict|abuser|abuse|alcoholic|junkie|clean|dirty|substitution|replacement)\b/i);
  });
});

describe('referralCsv', () => {
  it('quotes every cell, neutralises formulas, one row per referral', () => {
    const a = draftReferral(samplePacket(), new Date('2026-11-23T13:00:00Z'));
    const b = transition(draftReferral(samplePacket({ id: 'ref-2', notes: '', reason: 'x', patient: { ...samplePacketInput().patient, name: '=HYPERLINK("x")' } }), new Date('2026-11-23T13:00:00Z')), 'sent', new Date('2026-11-24T09:00:00Z'));
    const csv = referralCsv([a, b]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('"referral_id","created_at","patient_name","patient_mrn","patient_birth_date","provider","provider_phone","urgency","instrument","score","risk_level","status","status_since","appointment_on","follow_up_on"');
    expect(lines[2]).toContain('"\'=HYPERLINK(""x"")"');
    expect(lines[2]).toContain('"sent","2026-11-24T09:00:00.000Z"');
    expect(lines[2]).toContain('"2026-12-01"');
  });
});
