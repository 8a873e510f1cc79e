import { describe, expect, it } from 'vitest';
import { auditC, dast10, instruments, nidaSingleQuestion, niaaaSingleQuestion, taps } from './instruments';
import { availableInstruments, nextInstrument, suggestInstruments } from './flows';
import { scoreScreening, visibleItems, type CompleteScreening } from './score';
import type { Answers, Instrument } from './instrument';

const scored = (instrument: Instrument, answers: Answers) =>
  scoreScreening(instrument, answers, { sex: 'female', ageYears: 45 }) as CompleteScreening;

describe('nextInstrument', () => {
  it('leads a positive NIAAA question to AUDIT-C, or to AUDIT when AUDIT-C is not enabled', () => {
    const positive = scored(niaaaSingleQuestion, { 'heavy-drinking-days': 2 });
    expect(nextInstrument(positive)?.instrumentId).toBe('audit-c');
    expect(nextInstrument(positive, { enabledIds: ['audit', 'dast-10'] })?.instrumentId).toBe('audit');
    expect(nextInstrument(positive, { enabledIds: ['dast-10'] })).toBeNull();
  });
  it('leads nowhere from a negative single question', () => {
    expect(nextInstrument(scored(niaaaSingleQuestion, { 'heavy-drinking-days': 0 }))).toBeNull();
    expect(nextInstrument(scored(nidaSingleQuestion, { 'drug-use-times': 0 }))).toBeNull();
  });
  it('leads a positive drug question to DAST-10', () => {
    expect(nextInstrument(scored(nidaSingleQuestion, { 'drug-use-times': 1 }))?.instrumentId).toBe('dast-10');
  });
  it('leads AUDIT-C 8+ to the full AUDIT, and 7 nowhere', () => {
    expect(nextInstrument(scored(auditC, { q1: '4-plus-a-week', q2: '5-6', q3: 'weekly' }))?.instrumentId).toBe('audit');
    expect(nextInstrument(scored(auditC, { q1: '4-plus-a-week', q2: '5-6', q3: 'less-than-monthly' }))).toBeNull();
  });
  it('has no follow-up from DAST-10', () => {
    const all = Object.fromEntries(dast10.items.map((i) => [i.id, 'yes']));
    expect(nextInstrument(scored(dast10, all))).toBeNull();
  });
  it('opens TAPS part 2 inside TAPS rather than as a new instrument', () => {
    const part1 = { 'tobacco-12m': 'never', 'alcohol-12m': 'weekly', 'drugs-12m': 'never', 'rx-12m': 'never' };
    expect(visibleItems(taps, part1).length).toBeGreaterThan(4);
  });
});

describe('suggestInstruments', () => {
  const ids = (ageYears: number | null, enabledIds?: string[]) =>
    suggestInstruments({ ageYears, sex: 'unknown', enabledIds }).map((s) => s.instrumentId);

  it.each([
    [11, []],
    [12, ['crafft-2.1']],
    [17, ['crafft-2.1']],
    [18, ['crafft-2.1', 'niaaa-single', 'nida-single', 'audit-c', 'dast-10', 'taps']],
    [21, ['crafft-2.1', 'niaaa-single', 'nida-single', 'audit-c', 'dast-10', 'taps']],
    [22, ['niaaa-single', 'nida-single', 'audit-c', 'dast-10', 'taps']],
    [80, ['niaaa-single', 'nida-single', 'audit-c', 'dast-10', 'taps']],
    [null, ['niaaa-single', 'nida-single', 'audit-c', 'dast-10', 'taps']],
  ])('age %s → %o', (age, expected) => {
    expect(ids(age)).toEqual(expected);
  });
  it('offers S2BI to adolescents only once the clinic opts in', () => {
    expect(ids(14, ['crafft-2.1', 's2bi'])).toEqual(['crafft-2.1', 's2bi']);
    expect(ids(19, ['crafft-2.1', 's2bi', 'audit-c'])).toEqual(['crafft-2.1', 'audit-c']);
  });
  it('suggests only enabled instruments when the clinic lists them', () => {
    expect(ids(40, ['audit-c', 'taps'])).toEqual(['audit-c', 'taps']);
  });
  it('gives a reason with every suggestion', () => {
    for (const s of suggestInstruments({ ageYears: 19, sex: 'male' })) expect(s.reason.length).toBeGreaterThan(10);
  });
  it('suggests only instruments whose age range covers the patient', () => {
    for (const age of [12, 15, 17, 18, 21, 22, 65]) {
      for (const s of suggestInstruments({ ageYears: age, sex: 'female', enabledIds: instruments.map((i) => i.id) })) {
        const { min, max } = instruments.find((i) => i.id === s.instrumentId)!.ages;
        expect(age >= min && (max === undefined || age <= max), `${s.instrumentId} at ${age}`).toBe(true);
      }
    }
  });
});

describe('availableInstruments', () => {
  it('hides opt-in instruments until the clinic opts in', () => {
    expect(availableInstruments().map((i) => i.id)).not.toContain('cage-aid');
    expect(availableInstruments(['cage-aid']).map((i) => i.id)).toContain('cage-aid');
  });
});
