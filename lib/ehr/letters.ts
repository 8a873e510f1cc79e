// Letter tests for the content script's cold path. A Unicode property class such as \p{L} costs
// about a millisecond to compile the first time a page uses it, and every EHR tab is a new
// renderer that compiles it again (tests/bench/page-cost.mjs). Banners are written in Latin
// script, so each test here first tries a Latin-only class, which compiles in microseconds, and
// only for text outside it falls back to the Unicode class, compiled on first use. The answers are
// exactly those of the Unicode classes: letters.test.ts checks every code point.

/** Latin letters: ASCII, Latin-1 (without × and ÷) and Latin Extended-A/B, all of them \p{L}. */
const LATIN = 'A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F';
/** Combining diacritical marks, all of them \p{M}. */
const LATIN_MARKS = '\\u0300-\\u036F';

const LATIN_LETTER = new RegExp(`[${LATIN}]`);
const NOT_LATIN_NAME_CHAR = new RegExp(`[^${LATIN}${LATIN_MARKS}\\s,.'’-]`);

let unicodeLetter: RegExp | undefined;
let notUnicodeNameChar: RegExp | undefined;

/** True when `ch` (one code point) is a letter, as `/\p{L}/u` says. */
export function isLetter(ch: string): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  if (c < 0x80) return ((c | 32) >= 97 && (c | 32) <= 122);
  if (c >= 0xc0 && c <= 0x24f) return c !== 0xd7 && c !== 0xf7;
  unicodeLetter ??= /^\p{L}$/u;
  return unicodeLetter.test(ch);
}

/** True when `text` holds a letter anywhere, as `/\p{L}/u.test(text)` says. */
export function hasLetter(text: string): boolean {
  if (LATIN_LETTER.test(text)) return true;
  for (const ch of text) if (ch.charCodeAt(0) >= 0x80 && isLetter(ch)) return true;
  return false;
}

/**
 * The first character that cannot be part of a person's name (anything but letters, combining
 * marks, spaces, commas, dots, apostrophes and hyphens), as `/[^\p{L}\p{M}\s,.'’-]/u.exec`
 * finds it; null when there is none.
 */
export function firstNonNameCharacter(text: string): string | null {
  if (!NOT_LATIN_NAME_CHAR.test(text)) return null;
  notUnicodeNameChar ??= /[^\p{L}\p{M}\s,.'’-]/u;
  return notUnicodeNameChar.exec(text)?.[0] ?? null;
}

/** `text` split into its runs of letters, as `text.split(/[^\p{L}]+/u).filter(Boolean)` gives them. */
export function letterRuns(text: string): string[] {
  const runs: string[] = [];
  let run = '';
  for (const ch of text) {
    if (isLetter(ch)) run += ch;
    else if (run) {
      runs.push(run);
      run = '';
    }
  }
  if (run) runs.push(run);
  return runs;
}

/** Each of U+00C0..U+00FF without its accent: what NFD and dropping the combining marks give. */
const LATIN_1_BASE = 'AAAAAAÆCEEEEIIIIÐNOOOOO×ØUUUUYÞßaaaaaaæceeeeiiiiðnooooo÷øuuuuyþy';

/**
 * `text` without accents ("Género" → "Genero"), exactly as
 * `text.normalize('NFD').replace(/[\u0300-\u036f]/g, '')` gives it, without loading the
 * normalisation tables for text in ASCII and Latin-1, which is nearly all text on a US banner.
 */
export function withoutAccents(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xc0) out += text.charAt(i);
    else if (c <= 0xff) out += LATIN_1_BASE.charAt(c - 0xc0);
    else return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }
  return out;
}
