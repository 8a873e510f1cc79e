import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { firstNonNameCharacter, hasLetter, isLetter, letterRuns, withoutAccents } from './letters';

// The Unicode classes the helpers stand in for; they must give the same answers everywhere.
const LETTER = /^\p{L}$/u;
const NON_NAME = /[^\p{L}\p{M}\s,.'’-]/u;

const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.stringMatching(/^[A-Za-zÀ-ÿĀ-ɏ ,.'’\-0-9ͅΩЖ中ß]{0,20}$/),
);

describe('letters', () => {
  test('isLetter agrees with \\p{L} on every code point', () => {
    const wrong: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      if (isLetter(ch) !== LETTER.test(ch)) wrong.push(cp);
    }
    expect(wrong).toEqual([]);
    expect(isLetter('')).toBe(false);
  });

  test('withoutAccents agrees with NFD on every character of ASCII and Latin-1', () => {
    for (let c = 0; c <= 0xff; c++) {
      const ch = String.fromCharCode(c);
      expect(withoutAccents(`x${ch}y`)).toBe(`x${ch}y`.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
    }
    expect(withoutAccents('Número de expediente')).toBe('Numero de expediente');
    expect(withoutAccents('Łódź')).toBe('Łodz');
  });

  test('hasLetter, firstNonNameCharacter and letterRuns agree with the Unicode regular expressions', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(hasLetter(text)).toBe(/\p{L}/u.test(text));
        expect(firstNonNameCharacter(text)).toBe(NON_NAME.exec(text)?.[0] ?? null);
        expect(letterRuns(text)).toEqual(text.split(/[^\p{L}]+/u).filter(Boolean));
        expect(withoutAccents(text)).toBe(text.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
      }),
      { numRuns: 2_000 },
    );
  });

  test('names in Latin script are read without the Unicode fallback, others with it', () => {
    expect(firstNonNameCharacter("O'Brien-Peña, José")).toBeNull();
    expect(firstNonNameCharacter('Иван Петров')).toBeNull();
    expect(firstNonNameCharacter('Smith, J0hn')).toBe('0');
    expect(firstNonNameCharacter('李 小龍')).toBeNull();
    expect(letterRuns('Summary – Peña, José')).toEqual(['Summary', 'Peña', 'José']);
  });
});
