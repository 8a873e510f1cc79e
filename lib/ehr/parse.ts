import { ageOn } from './age';
import { firstNonNameCharacter, hasLetter, isLetter, withoutAccents } from './letters';
import type { Sex } from './patient';

/** What a parser returns: the value it understood, or in plain words why the text was refused. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const refuse = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** Order of an all-numeric date such as 02/03/1990. US EHRs write month first. */
export type DateOrder = 'MDY' | 'DMY';

export interface BirthDateOptions {
  /** ISO date the birth date must not be after; the default is the machine's date. */
  today?: string;
  /** How to read all-numeric dates; default `MDY`. */
  order?: DateOrder;
}

export interface BirthDate {
  /** YYYY-MM-DD. */
  iso: string;
  /** Which written form was recognised, for reports and tests. */
  format: 'iso' | 'compact' | 'numeric' | 'month-name';
  /**
   * True when the page wrote a two-digit year. Rule: the century is the latest one that does not
   * put the birth date in the future (03/02/24 read on 2026-11-23 is 2024-03-02; 03/02/90 is
   * 1990-03-02), so a person over 100 written with two digits is misread: callers lower their
   * confidence when this is set.
   */
  centuryInferred: boolean;
  /**
   * True when a numeric date could only be read with day and month the other way round from the
   * configured order (25/03/1990 under MDY).
   */
  orderSwapped: boolean;
  /** The age the page wrote beside the date ("(36Y)", "36 yo"), when it did. */
  statedAge: number | null;
}

const MONTHS: ReadonlyArray<readonly [string, number]> = [
  ['january', 1], ['february', 2], ['march', 3], ['april', 4], ['may', 5], ['june', 6],
  ['july', 7], ['august', 8], ['september', 9], ['sept', 9], ['october', 10], ['november', 11],
  ['december', 12],
  ['enero', 1], ['febrero', 2], ['marzo', 3], ['abril', 4], ['mayo', 5], ['junio', 6],
  ['julio', 7], ['agosto', 8], ['septiembre', 9], ['setiembre', 9], ['octubre', 10],
  ['noviembre', 11], ['diciembre', 12],
];

/** Month number from an English or Spanish name or abbreviation of at least 3 letters. */
function monthFromName(word: string): number | null {
  const w = withoutAccents(word.toLowerCase());
  if (w.length < 3) return null;
  for (const [name, n] of MONTHS) if (name.startsWith(w)) return n;
  return null;
}

function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

const AGE_IN_PARENS =
  /^(?:age\s*:?\s*|edad\s*:?\s*)?(\d{1,3})\s*(?:y|yo|y\s*\/?\s*o|yr|yrs|years?(?:\s*old)?|a|anos|años)?\.?$/i;
const TRAILING_AGE =
  /[\s,;]+(?:age\s*:?\s*|edad\s*:?\s*)?(\d{1,3})\s*(?:y|yo|y\s*\/?\s*o|yr|yrs|years?(?:\s*old)?|anos|años)\.?$/i;
const INFANT_AGE = /^\d{1,2}\s*(?:d|days?|w|wk|wks|weeks?|m|mo|mos|months?|meses|dias|días)\.?$/i;

/**
 * Reads a birth date as EHRs write it: ISO (1990-02-03, with or without a time), YYYYMMDD,
 * MM/DD/YYYY, M/D/YY (see {@link BirthDate.centuryInferred}), DD-Mon-YYYY, "03 Feb 1990",
 * "Feb 3, 1990", "3 de febrero de 1990", with an age after it ("1990-02-03 (36Y)",
 * "02/03/1990 (36 yo)"). Refuses impossible dates, dates after `today`, years before 1880, and a
 * stated age that contradicts the date by more than a year. Never throws.
 */
export function parseBirthDate(text: unknown, options: BirthDateOptions = {}): Parsed<BirthDate> {
  if (typeof text !== 'string') return refuse('birth date is not text');
  let s = text.trim().replace(/\s+/g, ' ');
  if (!s) return refuse('birth date is empty');
  if (s.length > 80) return refuse(`birth date is ${s.length} characters long; expected a date`);
  const today = options.today ?? todayIso();
  const order = options.order ?? 'MDY';

  let statedAge: number | null = null;
  const paren = /\s*[([]([^()[\]]*)[)\]]\s*$/.exec(s);
  if (paren) {
    const inside = (paren[1] ?? '').trim();
    const age = AGE_IN_PARENS.exec(inside);
    if (age) statedAge = Number(age[1]);
    else if (INFANT_AGE.test(inside)) statedAge = 0;
    s = s.slice(0, paren.index).trim();
  } else {
    const age = TRAILING_AGE.exec(s);
    if (age) {
      statedAge = Number(age[1]);
      s = s.slice(0, age.index).trim();
    }
  }
  s = s.replace(/[,;]$/, '').trim();
  if (!s) return refuse('birth date has an age but no date');

  let y: number;
  let m: number;
  let d: number;
  let format: BirthDate['format'];
  let twoDigitYear = false;
  let orderSwapped = false;
  let match: RegExpExecArray | null;

  if ((match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    format = 'iso';
  } else if ((match = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    format = 'compact';
  } else if ((match = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$/.exec(s))) {
    const a = Number(match[1]);
    const b = Number(match[3]);
    y = Number(match[4]);
    twoDigitYear = (match[4] ?? '').length === 2;
    [m, d] = order === 'MDY' ? [a, b] : [b, a];
    // A first number above 12 can only be a day: the page writes day first whatever we assumed.
    if (!validDate(twoDigitYear ? 2000 : y, m, d) && validDate(twoDigitYear ? 2000 : y, d, m)) {
      [m, d] = [d, m];
      orderSwapped = true;
    }
    format = 'numeric';
  } else if ((match = /^(\d{1,2})(?:\s+de\s+|[\s/.-]+)([a-záéíóúñ]+)\.?(?:\s+de\s+|[\s/.,-]+)(\d{4}|\d{2})$/i.exec(s))) {
    const month = monthFromName(match[2] ?? '');
    if (month === null) return refuse(`"${match[2]}" is not a month name`);
    [y, m, d] = [Number(match[3]), month, Number(match[1])];
    twoDigitYear = (match[3] ?? '').length === 2;
    format = 'month-name';
  } else if ((match = /^([a-záéíóúñ]+)\.?\s*(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}|\d{2})$/i.exec(s))) {
    const month = monthFromName(match[1] ?? '');
    if (month === null) return refuse(`"${match[1]}" is not a month name`);
    [y, m, d] = [Number(match[3]), month, Number(match[2])];
    twoDigitYear = (match[3] ?? '').length === 2;
    format = 'month-name';
  } else {
    return refuse(`"${s.slice(0, 40)}" is not a date in a recognised format (e.g. 1990-02-03, 02/03/1990, 03-Feb-1990)`);
  }

  if (twoDigitYear) {
    const thisYear = Number(today.slice(0, 4));
    y = 2000 + y;
    if (y > thisYear || (y === thisYear && `${y}-${pad(m)}-${pad(d)}` > today)) y -= 100;
  }
  if (!validDate(y, m, d)) return refuse(`${s} is not a calendar date (month ${m}, day ${d})`);
  const iso = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
  if (y < 1880) return refuse(`year ${y} is not a plausible birth year`);
  if (iso > today) return refuse(`birth date ${iso} is after today (${today})`);
  if (statedAge !== null) {
    const age = ageOn(iso, today) ?? 0;
    if (Math.abs(age - statedAge) > 1) {
      return refuse(`the page says age ${statedAge} but ${iso} makes the patient ${age}`);
    }
  }
  return { ok: true, value: { iso, format, centuryInferred: twoDigitYear, orderSwapped, statedAge } };
}

const SEX_WORDS = new Map<string, Sex | 'gender-diverse'>([
  ['f', 'female'], ['female', 'female'], ['fem', 'female'], ['woman', 'female'], ['girl', 'female'],
  ['femenino', 'female'], ['femenina', 'female'], ['mujer', 'female'],
  ['m', 'male'], ['male', 'male'], ['masc', 'male'], ['man', 'male'], ['boy', 'male'],
  ['masculino', 'male'], ['hombre', 'male'], ['varon', 'male'],
  ['x', 'other'], ['other', 'other'], ['otro', 'other'], ['intersex', 'other'], ['nonbinary', 'other'],
  ['trans', 'gender-diverse'], ['transgender', 'gender-diverse'], ['nb', 'other'],
  ['u', 'unknown'], ['unk', 'unknown'], ['unknown', 'unknown'], ['desconocido', 'unknown'],
  ['declined', 'unknown'], ['undisclosed', 'unknown'], ['unspecified', 'unknown'],
]);
/** Words that may surround a sex value without changing it ("Sex assigned at birth: F (36 y)"). */
const SEX_NOISE = new Set([
  'sex', 'sexo', 'gender', 'genero', 'assigned', 'asignado', 'at', 'al', 'birth', 'nacer', 'legal',
  'administrative', 'identity', 'y', 'yo', 'yr', 'yrs', 'years', 'old', 'a', 'o', 'anos', 'age',
  'edad', 'binary', 'non', 'not', 'to', 'patient', 'choose', 'disclose', 'specified', 'identifies',
  'as', 'de',
]);

/**
 * Reads administrative sex from a banner value: F/M, Female/Male, Woman/Man, Femenino/Masculino,
 * "Sex assigned at birth: Female", "36 y.o. F". A value naming both female and male, or only a
 * transgender/non-binary identity, is `other` or refused rather than guessed. Never throws.
 */
export function parseSex(text: unknown): Parsed<Sex> {
  if (typeof text !== 'string') return refuse('sex is not text');
  const s = text.trim();
  if (!s) return refuse('sex is empty');
  if (s.length > 60) return refuse(`sex value is ${s.length} characters long; expected a word like F or Female`);
  const words = withoutAccents(s.toLowerCase()).replace(/non[\s-]?binar[a-z]*/g, 'nonbinary').split(/[^a-z]+/).filter(Boolean);
  const found = new Set<Sex | 'gender-diverse'>();
  let unknownWords = 0;
  for (const word of words) {
    const sex = SEX_WORDS.get(word);
    if (sex) found.add(sex);
    else if (!SEX_NOISE.has(word)) unknownWords += 1;
  }
  if (found.size === 0) return refuse(`"${s.slice(0, 30)}" is not a sex or gender value`);
  if (unknownWords > 2) return refuse(`"${s.slice(0, 30)}" has more than a sex value in it`);
  if (found.has('female') && found.has('male')) {
    return refuse(`"${s.slice(0, 30)}" names both female and male; read the sex assigned at birth field instead`);
  }
  if (found.has('female')) return { ok: true, value: found.has('gender-diverse') ? 'other' : 'female' };
  if (found.has('male')) return { ok: true, value: found.has('gender-diverse') ? 'other' : 'male' };
  if (found.has('other') || found.has('gender-diverse')) return { ok: true, value: 'other' };
  return { ok: true, value: 'unknown' };
}

export interface PatientName {
  /** "First M Last", with ALL-CAPS parts shown in title case. */
  display: string;
  /** The text as the page wrote it, whitespace collapsed. */
  original: string;
  family: string;
  given: string[];
}

const TITLES = /^(?:mr|mrs|ms|miss|mx|dr|sr|sra|srta|don|dona|doña)\.?\s+/i;
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v']);

function displayCase(word: string): string {
  if (word.length < 2 || word !== word.toUpperCase() || word === word.toLowerCase()) return word;
  // Each letter that starts the word or follows - ' ’ is capitalised, the rest lower-cased.
  let out = '';
  let startsPart = true;
  for (const ch of word.toLowerCase()) {
    out += startsPart && isLetter(ch) ? ch.toUpperCase() : ch;
    startsPart = ch === '-' || ch === "'" || ch === '’';
  }
  return out;
}

/**
 * Reads a patient name: "LAST, First M" and "First M Last" (titles, quoted nicknames and
 * bracketed notes dropped) become display "First M Last" with the original kept. Refuses text
 * with digits or symbols, or a single word, because those are not names Bridge can key on.
 */
export function parsePatientName(text: unknown): Parsed<PatientName> {
  if (typeof text !== 'string') return refuse('name is not text');
  const original = text.trim().replace(/\s+/g, ' ');
  if (!original) return refuse('name is empty');
  if (original.length > 120) return refuse(`name is ${original.length} characters long`);
  let s = original
    .replace(/\([^)]*\)|\[[^\]]*\]|"[^"]*"|“[^”]*”/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(TITLES, '');
  if (/\d/.test(s)) return refuse(`"${original.slice(0, 40)}" contains digits; not a name`);
  const bad = firstNonNameCharacter(s);
  if (bad !== null) return refuse(`"${original.slice(0, 40)}" contains "${bad}"; not a name`);
  s = s.replace(/\s*,\s*$/, '');
  let family: string;
  let given: string[];
  const comma = s.indexOf(',');
  if (comma >= 0) {
    family = s.slice(0, comma).trim();
    const rest = s.slice(comma + 1).split(',').map((p) => p.trim()).filter(Boolean);
    given = (rest[0] ?? '').split(' ').filter(Boolean);
    const suffix = rest[1];
    if (suffix && SUFFIXES.has(suffix.toLowerCase().replace(/\./g, ''))) family = `${family} ${suffix}`;
  } else {
    const words = s.split(' ').filter(Boolean);
    const last = words.at(-1) ?? '';
    const hasSuffix = words.length > 2 && SUFFIXES.has(last.toLowerCase().replace(/\./g, ''));
    family = hasSuffix ? words.slice(-2).join(' ') : last;
    given = words.slice(0, hasSuffix ? -2 : -1);
  }
  if (!hasLetter(family) || given.length === 0 || !given.some(hasLetter)) {
    return refuse(`"${original.slice(0, 40)}" has no family and given name`);
  }
  const display = [...given, family].join(' ').split(' ').map(displayCase).join(' ');
  return { ok: true, value: { display, original, family: family.split(' ').map(displayCase).join(' '), given: given.map(displayCase) } };
}

export interface PatientIdentifier {
  /** As the page shows it, without a leading label or "#". */
  value: string;
}

/**
 * Reads a medical record number or other patient identifier: one code of up to 40 letters, digits,
 * dashes, dots or slashes with at least one digit (OpenEMR's first patient is "1") ("MRN: 000123", "#A-1234"). Refuses SSN-shaped
 * values (Bridge never reads them) and free text. Never throws.
 */
export function parseIdentifier(text: unknown): Parsed<PatientIdentifier> {
  if (typeof text !== 'string') return refuse('identifier is not text');
  let s = text.trim().replace(/\s+/g, ' ');
  if (!s) return refuse('identifier is empty');
  if (s.length > 80) return refuse(`identifier is ${s.length} characters long`);
  s = s.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ').trim();
  // "MRN: 123" and "MRN 123" lose the label; "MRN-100234" is itself the identifier.
  s = s.replace(/^(?:mrn|mr|chart|id|pid|no|nº|n°)(?:\s*[.:#]\s*|\s+)/i, '').replace(/^#\s*/, '').trim();
  if (/^\d{3}-\d{2}-\d{4}$/.test(s) || /^\*{3}-\*{2}-\d{4}$/.test(s)) {
    return refuse('identifier looks like a Social Security number; Bridge does not read those');
  }
  if (s.includes(' ')) return refuse(`"${s.slice(0, 40)}" has spaces; expected one identifier`);
  if (!/^[A-Za-z0-9][A-Za-z0-9./-]{0,39}$/.test(s)) {
    return refuse(`"${s.slice(0, 40)}" is not an identifier (up to 40 letters, digits, dashes)`);
  }
  if (!/\d/.test(s)) return refuse(`"${s}" has no digit; not an identifier`);
  return { ok: true, value: { value: s } };
}

const US_STATES = new Set(
  ('AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY ' +
    'NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR VI GU AS MP AA AE AP').split(' '),
);

export interface PostalCode {
  /** 5-digit ZIP. */
  zip5: string;
  /** The +4 part when the page wrote one. */
  plus4: string | null;
}

/**
 * Finds the US ZIP (or ZIP+4) in an address line: a bare ZIP, or a 5-digit group after a state
 * code or at the end of the line ("12345 Main St, Springfield, IL 62704-1234" gives 62704, not the
 * house number). Never throws.
 */
export function parsePostalCode(text: unknown): Parsed<PostalCode> {
  if (typeof text !== 'string') return refuse('address is not text');
  const s = text.trim().replace(/\s+/g, ' ');
  if (!s) return refuse('address is empty');
  if (s.length > 300) return refuse(`address is ${s.length} characters long`);
  const zipPattern = /(?<![\d-])(\d{5})(?:-(\d{4}))?(?![\d-])/g;
  let chosen: RegExpExecArray | null = null;
  for (let m = zipPattern.exec(s); m; m = zipPattern.exec(s)) {
    const before = s.slice(0, m.index);
    const after = s.slice(m.index + m[0].length);
    const afterState = /(?:^|[\s,])([A-Za-z]{2})\.?,?\s*$/.exec(before);
    const atEnd = /^[\s,.]*(?:USA?|United States(?: of America)?|EE\.? ?UU\.?)?[\s.]*$/i.test(after);
    if (s === m[0] || (afterState && US_STATES.has((afterState[1] ?? '').toUpperCase())) || (atEnd && m.index > 0)) {
      chosen = m;
    }
  }
  if (!chosen) {
    return refuse(/\d{5}/.test(s)
      ? 'the address has a 5-digit number but not where a ZIP goes (after the state or at the end)'
      : 'no 5-digit ZIP code in the address');
  }
  const zip5 = chosen[1] ?? '';
  if (zip5 === '00000') return refuse('00000 is not a ZIP code');
  return { ok: true, value: { zip5, plus4: chosen[2] ?? null } };
}
