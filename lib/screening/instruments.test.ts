import { describe, expect, it } from 'vitest';
import type { Sex } from '../ehr/patient';
import { audit, auditC, cageAid, crafft21, dast10, nidaSingleQuestion, niaaaSingleQuestion, s2bi, taps } from './instruments';
import { promptKeyFor, type Answers, type Instrument } from './instrument';
import { scoreScreening, visibleItems, type CompleteScreening } from './score';
import { byPoints } from './test-support';

const complete = (instrument: Instrument, answers: Answers, sex: Sex = 'unknown', ageYears: number | null = 40) => {
  const result = scoreScreening(instrument, answers, { sex, ageYears });
  if (result.status !== 'complete') throw new Error(`expected complete, missing ${result.missing.join(',')}`);
  return result as CompleteScreening;
};

describe('NIAAA single alcohol question', () => {
  it.each([
    [0, false, 'negative', 'positive-feedback'],
    [1, true, 'at-risk', 'brief-intervention'],
    [52, true, 'at-risk', 'brief-intervention'],
  ])('%i heavy drinking days → positive %s (%s)', (days, positive, level, action) => {
    const r = complete(niaaaSingleQuestion, { 'heavy-drinking-days': days });
    expect([r.score, r.positive, r.riskLevel, r.action]).toEqual([days, positive, level, action]);
  });

  // NIAAA Clinician's Guide 2005, Step 1: 5 drinks for men, 4 for women, with no age rule.
  it.each([
    ['female', 30, 'niaaa_q_four'],
    ['female', 70, 'niaaa_q_four'],
    ['male', 30, 'niaaa_q_five'],
    ['male', 65, 'niaaa_q_five'],
    ['male', 66, 'niaaa_q_five'],
    ['unknown', 40, 'niaaa_q'],
    ['other', null, 'niaaa_q'],
  ] as const)('asks a %s patient aged %s with %s', (sex, ageYears, key) => {
    expect(promptKeyFor(niaaaSingleQuestion.items[0]!, { sex, ageYears })).toBe(key);
  });
});

describe('NIDA single drug question', () => {
  it.each([
    [0, false, 'negative'],
    [1, true, 'positive'],
  ])('%i times → positive %s', (times, positive, level) => {
    const r = complete(nidaSingleQuestion, { 'drug-use-times': times });
    expect([r.positive, r.riskLevel]).toEqual([positive, level]);
  });
});

describe('AUDIT-C', () => {
  // q1 points, q2 points, q3 points → total
  const withTotal = (total: number) => {
    const q1 = Math.max(1, Math.min(4, total));
    const q2 = Math.min(4, total - q1);
    const q3 = total - q1 - q2;
    return byPoints(auditC, { q1, q2, q3 });
  };

  it.each([
    ['male', 3, false, 'lower-risk', 'positive-feedback'],
    ['male', 4, true, 'at-risk', 'brief-intervention'],
    ['female', 2, false, 'lower-risk', 'positive-feedback'],
    ['female', 3, true, 'at-risk', 'brief-intervention'],
    ['unknown', 2, false, 'lower-risk', 'positive-feedback'],
    ['unknown', 3, true, 'at-risk', 'brief-intervention'],
    ['other', 3, true, 'at-risk', 'brief-intervention'],
    ['male', 7, true, 'at-risk', 'brief-intervention'],
    ['male', 8, true, 'high-risk', 'brief-intervention-and-referral'],
    ['female', 12, true, 'high-risk', 'brief-intervention-and-referral'],
  ] as const)('%s, score %i → positive %s, %s', (sex, total, positive, level, action) => {
    const r = complete(auditC, withTotal(total), sex);
    expect([r.score, r.positive, r.riskLevel, r.action]).toEqual([total, positive, level, action]);
  });

  it('lets a clinic raise the cut-off for men to 5 (specificity), within the allowed range', () => {
    const four = withTotal(4);
    expect(complete(auditC, four, 'male').positive).toBe(true);
    const raised = scoreScreening(auditC, four, { sex: 'male', ageYears: 40, cutoffOverrides: { 'audit-c.men': 5 } });
    expect(raised.status === 'complete' && [raised.positive, raised.riskLevel, raised.cutoff.atLeast]).toEqual([false, 'lower-risk', 5]);
    const five = scoreScreening(auditC, withTotal(5), { sex: 'male', ageYears: 40, cutoffOverrides: { 'audit-c.men': 5 } });
    expect(five.status === 'complete' && five.positive).toBe(true);
    // The women's cut-off is untouched by the men's override.
    const woman = scoreScreening(auditC, withTotal(3), { sex: 'female', ageYears: 40, cutoffOverrides: { 'audit-c.men': 5 } });
    expect(woman.status === 'complete' && woman.positive).toBe(true);
  });

  it('never drinking skips the quantity questions and scores 0', () => {
    expect(visibleItems(auditC, { q1: 'never' }).map((i) => i.id)).toEqual(['q1']);
    const r = complete(auditC, { q1: 'never' });
    expect([r.score, r.riskLevel, r.positive]).toEqual([0, 'no-use', false]);
  });

  it('ignores answers left on skipped questions', () => {
    const r = complete(auditC, { q1: 'never', q2: '10-plus', q3: 'daily' });
    expect(r.score).toBe(0);
    expect(r.answers).toEqual({ q1: 'never' });
  });

  it('asks the quantity questions once the patient drinks', () => {
    expect(visibleItems(auditC, { q1: 'monthly-or-less' }).map((i) => i.id)).toEqual(['q1', 'q2', 'q3']);
    expect(scoreScreening(auditC, { q1: 'monthly-or-less' }, { sex: 'male', ageYears: 30 })).toMatchObject({
      status: 'incomplete',
      missing: ['q2', 'q3'],
    });
  });

  it('carries the LOINC codes listed for AUDIT-C', () => {
    expect(auditC.loinc).toEqual({ panel: '72109-2', total: '75626-2' });
    expect(auditC.items.map((i) => i.loinc)).toEqual(['68518-0', '68519-8', '68520-6']);
  });
});

describe('AUDIT (WHO zones)', () => {
  const drinker = { q1: 4, q2: 4, q3: 4, q4: 0, q5: 0, q6: 0, q7: 0, q8: 0, q9: 0, q10: 0 };
  /** Raises items 4–8 then 9–10 to reach `total` from the 12 points of questions 1–3. */
  const withTotal = (total: number) => {
    const points: Record<string, number> = { ...drinker };
    if (total < 12) {
      Object.assign(points, { q1: 1, q2: 0, q3: 1 });
      let rest = total - 2;
      for (const q of ['q1', 'q2', 'q3']) {
        const add = Math.min(rest, 4 - points[q]!);
        points[q]! += add;
        rest -= add;
      }
      return byPoints(audit, points);
    }
    let rest = total - 12;
    for (const q of ['q4', 'q5', 'q6', 'q7', 'q8']) {
      const add = Math.min(rest, 4);
      points[q] = add;
      rest -= add;
    }
    for (const q of ['q9', 'q10']) {
      const add = rest >= 4 ? 4 : rest >= 2 ? 2 : 0;
      points[q] = add;
      rest -= add;
    }
    if (rest !== 0) throw new Error(`cannot build AUDIT total ${total}`);
    return byPoints(audit, points);
  };

  it.each([
    [0, 'zone-1', 'positive-feedback', false],
    [7, 'zone-1', 'positive-feedback', false],
    [8, 'zone-2', 'brief-intervention', true],
    [15, 'zone-2', 'brief-intervention', true],
    [16, 'zone-3', 'brief-intervention', true],
    [19, 'zone-3', 'brief-intervention', true],
    [20, 'zone-4', 'brief-intervention-and-referral', true],
    [40, 'zone-4', 'brief-intervention-and-referral', true],
  ] as const)('score %i → %s', (total, zone, action, positive) => {
    const answers = total === 0 ? byPoints(audit, { q1: 0, q9: 0, q10: 0 }) : withTotal(total);
    for (const sex of ['male', 'female', 'unknown'] as const) {
      const r = complete(audit, answers, sex);
      expect([r.score, r.riskLevel, r.action, r.positive]).toEqual([total, zone, action, positive]);
    }
  });

  it('skips to questions 9 and 10 when the patient never drinks', () => {
    expect(visibleItems(audit, { q1: 'never' }).map((i) => i.id)).toEqual(['q1', 'q9', 'q10']);
  });

  it('skips to questions 9 and 10 when questions 2 and 3 total 0', () => {
    const answers = byPoints(audit, { q1: 2, q2: 0, q3: 0 });
    expect(visibleItems(audit, answers).map((i) => i.id)).toEqual(['q1', 'q2', 'q3', 'q9', 'q10']);
    const r = complete(audit, { ...answers, ...byPoints(audit, { q9: 2, q10: 4 }) });
    expect(r.score).toBe(8);
    expect(r.subscores).toEqual({ 'hazardous-use': 2, 'dependence-symptoms': 0, 'harmful-use': 6 });
  });

  it('asks questions 4–8 when question 2 or 3 scores', () => {
    const answers = byPoints(audit, { q1: 2, q2: 0, q3: 1 });
    expect(visibleItems(audit, answers)).toHaveLength(10);
  });

  it('scores items 9 and 10 as 0, 2 or 4', () => {
    for (const q of ['q9', 'q10'] as const) {
      const item = audit.items.find((i) => i.id === q)!;
      expect(item.kind === 'choice' && item.options.map((o) => o.points)).toEqual([0, 2, 4]);
    }
  });

  it('lets a clinic lower the cut-off to 7 but not to 3', () => {
    const seven = withTotal(7);
    const r = scoreScreening(audit, seven, { sex: 'female', ageYears: 70, cutoffOverrides: { 'audit.everyone': 7 } });
    expect(r.status === 'complete' && [r.positive, r.riskLevel]).toEqual([true, 'zone-1']);
    expect(() => scoreScreening(audit, seven, { sex: 'female', ageYears: 70, cutoffOverrides: { 'audit.everyone': 3 } })).toThrow(
      /must be a whole number from 6 to 10, got 3/,
    );
  });
});

describe('DAST-10', () => {
  const noProblems = { q1: 'no', q2: 'no', q3: 'yes', q4: 'no', q5: 'no', q6: 'no', q7: 'no', q8: 'no', q9: 'no', q10: 'no' };
  const withYes = (n: number) => {
    const answers: Record<string, string> = { ...noProblems };
    ['q1', 'q2', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9', 'q10'].slice(0, Math.min(n, 9)).forEach((q) => (answers[q] = 'yes'));
    if (n === 10) answers.q3 = 'no';
    return answers;
  };

  it('reverse-scores item 3: "no" earns the point', () => {
    expect(complete(dast10, noProblems).score).toBe(0);
    expect(complete(dast10, { ...noProblems, q3: 'no' }).score).toBe(1);
    expect(dast10.items.filter((i) => i.kind === 'choice' && i.reverseScored).map((i) => i.id)).toEqual(['q3']);
  });

  it.each([
    [0, 'none', 'positive-feedback', false],
    [1, 'low', 'brief-intervention', false],
    [2, 'low', 'brief-intervention', false],
    [3, 'moderate', 'brief-intervention', true],
    [5, 'moderate', 'brief-intervention', true],
    [6, 'substantial', 'brief-intervention-and-referral', true],
    [8, 'substantial', 'brief-intervention-and-referral', true],
    [9, 'severe', 'brief-intervention-and-referral', true],
    [10, 'severe', 'brief-intervention-and-referral', true],
  ] as const)('score %i → %s', (n, level, action, positive) => {
    const r = complete(dast10, withYes(n), 'male');
    expect([r.score, r.riskLevel, r.action, r.positive]).toEqual([n, level, action, positive]);
  });
});

describe('CAGE-AID', () => {
  const answers = (yes: number) =>
    Object.fromEntries(['cut-down', 'annoyed', 'guilty', 'eye-opener'].map((id, i) => [id, i < yes ? 'yes' : 'no']));
  it.each([
    [0, 'negative', false],
    [1, 'further-assessment', true],
    [2, 'clinically-significant', true],
    [4, 'clinically-significant', true],
  ] as const)('%i yes → %s', (yes, level, positive) => {
    const r = complete(cageAid, answers(yes));
    expect([r.score, r.riskLevel, r.positive]).toEqual([yes, level, positive]);
  });
  it('is behind a clinic opt-in because its terms are unverified', () => {
    expect(cageAid.licence).toMatchObject({ termsVerified: false, requiresClinicOptIn: true });
  });
});

describe('TAPS', () => {
  const part1 = (tobacco: string, alcohol: string, drugs: string, rx: string) => ({
    'tobacco-12m': tobacco,
    'alcohol-12m': alcohol,
    'drugs-12m': drugs,
    'rx-12m': rx,
  });

  it('asks only part 1 when every class is "never"', () => {
    const answers = part1('never', 'never', 'never', 'never');
    expect(visibleItems(taps, answers)).toHaveLength(4);
    const r = complete(taps, answers);
    expect([r.score, r.riskLevel, r.action]).toEqual([0, 'no-use', 'positive-feedback']);
  });

  it('opens part 2 only for the classes used, one opening use question per substance', () => {
    const ids = visibleItems(taps, part1('never', 'monthly', 'never', 'never')).map((i) => i.id);
    expect(ids.slice(4)).toEqual(['alcohol-any']);
    const drugIds = visibleItems(taps, part1('never', 'never', 'weekly', 'never')).map((i) => i.id);
    expect(drugIds.slice(4)).toEqual(['marijuana-1', 'stimulants-1', 'heroin-1', 'other-drugs-1']);
    const rxIds = visibleItems(taps, part1('never', 'never', 'never', 'less-than-monthly')).map((i) => i.id);
    expect(rxIds.slice(4)).toEqual(['rx-opioids-1', 'sedatives-1', 'rx-stimulants-1']);
  });

  it('asks a substance\'s follow-up questions only after "yes" to its use question (TAPS-2 form)', () => {
    const drugs = part1('never', 'never', 'weekly', 'never');
    const afterYes = visibleItems(taps, { ...drugs, 'marijuana-1': 'yes', 'heroin-1': 'no' }).map((i) => i.id);
    expect(afterYes.slice(4)).toEqual(['marijuana-1', 'marijuana-2', 'marijuana-3', 'stimulants-1', 'heroin-1', 'other-drugs-1']);
    const alcohol = part1('never', 'weekly', 'never', 'never');
    expect(visibleItems(taps, { ...alcohol, 'alcohol-any': 'yes' }).map((i) => i.id).slice(4)).toEqual(['alcohol-any', 'alcohol-1', 'alcohol-2', 'alcohol-3']);
    expect(visibleItems(taps, { ...alcohol, 'alcohol-any': 'no' }).map((i) => i.id).slice(4)).toEqual(['alcohol-any']);
  });

  it('scores a "no" to a use question as 0 for that substance, whatever the skipped answers say', () => {
    const answers = {
      ...part1('weekly', 'weekly', 'never', 'never'),
      'tobacco-1': 'no', 'tobacco-2': 'yes', 'tobacco-3': 'yes',
      'alcohol-any': 'no', 'alcohol-1': 'yes', 'alcohol-2': 'yes', 'alcohol-3': 'yes',
    };
    const r = complete(taps, answers);
    expect([r.score, r.subscores.tobacco, r.subscores.alcohol, r.riskLevel]).toEqual([0, 0, 0, 'no-recent-use']);
    expect(Object.keys(r.answers).sort()).toEqual(['alcohol-12m', 'alcohol-any', 'drugs-12m', 'rx-12m', 'tobacco-1', 'tobacco-12m']);
  });

  it('does not count the alcohol opener: a drinker with no "yes" after it scores 0', () => {
    const r = complete(taps, { ...part1('never', 'weekly', 'never', 'never'), 'alcohol-any': 'yes', 'alcohol-1': 'no', 'alcohol-2': 'no', 'alcohol-3': 'no' });
    expect([r.score, r.subscores.alcohol]).toEqual([0, 0]);
  });

  it('hides part 2 while part 1 is unanswered', () => {
    expect(visibleItems(taps, {})).toHaveLength(4);
  });

  it.each([
    [0, 'no-recent-use', 'positive-feedback', false],
    [1, 'problem-use', 'brief-intervention', true],
    [2, 'higher-risk', 'brief-intervention-and-referral', true],
    [3, 'higher-risk', 'brief-intervention-and-referral', true],
  ] as const)('alcohol score %i → %s', (yes, level, action, positive) => {
    const answers = {
      ...part1('never', 'weekly', 'never', 'never'),
      'alcohol-any': 'yes',
      ...Object.fromEntries([1, 2, 3].map((n) => [`alcohol-${n}`, n <= yes ? 'yes' : 'no'])),
    };
    const r = complete(taps, answers, 'female');
    expect([r.score, r.subscores.alcohol, r.riskLevel, r.action, r.positive]).toEqual([yes, yes, level, action, positive]);
  });

  it('takes the worst substance as the overall score and keeps each substance score', () => {
    const answers = {
      ...part1('daily', 'monthly', 'never', 'never'),
      'tobacco-1': 'yes', 'tobacco-2': 'yes', 'tobacco-3': 'yes',
      'alcohol-any': 'yes', 'alcohol-1': 'yes', 'alcohol-2': 'no', 'alcohol-3': 'no',
    };
    const r = complete(taps, answers);
    expect(r.score).toBe(3);
    expect(r.subscores).toMatchObject({ tobacco: 3, alcohol: 1, marijuana: 0 });
  });

  it('words the heavy-drinking question by sex', () => {
    const item = taps.items.find((i) => i.id === 'alcohol-12m')!;
    expect(promptKeyFor(item, { sex: 'female', ageYears: 30 })).toBe('taps_t1_alcohol_women');
    expect(promptKeyFor(item, { sex: 'male', ageYears: 30 })).toBe('taps_t1_alcohol_men');
    expect(promptKeyFor(item, { sex: 'unknown', ageYears: 30 })).toBe('taps_t1_alcohol');
  });
});

describe('CRAFFT 2.1', () => {
  const partA = (alcohol: number, marijuana: number, other: number) => ({
    'alcohol-days': alcohol,
    'marijuana-days': marijuana,
    'other-days': other,
  });
  const partB = (yes: readonly string[]) =>
    Object.fromEntries(['car', 'relax', 'alone', 'forget', 'friends', 'trouble'].map((id) => [id, yes.includes(id) ? 'yes' : 'no']));

  it('asks only the CAR question when all Part A answers are 0', () => {
    expect(visibleItems(crafft21, partA(0, 0, 0)).map((i) => i.id)).toEqual(['alcohol-days', 'marijuana-days', 'other-days', 'car']);
    const r = complete(crafft21, { ...partA(0, 0, 0), car: 'no' }, 'female', 15);
    expect([r.score, r.riskLevel, r.action, r.advisories]).toEqual([0, 'no-use', 'positive-feedback', []]);
  });

  it('counsels on riding with an impaired driver after CAR "yes", even with no use', () => {
    const r = complete(crafft21, { ...partA(0, 0, 0), car: 'yes' }, 'male', 16);
    expect(r.riskLevel).toBe('no-use');
    expect(r.advisories).toHaveLength(1);
    expect(r.advisories[0]).toMatch(/riding with a driver/);
  });

  it.each([
    [partA(1, 0, 0)],
    [partA(0, 1, 0)],
    [partA(0, 0, 1)],
  ])('asks all six questions once any Part A answer is 1 or more (%o)', (a) => {
    expect(visibleItems(crafft21, a)).toHaveLength(9);
  });

  it.each([
    [[], 0, 'lower-risk', 'brief-intervention', false],
    [['relax'], 1, 'lower-risk', 'brief-intervention', false],
    [['car', 'relax'], 2, 'high-risk', 'brief-intervention-and-referral', true],
    [['alone', 'forget', 'friends'], 3, 'high-risk', 'brief-intervention-and-referral', true],
    [['car', 'relax', 'alone', 'forget', 'friends', 'trouble'], 6, 'high-risk', 'brief-intervention-and-referral', true],
  ] as const)('with use, "yes" to %o → score %i, %s', (yes, score, level, action, positive) => {
    for (const age of [12, 17, 21]) {
      const r = complete(crafft21, { ...partA(5, 0, 0), ...partB(yes) }, 'female', age);
      expect([r.score, r.riskLevel, r.action, r.positive]).toEqual([score, level, action, positive]);
    }
  });

  it('keeps Part A days as subscores without scoring them', () => {
    const r = complete(crafft21, { ...partA(12, 3, 0), ...partB([]) });
    expect(r.score).toBe(0);
    expect(r.subscores).toEqual({ 'alcohol-days': 12, 'marijuana-days': 3, 'other-days': 0 });
  });

  it('carries no LOINC code (71942-7 is the original CRAFFT)', () => {
    expect(JSON.stringify(crafft21)).not.toContain('71942-7');
    expect(crafft21.loinc).toEqual({});
  });
});

describe('S2BI', () => {
  const first = (tobacco: string, alcohol: string, marijuana: string) => ({ tobacco, alcohol, marijuana });
  const more = (v = 'never') => ({ 'rx-not-prescribed': v, 'illegal-drugs': v, inhalants: v, 'herbs-synthetic': v });

  it('stops after three questions when there is no use', () => {
    const answers = first('never', 'never', 'never');
    expect(visibleItems(s2bi, answers)).toHaveLength(3);
    expect(complete(s2bi, answers, 'female', 14)).toMatchObject({ score: 0, riskLevel: 'no-use', action: 'positive-feedback' });
  });

  it('gives brief advice for tobacco use alone, without the weekly advisory below weekly', () => {
    const r = complete(s2bi, { ...first('monthly', 'never', 'never'), ...more() }, 'female', 13);
    expect([r.score, r.riskLevel, r.positive, r.advisories]).toEqual([0, 'tobacco-only', false, []]);
  });

  it('asks the four further classes after any use, including tobacco', () => {
    expect(visibleItems(s2bi, first('once-or-twice', 'never', 'never'))).toHaveLength(7);
  });

  it.each([
    ['once-or-twice', 'lower-risk', 'brief-intervention'],
    ['monthly', 'moderate-risk', 'brief-intervention'],
    ['weekly-or-more', 'high-risk', 'brief-intervention-and-referral'],
  ] as const)('highest non-tobacco use %s → %s', (freq, level, action) => {
    const viaAlcohol = complete(s2bi, { ...first('never', freq, 'never'), ...more() }, 'male', 15);
    const viaInhalants = complete(s2bi, { ...first('never', 'once-or-twice', 'never'), ...more(), inhalants: freq }, 'male', 15);
    expect([viaAlcohol.riskLevel, viaAlcohol.action]).toEqual([level, action]);
    expect(viaInhalants.riskLevel).toBe(level);
  });

  it('keeps tobacco out of the risk level and flags weekly tobacco use', () => {
    const r = complete(s2bi, { ...first('weekly-or-more', 'never', 'never'), ...more() }, 'female', 16);
    expect([r.score, r.riskLevel, r.action, r.subscores.tobacco]).toEqual([0, 'tobacco-only', 'brief-intervention', 3]);
    expect(r.advisories[0]).toMatch(/tobacco/);
  });

  it('is behind a clinic opt-in because its terms are unverified', () => {
    expect(s2bi.licence).toMatchObject({ termsVerified: false, requiresClinicOptIn: true });
  });
});
