import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { labelsBeforeColons, labelThenNumber } from './extract';
import { BANNER_FIELDS, LABEL_VOCABULARY, OTHER_BANNER_LABELS } from './labels';

// The regular expressions the label searches replaced (they cost milliseconds to compile in each
// EHR tab); the searches must find exactly what these find.
const escape = (l: string) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const longestFirst = (labels: readonly string[]) => [...labels].sort((a, b) => b.length - a.length).map(escape).join('|');
const fieldLabels = BANNER_FIELDS.flatMap((f) => LABEL_VOCABULARY[f]);
const KEY_IN_TEXT = new RegExp(`(?<![\\p{L}\\d])(${longestFirst([...fieldLabels, ...OTHER_BANNER_LABELS])})\\s*[:：]`, 'giu');
const LABEL_THEN_NUMBER = new RegExp(`^(${longestFirst(fieldLabels)})\\s+([#\\d].*)$`, 'iu');

const byRegExp = (text: string) => {
  const out: { index: number; end: number; label: string }[] = [];
  KEY_IN_TEXT.lastIndex = 0;
  for (let m = KEY_IN_TEXT.exec(text); m; m = KEY_IN_TEXT.exec(text)) out.push({ index: m.index, end: m.index + m[0].length, label: m[1] ?? '' });
  return out;
};

/** Banner-like text: labels in any case, values, separators, colons, stray letters and digits. */
const bannerText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...fieldLabels, ...OTHER_BANNER_LABELS).chain((l) => fc.constantFrom(l, l.toUpperCase(), l.toLowerCase())),
      fc.constantFrom(':', '：', ' : ', '  ', ' | ', ', ', 'x', '9', '#12', '02/03/1990', 'Ana', 'İ', 'é', '\n', ' (36Y)'),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 10 },
  )
  .map((parts) => parts.join(''));

describe('label searches without the big regular expressions', () => {
  test('labelsBeforeColons finds what the case-insensitive Unicode expression finds', () => {
    fc.assert(
      fc.property(bannerText, (text) => {
        expect(labelsBeforeColons(text)).toEqual(byRegExp(text));
      }),
      { numRuns: 4_000 },
    );
  });

  test('labelThenNumber finds what the case-insensitive Unicode expression finds', () => {
    fc.assert(
      fc.property(bannerText, (text) => {
        const m = LABEL_THEN_NUMBER.exec(text);
        expect(labelThenNumber(text)).toEqual(m ? { label: m[1], rest: m[2] } : null);
      }),
      { numRuns: 4_000 },
    );
  });

  test('examples', () => {
    expect(labelsBeforeColons('DOB: 02/03/1990 | Sex: F | MRN: 000123').map((s) => s.label)).toEqual(['DOB', 'Sex', 'MRN']);
    expect(labelsBeforeColons('XDOB: 1 | Patient name : Ana').map((s) => s.label)).toEqual(['Patient name']);
    expect(labelThenNumber('MRN #000123')).toEqual({ label: 'MRN', rest: '#000123' });
    expect(labelThenNumber('Name change 2')).toBeNull();
  });
});
