import { z } from 'zod';
import type { CompactSource } from './compact';
import type { ZipCentroids } from '../geo/zip-centroids';
import { providerIdsInBulk, providerSourceSchema, sortTags, type Provider, type ProviderSource, type TypeOfCare } from './provider';
import { SERVICE_TAGS, type ServiceTag } from './service-codes';

/**
 * The directory as bundled in the extension (public/data/directory.bin), laid out for the
 * package's deflate (the Web Store zips the extension): one section per field, rows sorted by
 * ZIP then name, so that neighbours share text and numbers change little from row to row.
 *
 * Binary: "BDIR", version byte (2), header length (u32 LE), header (JSON: generated, sources,
 * tags, count, and each section's name and byte length in order), then the sections.
 * - Text sections: the values joined by "\n" in UTF-8 ("\\" and "\n" escaped as "\\\\" and
 *   "\\n"). City, state and the dates write "" for "same as the row before" (a real "" is "\\e").
 * - Number sections: unsigned integers in byte planes (all low bytes, then the next...); the
 *   number of planes is the section's length divided by its count. ZIPs are steps from the row
 *   before, zigzag-coded. Coordinates (1/10,000 degree, about 11 m) are offsets from the centroid
 *   of the listing's ZIP in the bundled ZIP table (from the row before when the ZIP is not in it),
 *   so the decoder needs that table: a facility lies a few km from its ZIP's centre, where the
 *   row before may be in the next town.
 * - Phones: a kind per row (none, NNN-NNN-NNNN, the same with " x" extension, other text, same as
 *   the main phone), and for NNN-NNN-NNNN the area code as a step from the previous one, the
 *   exchange and the line as numbers: digits as text deflate to about twice that.
 * Ids are not stored: `providerId` derives them on load (as for the earlier JSON bundle).
 */
export const BUNDLE_MAGIC = 'BDIR';
const VERSION = 2;
const SCALE = 10_000;
const CARE: readonly TypeOfCare[] = ['su', 'mh', 'community'];
const CARE_BY_MASK: readonly TypeOfCare[][] = Array.from({ length: 8 }, (_, mask) => CARE.filter((_, k) => mask & (1 << k)));
const KNOWN = 8;

const headerSchema = z.object({
  generated: z.string(),
  sources: z.array(z.object({ id: providerSourceSchema, title: z.string(), asOf: z.string().nullable(), url: z.string().nullable() })).max(8),
  tags: z.array(z.string()).max(32),
  count: z.number().int().nonnegative(),
  /** Entries of the ZIP table the coordinates are offsets from. */
  zipTableSize: z.number().int().nonnegative(),
  /** Row kinds (`packKind`), indexed by the `kind` section. */
  kinds: z.array(z.number().int().nonnegative()),
  sections: z.array(z.tuple([z.string(), z.number().int().nonnegative()])),
});

/** A decoded bundle: the listings and the header they were built with. */
export interface DirectoryBundle {
  generated: string;
  sources: CompactSource[];
  providers: Provider[];
}

/** Bytes of a bundle that is not one, or is damaged: what was wrong, in words. */
export class DirectoryBundleError extends Error {
  override name = 'DirectoryBundleError';
}

const zigzag = (v: number) => (v < 0 ? -2 * v - 1 : 2 * v);
const unzigzag = (u: number) => (u & 1 ? -(u + 1) / 2 : u / 2);

function escapeText(value: string): string {
  return value.includes('\\') || value.includes('\n') ? value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n') : value;
}

function unescapeText(value: string): string {
  if (value === '\\e') return '';
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

const encoder = new TextEncoder();

function textSection(values: readonly string[], repeats = false): Uint8Array {
  const out = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    out[i] = repeats && i > 0 && value === values[i - 1] ? '' : repeats && value === '' ? '\\e' : escapeText(value);
  }
  return encoder.encode(out.join('\n'));
}

function numberSection(values: readonly number[]): Uint8Array {
  let max = 0;
  for (const v of values) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`A bundle number must be a whole number from 0 to 2^32-1, got ${v}.`);
    if (v > max) max = v;
  }
  const planes = max === 0 ? 0 : max < 0x100 ? 1 : max < 0x10000 ? 2 : max < 0x1000000 ? 3 : 4;
  const n = values.length;
  const bytes = new Uint8Array(planes * n);
  for (let i = 0; i < n; i++) for (let p = 0; p < planes; p++) bytes[p * n + i] = (values[i]! >>> (8 * p)) & 0xff;
  return bytes;
}

/** Steps from the previous value, zigzag-coded. */
function steps(values: readonly number[]): number[] {
  let previous = 0;
  return values.map((v) => {
    const step = zigzag(v - previous);
    previous = v;
    return step;
  });
}

const NANP = /^(\d{3})-(\d{3})-(\d{4})(?: x(\d+))?$/;
const PHONE_NONE = 0;
const PHONE_NANP = 1;
const PHONE_NANP_EXT = 2;
const PHONE_TEXT = 3;
const PHONE_SAME = 4;

/** A phone column's sections, and each row's phone kind (written in the row kinds). */
function phoneSections(name: string, phones: readonly (string | null)[], main: readonly (string | null)[] | null): { kind: number[]; sections: [string, Uint8Array][] } {
  const kind: number[] = [];
  const area: number[] = [];
  const exchange: number[] = [];
  const line: number[] = [];
  const extension: string[] = [];
  const text: string[] = [];
  let previousArea = 0;
  phones.forEach((phone, i) => {
    if (phone === null) return void kind.push(PHONE_NONE);
    if (main && phone === main[i]) return void kind.push(PHONE_SAME);
    const match = NANP.exec(phone);
    if (!match) {
      kind.push(PHONE_TEXT);
      text.push(phone);
      return;
    }
    kind.push(match[4] === undefined ? PHONE_NANP : PHONE_NANP_EXT);
    const code = Number(match[1]);
    area.push(zigzag(code - previousArea));
    previousArea = code;
    exchange.push(Number(match[2]));
    line.push(Number(match[3]));
    if (match[4] !== undefined) extension.push(match[4]);
  });
  return {
    kind,
    sections: [
    [`${name}.area`, numberSection(area)],
    [`${name}.exchange`, numberSection(exchange)],
    [`${name}.line`, numberSection(line)],
    [`${name}.extension`, textSection(extension)],
    [`${name}.text`, textSection(text)],
    ],
  };
}

/**
 * What kind of row each listing is, packed in one number: type of care and services known
 * (bits 0-3), source (4-6), other sources (7-14), phone, intake and hotline kinds (15-23), website
 * kind (24-25), name2 and street2 present (26, 27). A directory has a few hundred such kinds at
 * most; each row stores the index of its kind, one byte where eight separate flags deflate to
 * about twice that.
 */
interface RowKind {
  flags: number;
  alsoFrom: number;
  phone: number;
  intake: number;
  hotline: number;
  website: number;
  name2: boolean;
  street2: boolean;
}

const packKind = (k: RowKind) =>
  k.flags | (k.alsoFrom << 7) | (k.phone << 15) | (k.intake << 18) | (k.hotline << 21) | (k.website << 24) | (k.name2 ? 1 << 26 : 0) | (k.street2 ? 1 << 27 : 0);

const unpackKind = (v: number): RowKind => ({
  flags: v & 0x7f,
  alsoFrom: (v >>> 7) & 0xff,
  phone: (v >>> 15) & 7,
  intake: (v >>> 18) & 7,
  hotline: (v >>> 21) & 7,
  website: (v >>> 24) & 3,
  name2: (v & (1 << 26)) !== 0,
  street2: (v & (1 << 27)) !== 0,
});

/** Where a row's coordinates are measured from: its ZIP's centroid, else the row before. */
function coordinateBase(zips: ZipCentroids, zip5: string, previousLat: number, previousLng: number): [number, number] {
  const centre = zips.get(zip5);
  return centre ? [Math.round(centre.lat * SCALE), Math.round(centre.lng * SCALE)] : [previousLat, previousLng];
}

function coordinateSections(rows: readonly Provider[], zips: ZipCentroids): [string, Uint8Array][] {
  const lat: number[] = [];
  const lng: number[] = [];
  let previousLat = 0;
  let previousLng = 0;
  for (const p of rows) {
    const [baseLat, baseLng] = coordinateBase(zips, p.zip, previousLat, previousLng);
    previousLat = Math.round(p.lat * SCALE);
    previousLng = Math.round(p.lng * SCALE);
    lat.push(zigzag(previousLat - baseLat));
    lng.push(zigzag(previousLng - baseLng));
  }
  return [
    ['lat', numberSection(lat)],
    ['lng', numberSection(lng)],
  ];
}

const WEBSITE_NONE = 0;
const WEBSITE_HTTP = 1;
const WEBSITE_AS_IS = 2;

/**
 * Builds the bundle (build time). Every provider's source must be in `sources` (at most 8), and
 * its coordinates are kept to 1/10,000 degree.
 */
export function encodeBundle(providers: readonly Provider[], sources: readonly CompactSource[], generated: string, zips: ZipCentroids): Uint8Array {
  if (sources.length > 8) throw new RangeError('A directory bundle can name at most 8 sources.');
  const sourceIndex = new Map<ProviderSource, number>(sources.map((s, i) => [s.id, i]));
  const rows = [...providers].sort((a, b) => a.zip.localeCompare(b.zip) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const column = <T>(read: (p: Provider) => T): T[] => rows.map(read);
  const flags = rows.map((p) => {
    const source = sourceIndex.get(p.source);
    if (source === undefined) throw new Error(`Source ${p.source} of ${p.name} is not listed in the directory header.`);
    return p.typeOfCare.reduce((m, t) => m | (1 << CARE.indexOf(t)), 0) | (p.servicesKnown ? KNOWN : 0) | (source << 4);
  });
  const website = column((p) => p.website);
  const phone = column((p) => p.phone);
  const phones = phoneSections('phone', phone, null);
  const intakes = phoneSections('intakePhone', column((p) => p.intakePhone), phone);
  const hotlines = phoneSections('hotline', column((p) => p.hotline), phone);
  const kinds = rows.map((p, i) =>
    packKind({
      flags: flags[i]!,
      alsoFrom: p.alsoFrom.reduce((m, s) => m | (1 << sourceIndex.get(s)!), 0),
      phone: phones.kind[i]!,
      intake: intakes.kind[i]!,
      hotline: hotlines.kind[i]!,
      website: website[i] === null ? WEBSITE_NONE : website[i]!.startsWith('http://') ? WEBSITE_HTTP : WEBSITE_AS_IS,
      name2: p.name2 !== null,
      street2: p.street2 !== null,
    }),
  );
  const kindCounts = new Map<number, number>();
  for (const k of kinds) kindCounts.set(k, (kindCounts.get(k) ?? 0) + 1);
  // Most frequent first: the commonest kinds get the smallest indexes.
  const kindTable = [...kindCounts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([k]) => k);
  const kindIndex = new Map(kindTable.map((k, i) => [k, i]));
  const sections: [string, Uint8Array][] = [
    ['kind', numberSection(kinds.map((k) => kindIndex.get(k)!))],
    ['name', textSection(column((p) => p.name))],
    ['name2', textSection(rows.flatMap((p) => (p.name2 === null ? [] : [p.name2])))],
    ['street1', textSection(column((p) => p.street1))],
    ['street2', textSection(rows.flatMap((p) => (p.street2 === null ? [] : [p.street2])))],
    ['city', textSection(column((p) => p.city), true)],
    ['state', textSection(column((p) => p.state), true)],
    ['zip', numberSection(steps(column((p) => Number(p.zip))))],
    ...coordinateSections(rows, zips),
    ...phones.sections,
    ['phoneAsOf', textSection(column((p) => p.phoneAsOf ?? ''), true)],
    ...intakes.sections,
    ...hotlines.sections,
    ['website', textSection(website.flatMap((w) => (w === null ? [] : [w.startsWith('http://') ? w.slice(7) : w])))],
    ['services', numberSection(column((p) => p.services.reduce((m, t) => (m | (1 << SERVICE_TAGS.indexOf(t))) >>> 0, 0)))],
    ['rawCodes.count', numberSection(column((p) => p.rawCodes.length))],
    ['rawCodes', textSection(rows.flatMap((p) => p.rawCodes))],
    ['lastVerified', textSection(column((p) => p.lastVerified ?? ''), true)],
  ];
  const header = encoder.encode(
    JSON.stringify({ generated, sources, tags: SERVICE_TAGS, count: rows.length, zipTableSize: zips.size, kinds: kindTable, sections: sections.map(([name, bytes]) => [name, bytes.length]) }),
  );
  const total = 9 + header.length + sections.reduce((sum, [, bytes]) => sum + bytes.length, 0);
  const out = new Uint8Array(total);
  out.set(encoder.encode(BUNDLE_MAGIC), 0);
  out[4] = VERSION;
  new DataView(out.buffer).setUint32(5, header.length, true);
  out.set(header, 9);
  let at = 9 + header.length;
  for (const [, bytes] of sections) {
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}

/** Reads the sections of a bundle, checking each one's size against the row count. */
class SectionReader {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  constructor(
    private readonly sections: Map<string, Uint8Array>,
    private readonly count: number,
  ) {}

  private bytes(name: string): Uint8Array {
    const bytes = this.sections.get(name);
    if (!bytes) throw new DirectoryBundleError(`The directory bundle has no \`${name}\` section.`);
    return bytes;
  }

  /** `length` values of a text section (default: one per row). */
  text(name: string, length = this.count, repeats = false): string[] {
    const bytes = this.bytes(name);
    if (length === 0) {
      if (bytes.length !== 0) throw new DirectoryBundleError(`\`${name}\` holds text where none was expected.`);
      return [];
    }
    const joined = this.decoder.decode(bytes);
    const values = joined.split('\n');
    if (values.length !== length) throw new DirectoryBundleError(`\`${name}\` has ${values.length} values, expected ${length}.`);
    const escaped = joined.includes('\\');
    if (!escaped && !repeats) return values;
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      if (repeats && value === '') {
        if (i === 0) throw new DirectoryBundleError(`\`${name}\` row 1 repeats a row before it.`);
        values[i] = values[i - 1]!;
      } else if (escaped && value.includes('\\')) values[i] = unescapeText(value);
    }
    return values;
  }

  /** `length` unsigned numbers of a number section. */
  numbers(name: string, length = this.count): Uint32Array {
    const bytes = this.bytes(name);
    const out = new Uint32Array(length);
    if (length === 0 ? bytes.length !== 0 : bytes.length % length !== 0 || bytes.length / length > 4) {
      throw new DirectoryBundleError(`\`${name}\` is ${bytes.length} bytes, which does not fit ${length} values.`);
    }
    const planes = length === 0 ? 0 : bytes.length / length;
    for (let p = 0; p < planes; p++) {
      const base = p * length;
      const shift = 8 * p;
      for (let i = 0; i < length; i++) out[i] = (out[i]! | (bytes[base + i]! << shift)) >>> 0;
    }
    return out;
  }

  /** Running sums of zigzag steps. */
  stepped(name: string): Int32Array {
    const u = this.numbers(name);
    const out = new Int32Array(u.length);
    let value = 0;
    for (let i = 0; i < u.length; i++) out[i] = value += unzigzag(u[i]!);
    return out;
  }

  phones(name: string, kind: Uint8Array, main: readonly (string | null)[] | null): (string | null)[] {
    let nanp = 0;
    let withExtension = 0;
    let other = 0;
    for (const k of kind) {
      if (k === PHONE_NANP || k === PHONE_NANP_EXT) nanp++;
      if (k === PHONE_NANP_EXT) withExtension++;
      if (k === PHONE_TEXT) other++;
      if (k > PHONE_SAME || (k === PHONE_SAME && !main)) throw new DirectoryBundleError(`\`${name}.kind\` has an unknown kind ${k}.`);
    }
    const area = this.numbers(`${name}.area`, nanp);
    const exchange = this.numbers(`${name}.exchange`, nanp);
    const line = this.numbers(`${name}.line`, nanp);
    const extension = this.text(`${name}.extension`, withExtension);
    const text = this.text(`${name}.text`, other);
    const out = new Array<string | null>(kind.length);
    let code = 0;
    let n = 0;
    let e = 0;
    let t = 0;
    for (let i = 0; i < kind.length; i++) {
      const k = kind[i]!;
      if (k === PHONE_NONE) out[i] = null;
      else if (k === PHONE_SAME) out[i] = main![i]!;
      else if (k === PHONE_TEXT) out[i] = text[t++]!;
      else {
        code += unzigzag(area[n]!);
        const digits = `${String(code).padStart(3, '0')}-${String(exchange[n]!).padStart(3, '0')}-${String(line[n]!).padStart(4, '0')}`;
        n++;
        out[i] = k === PHONE_NANP_EXT ? `${digits} x${extension[e++]!}` : digits;
      }
    }
    return out;
  }
}

/** Whether `bytes` start like a directory bundle (rather than, say, the JSON of an earlier Bridge). */
export function isDirectoryBundle(bytes: Uint8Array): boolean {
  return bytes.length >= 9 && String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!) === BUNDLE_MAGIC;
}

/** Reads a bundle back into listings, exactly as they were encoded (coordinates to 1/10,000 degree). */
export function decodeBundle(bytes: Uint8Array, zips: ZipCentroids): DirectoryBundle {
  if (!isDirectoryBundle(bytes)) throw new DirectoryBundleError('This is not a Bridge directory bundle.');
  if (bytes[4] !== VERSION) throw new DirectoryBundleError(`Directory bundle version ${bytes[4]} is not supported (expected ${VERSION}).`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(5, true);
  if (9 + headerLength > bytes.length) throw new DirectoryBundleError('The directory bundle is cut short.');
  const parsed = headerSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes.subarray(9, 9 + headerLength))));
  if (!parsed.success) throw new DirectoryBundleError(`The directory bundle's header is damaged: ${parsed.error.issues[0]?.message ?? ''}`);
  const header = parsed.data;
  if (header.zipTableSize !== zips.size) {
    throw new DirectoryBundleError(`The directory bundle was built with a ZIP table of ${header.zipTableSize} ZIPs; this one has ${zips.size}.`);
  }
  const sections = new Map<string, Uint8Array>();
  let at = 9 + headerLength;
  for (const [name, length] of header.sections) {
    if (at + length > bytes.length) throw new DirectoryBundleError(`The directory bundle is cut short in \`${name}\`.`);
    sections.set(name, bytes.subarray(at, at + length));
    at += length;
  }
  const n = header.count;
  const read = new SectionReader(sections, n);
  const kindIndex = read.numbers('kind');
  const kindTable = header.kinds.map(unpackKind);
  const flags = new Uint8Array(n);
  const alsoFromMask = new Uint8Array(n);
  const phoneKind = new Uint8Array(n);
  const intakeKind = new Uint8Array(n);
  const hotlineKind = new Uint8Array(n);
  const websiteKind = new Uint8Array(n);
  const name2Present = new Uint8Array(n);
  const street2Present = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const kind = kindTable[kindIndex[i]!];
    if (!kind) throw new DirectoryBundleError(`Directory row ${i + 1}: kind ${kindIndex[i]} is not in the header's ${kindTable.length} kinds.`);
    flags[i] = kind.flags;
    alsoFromMask[i] = kind.alsoFrom;
    phoneKind[i] = kind.phone;
    intakeKind[i] = kind.intake;
    hotlineKind[i] = kind.hotline;
    websiteKind[i] = kind.website;
    name2Present[i] = kind.name2 ? 1 : 0;
    street2Present[i] = kind.street2 ? 1 : 0;
  }
  const count = (values: Uint8Array, test: (v: number) => boolean) => values.reduce((sum, v) => sum + (test(v) ? 1 : 0), 0);
  const name = read.text('name');
  const name2 = read.text('name2', count(name2Present, Boolean));
  const street1 = read.text('street1');
  const street2 = read.text('street2', count(street2Present, Boolean));
  const city = read.text('city', n, true);
  const state = read.text('state', n, true);
  const zip = read.stepped('zip');
  const latOffset = read.numbers('lat');
  const lngOffset = read.numbers('lng');
  const phone = read.phones('phone', phoneKind, null);
  const phoneAsOf = read.text('phoneAsOf', n, true);
  const intakePhone = read.phones('intakePhone', intakeKind, phone);
  const hotline = read.phones('hotline', hotlineKind, phone);
  const websites = read.text('website', count(websiteKind, (k) => k !== WEBSITE_NONE));
  const services = read.numbers('services');
  const rawCodeCount = read.numbers('rawCodes.count');
  const rawCodes = read.text('rawCodes', rawCodeCount.reduce((sum, c) => sum + c, 0));
  const lastVerified = read.text('lastVerified', n, true);

  const sourceIds = header.sources.map((s) => s.id);
  const tagOf = header.tags.map((t) => ((SERVICE_TAGS as readonly string[]).includes(t) ? (t as ServiceTag) : null));
  const sameTags = tagOf.length === SERVICE_TAGS.length && tagOf.every((t, k) => t === SERVICE_TAGS[k]);
  const alsoFromOf = new Map<number, ProviderSource[]>();
  const providerId = providerIdsInBulk();
  const providers = new Array<Provider>(n);
  let w = 0;
  let r = 0;
  let m = 0;
  let s = 0;
  let lat = 0;
  let lng = 0;
  for (let i = 0; i < n; i++) {
    const flag = flags[i]!;
    const source = sourceIds[flag >> 4];
    if (source === undefined) throw new DirectoryBundleError(`Directory row ${i + 1}: source ${flag >> 4} is not in the header's ${sourceIds.length} sources.`);
    const tags: ServiceTag[] = [];
    for (let bits = services[i]!; bits !== 0; bits &= bits - 1) {
      const tag = tagOf[31 - Math.clz32(bits & -bits)];
      if (tag) tags.push(tag);
    }
    const mask = alsoFromMask[i]!;
    let alsoFrom = alsoFromOf.get(mask);
    if (!alsoFrom) {
      alsoFrom = sourceIds.filter((_, k) => mask & (1 << k));
      alsoFromOf.set(mask, alsoFrom);
    }
    const site = websiteKind[i]!;
    const website = site === WEBSITE_NONE ? null : site === WEBSITE_HTTP ? `http://${websites[w++]!}` : websites[w++]!;
    const codes = rawCodeCount[i]! === 0 ? [] : rawCodes.slice(r, (r += rawCodeCount[i]!));
    const zip5 = String(zip[i]!).padStart(5, '0');
    const [baseLat, baseLng] = coordinateBase(zips, zip5, lat, lng);
    lat = baseLat + unzigzag(latOffset[i]!);
    lng = baseLng + unzigzag(lngOffset[i]!);
    providers[i] = {
      id: providerId(name[i]!, street1[i]!, city[i]!, state[i]!, zip5),
      name: name[i]!,
      name2: name2Present[i] ? name2[m++]! : null,
      street1: street1[i]!,
      street2: street2Present[i] ? street2[s++]! : null,
      city: city[i]!,
      state: state[i]!,
      zip: zip5,
      phone: phone[i]!,
      phoneAsOf: phoneAsOf[i] || null,
      intakePhone: intakePhone[i]!,
      hotline: hotline[i]!,
      website,
      lat: lat / SCALE,
      lng: lng / SCALE,
      typeOfCare: [...CARE_BY_MASK[flag & 7]!],
      services: sameTags ? tags : sortTags(tags),
      rawCodes: codes,
      servicesKnown: (flag & KNOWN) !== 0,
      source,
      alsoFrom: [...alsoFrom],
      lastVerified: lastVerified[i] || null,
    };
  }
  return { generated: header.generated, sources: header.sources, providers };
}
