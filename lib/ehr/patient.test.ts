import { expect, test } from 'vitest';
import { ageOn, isAdolescent } from './patient';

test('ageOn counts whole years, birthday included', () => {
  expect(ageOn('1990-02-03', '2026-02-02')).toBe(35);
  expect(ageOn('1990-02-03', '2026-02-03')).toBe(36);
  expect(ageOn(null, '2026-02-03')).toBeNull();
});

test('isAdolescent is 12 to 21 inclusive', () => {
  expect(isAdolescent('2014-11-23', '2026-11-23')).toBe(true);
  expect(isAdolescent('2014-11-24', '2026-11-23')).toBe(false);
  expect(isAdolescent('2005-11-24', '2026-11-23')).toBe(true);
  expect(isAdolescent('2004-11-23', '2026-11-23')).toBe(false);
  expect(isAdolescent(null, '2026-11-23')).toBe(false);
});
