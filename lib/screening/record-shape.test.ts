import { expect, it } from 'vitest';
import { auditC } from './instruments';
import { scoreScreening, type CompleteScreening } from './score';

it('a complete result fits the database record shape and survives a JSON round trip', () => {
  const r = scoreScreening(auditC, { q1: 'never' }, { sex: 'male', ageYears: 30 }) as CompleteScreening;
  const stored: { answers: Record<string, string | number>; result: Record<string, unknown> } = { answers: r.answers, result: r };
  expect(JSON.parse(JSON.stringify(stored.result))).toEqual(r);
});
