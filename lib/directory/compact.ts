import { z } from 'zod';
import { providerId, providerSourceSchema, sortTags, type Provider, type ProviderSource, type TypeOfCare } from './provider';
import { SERVICE_TAGS, type ServiceTag } from './service-codes';

/**
 * The directory as bundled (public/data/directory.json) and as stored in one IndexedDB record:
 * one array per field ("columns"), rows sorted by ZIP, so that deflate finds the repetition.
 * Blank text is "", ZIPs and coordinates (1/10,000 degree, about 11 m) are delta-encoded from the
 * previous row, phones keep their digits, tags and types of care are bit masks in the order of
 * `tags` and `CARE`. Ids are not stored: `providerId` derives them again on load.
 */
// Columns are checked as arrays here and value by value while decoding: a zod check of every
// one of ~300,000 values cost more than the rest of the decoding.
const column = z.custom<unknown[]>((value) => Array.isArray(value), { message: 'must be a list' });

export const compactDirectorySchema = z
  .object({
    format: z.literal('bridge-directory'),
    version: z.literal(1),
    /** ISO date the file was built. */
    generated: z.string(),
    sources: z.array(z.object({ id: providerSourceSchema, title: z.string(), asOf: z.string().nullable(), url: z.string().nullable() })),
    tags: z.array(z.string()),
    count: z.number().int().nonnegative(),
    columns: z.object({
      name: column,
      name2: column,
      street1: column,
      street2: column,
      city: column,
      state: column,
      zip: column,
      phone: column,
      phoneAsOf: column,
      intakePhone: column,
      hotline: column,
      website: column,
      lat: column,
      lng: column,
      care: column,
      services: column,
      rawCodes: column,
      servicesKnown: column,
      source: column,
      alsoFrom: column,
      lastVerified: column,
      /** Present in the stored record (not in the bundle): saves deriving every id at start-up. */
      id: column.optional(),
    }),
  })
  .refine((d) => Object.values(d.columns).every((c) => c === undefined || c.length === d.count), { message: 'every column must have `count` entries' });
type Columns = {
  [K in 'name' | 'name2' | 'street1' | 'street2' | 'city' | 'state' | 'phone' | 'phoneAsOf' | 'intakePhone' | 'hotline' | 'website' | 'rawCodes' | 'lastVerified']: string[];
} & { [K in 'zip' | 'lat' | 'lng' | 'care' | 'services' | 'source' | 'alsoFrom']: number[] } & { servicesKnown: (0 | 1)[]; id?: string[] };

/** The compact directory: header plus one array per field. */
export type CompactDirectory = Omit<z.infer<typeof compactDirectorySchema>, 'columns'> & { columns: Columns };

/** A source named in the compact file's header. */
export type CompactSource = CompactDirectory['sources'][number];

const CARE: readonly TypeOfCare[] = ['su', 'mh', 'community'];
const CARE_BY_MASK: readonly TypeOfCare[][] = Array.from({ length: 8 }, (_, mask) => CARE.filter((_, k) => mask & (1 << k)));
const SCALE = 10_000;

function phoneDigits(phone: string | null): string {
  if (phone === null) return '';
  const match = /^(\d{3})-(\d{3})-(\d{4})(?: x(\d+))?$/.exec(phone);
  return match ? `${match[1]}${match[2]}${match[3]}${match[4] ? `x${match[4]}` : ''}` : phone;
}

function phoneText(digits: string): string | null {
  if (digits === '') return null;
  const match = /^(\d{3})(\d{3})(\d{4})(?:x(\d+))?$/.exec(digits);
  return match ? `${match[1]}-${match[2]}-${match[3]}${match[4] ? ` x${match[4]}` : ''}` : digits;
}

function sourceAt(sources: readonly CompactSource[], index: number, row: number): ProviderSource {
  const source = sources[index];
  if (!source) throw new Error(`Directory row ${row + 1}: \`source\` ${index} is not in the header's ${sources.length} sources.`);
  return source.id;
}

/**
 * Builds the compact form; every provider's source must be listed in `sources`. `includeIds` adds
 * the ids (for the stored record; the bundle leaves them out to stay small).
 */
export function encodeDirectory(providers: readonly Provider[], sources: readonly CompactSource[], generated: string, includeIds = false): CompactDirectory {
  const sourceIndex = new Map<ProviderSource, number>(sources.map((s, i) => [s.id, i]));
  const sorted = [...providers].sort((a, b) => a.zip.localeCompare(b.zip) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const c: CompactDirectory['columns'] = {
    name: [], name2: [], street1: [], street2: [], city: [], state: [], zip: [], phone: [], phoneAsOf: [], intakePhone: [],
    hotline: [], website: [], lat: [], lng: [], care: [], services: [], rawCodes: [], servicesKnown: [], source: [], alsoFrom: [],
    lastVerified: [],
  };
  let zip = 0;
  let lat = 0;
  let lng = 0;
  for (const p of sorted) {
    const source = sourceIndex.get(p.source);
    if (source === undefined) throw new Error(`Source ${p.source} of ${p.name} is not listed in the directory header.`);
    c.name.push(p.name);
    c.name2.push(p.name2 ?? '');
    c.street1.push(p.street1);
    c.street2.push(p.street2 ?? '');
    c.city.push(p.city);
    c.state.push(p.state);
    c.zip.push(Number(p.zip) - zip);
    zip = Number(p.zip);
    c.phone.push(phoneDigits(p.phone));
    c.phoneAsOf.push(p.phoneAsOf ?? '');
    c.intakePhone.push(phoneDigits(p.intakePhone));
    c.hotline.push(phoneDigits(p.hotline));
    c.website.push(p.website === null ? '' : p.website.replace(/^http:\/\//, ''));
    const qLat = Math.round(p.lat * SCALE);
    const qLng = Math.round(p.lng * SCALE);
    c.lat.push(qLat - lat);
    c.lng.push(qLng - lng);
    lat = qLat;
    lng = qLng;
    c.care.push(p.typeOfCare.reduce((m, t) => m | (1 << CARE.indexOf(t)), 0));
    c.services.push(p.services.reduce((m, t) => (m | (1 << SERVICE_TAGS.indexOf(t))) >>> 0, 0));
    c.rawCodes.push(p.rawCodes.join('|'));
    c.servicesKnown.push(p.servicesKnown ? 1 : 0);
    c.source.push(source);
    c.alsoFrom.push(p.alsoFrom.reduce((m, s) => m | (1 << sourceIndex.get(s)!), 0));
    c.lastVerified.push(p.lastVerified ?? '');
    if (includeIds) (c.id ??= []).push(p.id);
  }
  return { format: 'bridge-directory', version: 1, generated, sources: [...sources], tags: [...SERVICE_TAGS], count: sorted.length, columns: c };
}

/**
 * Reads a compact directory back into providers. The header and column lengths are validated
 * (zod); a file built by another Bridge version with a different tag list is mapped by tag name.
 */
export function decodeDirectory(json: unknown): Provider[] {
  const d = compactDirectorySchema.parse(json);
  const c = d.columns as unknown as Columns;
  // Type-check each column in one tight loop, then read values directly.
  const texts = ['name', 'name2', 'street1', 'street2', 'city', 'state', 'phone', 'phoneAsOf', 'intakePhone', 'hotline', 'website', 'rawCodes', 'lastVerified', 'id'] as const;
  const ints = ['zip', 'lat', 'lng', 'care', 'services', 'source', 'alsoFrom', 'servicesKnown'] as const;
  for (const name of texts) {
    const values: unknown[] | undefined = c[name];
    if (values === undefined) continue;
    for (let i = 0; i < values.length; i++) {
      if (typeof values[i] !== 'string') throw new Error(`Directory row ${i + 1}: \`${name}\` must be text.`);
    }
  }
  for (const name of ints) {
    const values: unknown[] = c[name];
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (typeof value !== 'number' || (value | 0) !== value) throw new Error(`Directory row ${i + 1}: \`${name}\` must be a whole number.`);
    }
  }
  for (let i = 0; i < d.count; i++) sourceAt(d.sources, c.source[i]!, i);
  const tagOf = d.tags.map((t) => ((SERVICE_TAGS as readonly string[]).includes(t) ? (t as ServiceTag) : null));
  const sameTags = tagOf.length === SERVICE_TAGS.length && tagOf.every((t, k) => t === SERVICE_TAGS[k]);
  const careOf = CARE_BY_MASK;
  const alsoFromOf = new Map<number, ProviderSource[]>();
  const ids = c.id;
  const providers = new Array<Provider>(d.count);
  let zip = 0;
  let lat = 0;
  let lng = 0;
  for (let i = 0; i < d.count; i++) {
    zip += c.zip[i]!;
    lat += c.lat[i]!;
    lng += c.lng[i]!;
    const services: ServiceTag[] = [];
    for (let bits = c.services[i]!; bits !== 0; bits &= bits - 1) {
      const tag = tagOf[31 - Math.clz32(bits & -bits)];
      if (tag) services.push(tag);
    }
    const alsoFromMask = c.alsoFrom[i]!;
    let alsoFrom = alsoFromOf.get(alsoFromMask);
    if (!alsoFrom) {
      alsoFrom = d.sources.filter((_, k) => alsoFromMask & (1 << k)).map((s) => s.id);
      alsoFromOf.set(alsoFromMask, alsoFrom);
    }
    const website = c.website[i]!;
    const rawCodes = c.rawCodes[i]!;
    const name = c.name[i]!;
    const street1 = c.street1[i]!;
    const city = c.city[i]!;
    const state = c.state[i]!;
    const zip5 = String(zip).padStart(5, '0');
    providers[i] = {
      id: ids ? ids[i]! : providerId(name, street1, city, state, zip5),
      name,
      name2: c.name2[i] || null,
      street1,
      street2: c.street2[i] || null,
      city,
      state,
      zip: zip5,
      phone: phoneText(c.phone[i]!),
      phoneAsOf: c.phoneAsOf[i] || null,
      intakePhone: phoneText(c.intakePhone[i]!),
      hotline: phoneText(c.hotline[i]!),
      website: website === '' ? null : website.startsWith('http://') || website.startsWith('https://') ? website : `http://${website}`,
      lat: lat / SCALE,
      lng: lng / SCALE,
      typeOfCare: [...(careOf[c.care[i]! & 7] ?? [])],
      services: sameTags ? services : sortTags(services),
      rawCodes: rawCodes ? rawCodes.split('|') : [],
      servicesKnown: c.servicesKnown[i] === 1,
      source: d.sources[c.source[i]!]!.id,
      alsoFrom: [...alsoFrom],
      lastVerified: c.lastVerified[i] || null,
    };
  }
  return providers;
}
