import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sexSchema } from '../ehr/patient';
import { defineInstrument, InstrumentDefinitionError } from './instrument';
import { auditC, dast10, instruments } from './instruments';
import { CutoffOverrideError, InvalidAnswerError, missingItems, scoreScreening, visibleItems } from './score';
import { fullAnswers, partialAnswers } from './test-support';

const patient = fc.record({
  sex: fc.constantFrom(...sexSchema.options),
  ageYears: fc.option(fc.integer({ min: 12, max: 100 }), { nil: null }),
});
const RUNS = 10_000;

describe.each(instruments.map((i) => [i.id, i] as const))('%s properties', (_id, instrument) => {
  it(`scores every complete answer set within ${instrument.scoring.range.min}–${instrument.scoring.range.max} (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fullAnswers(instrument), patient, (answers, who) => {
        const r = scoreScreening(instrument, answers, who);
        if (r.status !== 'complete') return false;
        const levels = instrument.riskLevels.map((l) => l.id);
        return (
          r.score >= instrument.scoring.range.min &&
          r.score <= instrument.scoring.range.max &&
          levels.includes(r.riskLevel) &&
          r.positive === r.score >= r.cutoff.atLeast &&
          Object.keys(r.answers).length === visibleItems(instrument, answers).length
        );
      }),
      { numRuns: RUNS },
    );
  });

  it(`never scores an incomplete answer set (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(partialAnswers(instrument), patient, (answers, who) => {
        const r = scoreScreening(instrument, answers, who);
        const missing = missingItems(instrument, answers);
        if (missing.length > 0) return r.status === 'incomplete' && r.missing.join() === missing.join() && !('score' in r);
        return r.status === 'complete';
      }),
      { numRuns: RUNS },
    );
  });

  it('turns incomplete when any asked answer is removed, and re-scores its own answers identically', () => {
    fc.assert(
      fc.property(fullAnswers(instrument), patient, fc.nat(), (answers, who, pick) => {
        const r = scoreScreening(instrument, answers, who);
        if (r.status !== 'complete') return false;
        const again = scoreScreening(instrument, r.answers, who);
        if (JSON.stringify(again) !== JSON.stringify(r)) return false;
        const asked = Object.keys(r.answers);
        const removed = asked[pick % asked.length]!;
        const { [removed]: _gone, ...rest } = r.answers;
        const partial = scoreScreening(instrument, rest, who);
        return partial.status === 'incomplete' && partial.missing.includes(removed);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('scoreScreening errors', () => {
  const who = { sex: 'male' as const, ageYears: 40 };
  it('rejects an option the item does not have, naming the allowed ones', () => {
    expect(() => scoreScreening(auditC, { q1: 'sometimes' }, who)).toThrow(InvalidAnswerError);
    expect(() => scoreScreening(auditC, { q1: 'sometimes' }, who)).toThrow(/'sometimes' is not one of never, monthly-or-less/);
  });
  it('rejects unknown items and out-of-range counts', () => {
    expect(() => scoreScreening(dast10, { q11: 'yes' }, who)).toThrow(/item 'q11': there is no such item/);
    const niaaa = instruments.find((i) => i.id === 'niaaa-single')!;
    expect(() => scoreScreening(niaaa, { 'heavy-drinking-days': -1 }, who)).toThrow(/whole number from 0 to 366/);
    expect(() => scoreScreening(niaaa, { 'heavy-drinking-days': 2.5 }, who)).toThrow(InvalidAnswerError);
    expect(() => scoreScreening(niaaa, { 'heavy-drinking-days': 'two' }, who)).toThrow(InvalidAnswerError);
  });
  it('rejects a cut-off override outside what the source allows, and ignores other instruments\' keys', () => {
    expect(() => scoreScreening(auditC, {}, { ...who, cutoffOverrides: { 'audit-c.men': 9 } })).toThrow(CutoffOverrideError);
    expect(scoreScreening(auditC, {}, { ...who, cutoffOverrides: { 'dast-10.everyone': 2 } }).status).toBe('incomplete');
  });
  it('reports missing items in form order', () => {
    expect(scoreScreening(auditC, {}, who)).toEqual({ status: 'incomplete', instrumentId: 'audit-c', missing: ['q1', 'q2', 'q3'] });
  });
  it('records instrument version, rationale and only the asked answers', () => {
    const r = scoreScreening(auditC, { q1: '2-3-a-week', q2: '3-4', q3: 'monthly' }, who);
    expect(r).toMatchObject({
      status: 'complete',
      instrumentVersion: auditC.version,
      score: 6,
      answers: { q1: '2-3-a-week', q2: '3-4', q3: 'monthly' },
    });
    expect(r.status === 'complete' && r.rationale).toMatch(/^AUDIT-C score 6 \(range 0–12\); positive at the cut-off of 4 or more/);
  });
});

describe('defineInstrument', () => {
  const valid = {
    id: 'demo',
    name: 'Demo',
    shortName: 'Demo',
    version: '1',
    source: 'Test',
    ages: { min: 18 },
    introKey: 'demo_intro',
    items: [{ id: 'a', kind: 'choice' as const, promptKey: 'demo_a', options: [{ value: 'no', labelKey: 'answer_no', points: 0 }, { value: 'yes', labelKey: 'answer_yes', points: 1 }] }],
    scoring: { total: { kind: 'sum' as const, items: ['a'] }, range: { min: 0, max: 1 }, description: 'x' },
    cutoffs: [{ id: 'demo.all', atLeast: 1, allowed: { min: 1, max: 1 }, source: 'x' }],
    riskLevels: [{ id: 'any', label: 'Any', when: { score: {} }, action: 'none' as const, guidance: 'x' }],
    licence: { attribution: 'x', terms: 'x', termsVerified: true, requiresClinicOptIn: false },
  };
  it('accepts valid data', () => {
    expect(defineInstrument(valid).id).toBe('demo');
  });
  it('rejects references to unknown items', () => {
    expect(() => defineInstrument({ ...valid, items: [{ ...valid.items[0]!, skipIf: { answer: 'zz', is: 'yes' } }] })).toThrow(
      /unknown item 'zz'/,
    );
  });
  it('rejects an unscored item in the total and a default cut-off outside its allowed range', () => {
    expect(() => defineInstrument({ ...valid, items: [{ ...valid.items[0]!, scored: false }] })).toThrow(InstrumentDefinitionError);
    expect(() => defineInstrument({ ...valid, cutoffs: [{ ...valid.cutoffs[0]!, atLeast: 3 }] })).toThrow(/outside its allowed range/);
  });
  it('rejects message keys Chrome would not accept', () => {
    expect(() => defineInstrument({ ...valid, introKey: 'demo-intro' })).toThrow(/message keys/);
  });
});
