/**
 * Spanish readability, which the installed text-readability library does not have (it counts
 * syllables with an English model). Two formulas built on Flesch, as textstat computes them:
 * - Fernández Huerta (1959, "Medidas sencillas de lecturabilidad", Consigna 214), in the corrected
 *   form (Law 2011): 206.84 − 60 × syllables per word − 1.02 × words per sentence. Its scale maps
 *   to school grades like Flesch's: 90+ 4th grade, 80–90 5th, 70–80 6th, 60–70 7th–8th.
 * - Szigriszt-Pazos perspicuity (1993; INFLESZ scale, Barrio-Cantalejo 2008):
 *   206.835 − 62.3 × syllables per word − words per sentence; 65–80 "bastante fácil", 80+ "muy fácil".
 * Syllables are counted by Spanish rules (below), not by a dictionary, so a word now and then is
 * off by one; the unit tests pin the rules on words with known syllabification.
 */

const STRONG = 'aeoáéíóú';
const WEAK = 'iuü';

/** Syllables in one Spanish word: one per vowel nucleus (a strong or accented vowel, or a group of weak ones). */
export function spanishSyllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-záéíóúüñ]/g, '');
  if (!w) return 0;
  let count = 0;
  let i = 0;
  const isVowelAt = (k: number) => {
    const c = w[k]!;
    if (STRONG.includes(c) || WEAK.includes(c)) return true;
    // "y" is a vowel at the end of a word or before a consonant ("hoy", "muy", "y"), a consonant before a vowel ("ayuda").
    return c === 'y' && (k === w.length - 1 || !(STRONG + WEAK).includes(w[k + 1]!));
  };
  while (i < w.length) {
    if (!isVowelAt(i)) {
      i++;
      continue;
    }
    let strong = 0;
    while (i < w.length && isVowelAt(i)) {
      if (STRONG.includes(w[i]!)) strong++;
      i++;
    }
    // Two strong vowels side by side are a hiatus (two syllables); a weak one joins its neighbour (diphthong).
    count += Math.max(1, strong);
  }
  return Math.max(1, count);
}

interface SpanishTextCounts {
  words: number;
  sentences: number;
  syllables: number;
}

/** Words (tokens with at least one letter), sentences (ended by . ! ? or the end) and syllables. */
export function spanishTextCounts(text: string): SpanishTextCounts {
  const words = text.split(/\s+/).filter((t) => /\p{L}/u.test(t));
  const sentences = text.split(/[.!?]+(?:\s|$)/).filter((s) => /\p{L}/u.test(s)).length;
  return { words: words.length, sentences: Math.max(1, sentences), syllables: words.reduce((n, w) => n + spanishSyllables(w), 0) };
}

/** Fernández Huerta reading ease (higher is easier); 70 or more reads at a 6th-grade level or below. */
export function fernandezHuerta(text: string): number {
  const c = spanishTextCounts(text);
  if (c.words === 0) return 0;
  return 206.84 - 60 * (c.syllables / c.words) - 1.02 * (c.words / c.sentences);
}

/** The school grade Fernández Huerta's scale gives a score (the upper grade of each band). */
export function fernandezHuertaGrade(score: number): number {
  if (score >= 90) return 4;
  if (score >= 80) return 5;
  if (score >= 70) return 6;
  if (score >= 60) return 8;
  if (score >= 50) return 10;
  if (score >= 30) return 13;
  return 16;
}

/** Szigriszt-Pazos perspicuity (INFLESZ): 65–80 fairly easy, 80+ very easy. */
export function szigrisztPazos(text: string): number {
  const c = spanishTextCounts(text);
  if (c.words === 0) return 0;
  return 206.835 - 62.3 * (c.syllables / c.words) - c.words / c.sentences;
}
