import { describe, expect, it } from 'vitest';
import { assessDsm5, dsm5Criteria, dsm5Severity, Dsm5InputError, substanceClasses } from './dsm5';

const first = (n: number) => dsm5Criteria.slice(0, n).map((c) => c.id);

describe('DSM-5 checklist', () => {
  it('has the 11 criteria', () => {
    expect(dsm5Criteria).toHaveLength(11);
    expect(dsm5Criteria.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
  it.each([
    [0, 'none'], [1, 'none'], [2, 'mild'], [3, 'mild'], [4, 'moderate'], [5, 'moderate'], [6, 'severe'], [11, 'severe'],
  ] as const)('%i criteria → %s', (n, severity) => {
    expect(dsm5Severity(n)).toBe(severity);
    expect(assessDsm5({ substanceId: 'alcohol', criteriaMet: first(n) }).severity).toBe(severity);
  });
  it.each([
    ['alcohol', 2, 'none', 'F10.10', 'Alcohol abuse, uncomplicated'],
    ['alcohol', 4, 'none', 'F10.20', 'Alcohol dependence, uncomplicated'],
    ['alcohol', 7, 'none', 'F10.20', 'Alcohol dependence, uncomplicated'],
    ['alcohol', 3, 'early', 'F10.11', 'Alcohol abuse, in remission'],
    ['opioids', 6, 'sustained', 'F11.21', 'Opioid dependence, in remission'],
    ['cannabis', 2, 'none', 'F12.10', 'Cannabis abuse, uncomplicated'],
    ['sedatives', 5, 'none', 'F13.20', 'Sedative, hypnotic or anxiolytic dependence, uncomplicated'],
    ['cocaine', 4, 'none', 'F14.20', 'Cocaine dependence, uncomplicated'],
    ['other-stimulants', 3, 'none', 'F15.10', 'Other stimulant abuse, uncomplicated'],
    ['hallucinogens', 2, 'none', 'F16.10', 'Hallucinogen abuse, uncomplicated'],
    ['inhalants', 4, 'none', 'F18.20', 'Inhalant dependence, uncomplicated'],
    ['other', 2, 'none', 'F19.10', 'Other psychoactive substance abuse, uncomplicated'],
    ['tobacco', 4, 'none', 'F17.200', 'Nicotine dependence, unspecified, uncomplicated'],
    ['tobacco', 6, 'early', 'F17.201', 'Nicotine dependence, unspecified, in remission'],
    ['tobacco', 2, 'none', 'Z72.0', 'Tobacco use'],
  ] as const)('%s, %i criteria, remission %s → %s', (substanceId, n, remission, code, title) => {
    const a = assessDsm5({ substanceId, criteriaMet: first(n), remission });
    expect(a.icd).toMatchObject({ code, codeTitle: title, requiresClinicianConfirmation: true });
  });
  it('suggests no code below 2 criteria', () => {
    expect(assessDsm5({ substanceId: 'alcohol', criteriaMet: first(1) }).icd).toBeNull();
  });
  it('describes the disorder in non-stigmatizing words', () => {
    expect(assessDsm5({ substanceId: 'alcohol', criteriaMet: first(3) }).description).toBe('alcohol use disorder, mild');
    expect(assessDsm5({ substanceId: 'opioids', criteriaMet: first(6), remission: 'early' }).description).toBe(
      'opioid use disorder, severe, in early remission',
    );
    for (const s of substanceClasses) {
      const text = assessDsm5({ substanceId: s.id, criteriaMet: first(5) }).description;
      expect(text).not.toMatch(/abuse|dependence|addict|alcoholic/i);
    }
  });
  it('does not count tolerance and withdrawal from medication taken as prescribed', () => {
    const a = assessDsm5({ substanceId: 'opioids', criteriaMet: ['tolerance', 'withdrawal', 'craving'], takenAsPrescribed: true });
    expect([a.count, a.severity]).toEqual([1, 'none']);
    // Alcohol is not prescribed, so the flag changes nothing.
    expect(assessDsm5({ substanceId: 'alcohol', criteriaMet: ['tolerance', 'withdrawal'], takenAsPrescribed: true }).count).toBe(2);
  });
  it('does not count withdrawal for hallucinogens or inhalants', () => {
    expect(assessDsm5({ substanceId: 'hallucinogens', criteriaMet: ['withdrawal', 'craving'] }).count).toBe(1);
    expect(assessDsm5({ substanceId: 'inhalants', criteriaMet: ['withdrawal', 'craving'] }).severity).toBe('none');
  });
  it('rejects unknown substances and criteria', () => {
    expect(() => assessDsm5({ substanceId: 'coffee', criteriaMet: [] })).toThrow(Dsm5InputError);
    expect(() => assessDsm5({ substanceId: 'alcohol', criteriaMet: ['hangover'] })).toThrow(/Unknown DSM-5 criterion 'hangover'/);
  });
});
