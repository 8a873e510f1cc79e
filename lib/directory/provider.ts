import { z } from 'zod';
import { SERVICE_TAGS, serviceTagSchema, type ServiceTag } from './service-codes';
import { cyrb53 } from '../hash/cyrb53';

/** Where a listing came from. */
export const providerSourceSchema = z.enum([
  'findtreatment-json',
  'findtreatment-csv',
  'samhsa-su-2021',
  'samhsa-otp-2021',
  'samhsa-locator-2017',
  'hsds',
]);
export type ProviderSource = z.infer<typeof providerSourceSchema>;

/** su = substance use treatment, mh = mental health treatment, community = HSDS resource. */
export const typeOfCareSchema = z.enum(['su', 'mh', 'community']);
export type TypeOfCare = z.infer<typeof typeOfCareSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A treatment facility or community resource as Bridge lists it. */
export const providerSchema = z.object({
  /** Stable across re-imports: derived by `providerId` from name, street, city, state and ZIP. */
  id: z.string().min(1),
  name: z.string().min(1).max(300),
  name2: z.string().max(300).nullable(),
  street1: z.string().max(300),
  street2: z.string().max(300).nullable(),
  city: z.string().max(100),
  state: z.string().regex(/^[A-Z]{2}$/),
  /** 5-digit ZIP. */
  zip: z.string().regex(/^\d{5}$/),
  /** Main phone, digits as listed ("703-849-1312", extensions kept as " x123"). */
  phone: z.string().max(40).nullable(),
  /** Date the phone was last confirmed, when it comes from a source older than the listing. */
  phoneAsOf: isoDate.nullable(),
  intakePhone: z.string().max(40).nullable(),
  hotline: z.string().max(40).nullable(),
  website: z.string().max(500).nullable(),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  typeOfCare: z.array(typeOfCareSchema).min(1),
  /** Normalised services this listing states, sorted in `SERVICE_TAGS` order. */
  services: z.array(serviceTagSchema),
  /** Every service code or label the source gave, mapped or not. */
  rawCodes: z.array(z.string()),
  /** False when the source lists no services: filters cannot rule this listing in or out. */
  servicesKnown: z.boolean(),
  source: providerSourceSchema,
  /** Sources merged into this listing besides `source` (e.g. a 2017 phone on a 2021 facility). */
  alsoFrom: z.array(providerSourceSchema),
  /** Date of the source extract the listing was last confirmed in. */
  lastVerified: isoDate.nullable(),
});
export type Provider = z.infer<typeof providerSchema>;

/** Upper-case, single-spaced, punctuation-free form of a name or address used for matching. */
export function normaliseForMatch(text: string): string {
  // Decomposing accents is the slow step; most names are plain ASCII and skip it.
  const plain = NON_ASCII.test(text) ? text.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : text;
  return plain.toUpperCase().replace(/&/g, ' AND ').replace(/[^A-Z0-9]+/g, ' ').trim();
}

const NON_ASCII = /[^\x00-\x7f]/;

const STREET_WORDS = new Map<string, string>(
  Object.entries({
    STREET: 'ST', AVENUE: 'AVE', AV: 'AVE', ROAD: 'RD', DRIVE: 'DR', BOULEVARD: 'BLVD', LANE: 'LN', COURT: 'CT',
    PLACE: 'PL', PARKWAY: 'PKWY', HIGHWAY: 'HWY', CIRCLE: 'CIR', TERRACE: 'TER', SQUARE: 'SQ', TRAIL: 'TRL',
    NORTH: 'N', SOUTH: 'S', EAST: 'E', WEST: 'W', NORTHEAST: 'NE', NORTHWEST: 'NW', SOUTHEAST: 'SE', SOUTHWEST: 'SW',
    FIRST: '1ST', SECOND: '2ND', THIRD: '3RD', FOURTH: '4TH', FIFTH: '5TH', SUITE: 'STE', BUILDING: 'BLDG', FLOOR: 'FL',
  }),
);
const STREET_WORD = new RegExp(`\\b(?:${[...STREET_WORDS.keys()].join('|')})\\b`, 'g');
/** A unit after the street ("STE 4", "BLDG 9"), never the first word. */
const UNIT = / (?:STE|UNIT|BLDG|FL|RM|APT)\b/;

/** A street address reduced for matching: standard abbreviations, no suite or unit. */
export function streetKey(street: string): string {
  const words = normaliseForMatch(street).replace(STREET_WORD, (w) => STREET_WORDS.get(w)!);
  const unit = UNIT.exec(words);
  return unit ? words.slice(0, unit.index) : words;
}

/**
 * Stable id of a listing: a 53-bit hash (cyrb53) of normalised name1, street1 (standard
 * abbreviations, no suite), city, state and 5-digit ZIP, so a re-import of the same facility
 * updates it instead of adding a duplicate, even when one export writes "Street" and another "St.".
 */
export function providerId(name1: string, street1: string, city: string, state: string, zip5: string): string {
  const key = [normaliseForMatch(name1), streetKey(street1), normaliseForMatch(city), normaliseForMatch(state), zip5].join('|');
  return 'p' + cyrb53(key).toString(36);
}

/**
 * `providerId` for many listings at once (decoding a directory): the same ids, with the city and
 * state, which repeat from listing to listing, normalised once each.
 */
export function providerIdsInBulk(): (name1: string, street1: string, city: string, state: string, zip5: string) => string {
  const place = new Map<string, string>();
  const normalised = (text: string) => {
    let value = place.get(text);
    if (value === undefined) place.set(text, (value = normaliseForMatch(text)));
    return value;
  };
  return (name1, street1, city, state, zip5) =>
    'p' + cyrb53([normaliseForMatch(name1), streetKey(street1), normalised(city), normalised(state), zip5].join('|')).toString(36);
}


/**
 * The 5-digit ZIP of a postal code as the SAMHSA extracts give it: repairs codes that lost their
 * leading zeros in a spreadsheet ("6708" → "06708") and drops a ZIP+4 suffix. Null when it is not
 * a ZIP at all.
 */
export function zip5(raw: string): string | null {
  const text = raw.trim();
  const plusFour = /^(\d{3,5})-\d{4}$/.exec(text);
  if (plusFour) return plusFour[1]!.padStart(5, '0');
  if (/^\d{9}$/.test(text)) return text.slice(0, 5);
  if (/^\d{3,5}$/.test(text)) return text.padStart(5, '0');
  return null;
}

const CARE_ORDER: readonly TypeOfCare[] = typeOfCareSchema.options;

/** Types of care de-duplicated, in the order su, mh, community. */
export function sortCare(care: Iterable<TypeOfCare>): TypeOfCare[] {
  const set = new Set(care);
  return CARE_ORDER.filter((t) => set.has(t));
}

/** Sorted, de-duplicated tags in `SERVICE_TAGS` order. */
export function sortTags(tags: Iterable<ServiceTag>): ServiceTag[] {
  const set = new Set(tags);
  return SERVICE_TAGS.filter((t) => set.has(t));
}

/** Trimmed text, or null when blank. */
export function blankToNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}
