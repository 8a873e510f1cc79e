import { parsePatientName, type Parsed } from './parse';
import { withoutAccents } from './letters';
import type { Sex } from './patient';

/** What a fingerprint is made from; every field as the page showed it. */
export interface FingerprintInput {
  name?: string | null;
  /** ISO date. */
  birthDate?: string | null;
  sex?: Sex | null;
  mrn?: string | null;
  /** Host name of the EHR page, because MRNs are only unique within one EHR. */
  host?: string | null;
}

export interface FingerprintOptions {
  /**
   * A per-installation secret mixed into the hash. Without it, someone holding a fingerprint and a
   * list of candidate patients could confirm a guess by hashing each candidate; with it, they also
   * need the secret. Fingerprints only match between installations sharing the salt.
   */
  salt?: string;
}

const fold = (s: string): string =>
  withoutAccents(s.toLowerCase()).replace(/[^a-z0-9]/g, '');

/**
 * First given name and last family word, folded and sorted: "DOE, Jane M", "Jane Doe",
 * "Jane Marie Doe" and "Doe Jane" all give "doe jane"; "Garcia Lopez, Maria" and
 * "Maria Garcia Lopez" both give "lopez maria".
 */
export function nameKey(name: string): string | null {
  const parsed = parsePatientName(name);
  if (!parsed.ok) return null;
  const given = fold(parsed.value.given[0] ?? '');
  const familyWords = parsed.value.family.split(' ').filter((w) => !/^(jr|sr|ii|iii|iv|v)\.?$/i.test(w));
  const family = fold(familyWords.at(-1) ?? '');
  if (!given || !family) return null;
  return [given, family].sort().join(' ');
}

/** MRNs as EHRs print them differ in case, spacing, dashes and zero padding; the record does not. */
function mrnKey(mrn: string): string {
  const folded = mrn.toUpperCase().replace(/[\s.\-/]/g, '');
  return folded.replace(/^0+(?=.)/, '');
}

/**
 * cyrb53 (public domain, bryc): a fast 53-bit non-cryptographic string hash. Two runs with
 * different seeds give 106 bits, so accidental collisions between patients are negligible
 * (~1 in 10^15 for a million patients).
 */
function cyrb53(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/**
 * The key every draft, screening and referral is stored under. Deterministic; insensitive to
 * case, whitespace, accents and name order. Made from the MRN and host when the page shows an
 * MRN, otherwise from name (first given + last family word), birth date and sex. The result is a
 * hash, holds no readable PHI, and says which recipe made it ("m" or "d"), because the same
 * patient gets a different fingerprint on a page that hides the MRN. Refuses input that could not
 * tell two patients apart (a name without a birth date).
 */
export function patientFingerprint(input: FingerprintInput, options: FingerprintOptions = {}): Parsed<string> {
  const salt = options.salt ?? '';
  const mrn = input.mrn ? mrnKey(input.mrn) : '';
  let recipe: string;
  let material: string;
  if (mrn) {
    recipe = 'm';
    material = ['mrn', (input.host ?? '').toLowerCase().replace(/^www\./, ''), mrn].join('\u0000');
  } else {
    const key = input.name ? nameKey(input.name) : null;
    if (!key) return { ok: false, reason: 'no MRN and no usable name: cannot tell this patient from others' };
    if (!input.birthDate) return { ok: false, reason: 'no MRN and no birth date: a name alone could be two patients' };
    const sex = input.sex && input.sex !== 'unknown' ? input.sex : '';
    recipe = 'd';
    material = ['demo', key, input.birthDate, sex].join('\u0000');
  }
  const keyed = `${salt}\u0001${material}`;
  return { ok: true, value: `pf1${recipe}-${cyrb53(keyed, 0x9e3779b1)}${cyrb53(keyed, 0x85ebca6b)}` };
}
