import type { CompactSource } from './compact';
import type { GeoTree } from './nearest';
import type { Provider, ProviderSource, TypeOfCare } from './provider';
import { buildDirectoryTrees, tagMask, type DirectoryIndex, type DirectoryTrees } from './search';
import { SERVICE_TAGS, type ServiceTag } from './service-codes';

/**
 * The directory as the background stores it in its one IndexedDB record, laid out so that a
 * service worker start can answer a search without decoding it: coordinates, tag masks and flags
 * in typed arrays, the spatial indexes already built (plain typed arrays, see `GeoTree`), and
 * each listing's text as one run of UTF-8 bytes, decoded into a `Provider` only when a search
 * returns it. IndexedDB copies typed arrays in a few milliseconds, where parsing, decoding and
 * indexing the JSON form took hundreds in a cold worker.
 */
export interface PackedDirectory {
  format: 'bridge-directory-packed';
  version: 1;
  /** ISO date the listings were packed. */
  generated: string;
  sources: CompactSource[];
  /** Service tags in the order of the mask bits (`SERVICE_TAGS` when packed). */
  tags: string[];
  count: number;
  /** The text fields of every listing (`TEXT_FIELDS`), separated by U+001F, in UTF-8. */
  text: Uint8Array;
  /** Where listing i's text starts in `text` (bytes); `count + 1` entries. */
  rowStart: Uint32Array;
  lat: Float64Array;
  lng: Float64Array;
  /** Service tags stated (bit k = `tags[k]`). */
  masks: Uint32Array;
  /** Bits 0-2: type of care (su, mh, community); bit 3: the source lists services. */
  flags: Uint8Array;
  /** Index of the listing's source in `sources`. */
  source: Uint8Array;
  /** Other sources merged into the listing (bit k = `sources[k]`). */
  alsoFrom: Uint8Array;
  /** The spatial indexes, or null when they were too large to store (built at load instead). */
  trees: DirectoryTrees | null;
}

const TEXT_FIELDS = ['id', 'name', 'name2', 'street1', 'street2', 'city', 'state', 'zip', 'phone', 'phoneAsOf', 'intakePhone', 'hotline', 'website', 'rawCodes', 'lastVerified'] as const;
const FIELD = '\u001f';
/** Separates raw codes inside their field. */
const CODE = '\u001e';
const CARE: readonly TypeOfCare[] = ['su', 'mh', 'community'];
const KNOWN = 8;
/** Indexes beyond this size are rebuilt at load rather than stored (a 200,000-listing import). */
const MAX_STORED_TREE_BYTES = 48 * 1024 * 1024;

// The three separators cannot appear inside a field; a file that carries them (none does) has them read as spaces.
const clean = (text: string | null): string => (text === null ? '' : text.replace(/[\u001e\u001f]/g, ' '));

function treeBytes(t: GeoTree): number {
  return t.memberAt.byteLength + t.maskAt.byteLength + t.xyzAt.byteLength + t.boxAt.byteLength;
}

/** Packs listings for storage, with their spatial indexes; every source must be in `sources`. */
export function packDirectory(providers: readonly Provider[], sources: readonly CompactSource[], generated: string): PackedDirectory {
  const n = providers.length;
  const sourceIndex = new Map<ProviderSource, number>(sources.map((s, i) => [s.id, i]));
  if (sources.length > 8) throw new Error('A directory can name at most 8 sources.');
  const lat = new Float64Array(n);
  const lng = new Float64Array(n);
  const masks = new Uint32Array(n);
  const flags = new Uint8Array(n);
  const source = new Uint8Array(n);
  const alsoFrom = new Uint8Array(n);
  const rows: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const p = providers[i]!;
    const from = sourceIndex.get(p.source);
    if (from === undefined) throw new Error(`Source ${p.source} of ${p.name} is not listed in the directory header.`);
    lat[i] = p.lat;
    lng[i] = p.lng;
    masks[i] = tagMask(p.services);
    flags[i] = p.typeOfCare.reduce((m, t) => m | (1 << CARE.indexOf(t)), 0) | (p.servicesKnown ? KNOWN : 0);
    source[i] = from;
    alsoFrom[i] = p.alsoFrom.reduce((m, s) => m | (1 << sourceIndex.get(s)!), 0);
    const row = [p.id, p.name, p.name2, p.street1, p.street2, p.city, p.state, p.zip, p.phone, p.phoneAsOf, p.intakePhone, p.hotline, p.website, p.rawCodes.map(clean).join(CODE), p.lastVerified]
      .map((value, k) => (k === 13 ? value! : clean(value)))
      .join(FIELD);
    rows[i] = row;
  }
  // Each row ends with a separator, so a row's last field never runs into the next row.
  const encoder = new TextEncoder();
  const encoded = rows.map((row) => encoder.encode(row + FIELD));
  const rowStart = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) rowStart[i + 1] = rowStart[i]! + encoded[i]!.length;
  const text = new Uint8Array(rowStart[n]!);
  for (let i = 0; i < n; i++) text.set(encoded[i]!, rowStart[i]!);
  const known = new Uint8Array(n);
  for (let i = 0; i < n; i++) known[i] = flags[i]! & KNOWN ? 1 : 0;
  const trees = buildDirectoryTrees(lng, lat, masks, known);
  const stored = new Set<GeoTree>([trees.all, trees.unlisted, ...trees.byPair.values(), ...trees.byTag.filter((t): t is GeoTree => t !== null)]);
  const bytes = [...stored].reduce((sum, t) => sum + treeBytes(t), 0);
  return {
    format: 'bridge-directory-packed',
    version: 1,
    generated,
    sources: [...sources],
    tags: [...SERVICE_TAGS],
    count: n,
    text,
    rowStart,
    lat,
    lng,
    masks,
    flags,
    source,
    alsoFrom,
    trees: bytes <= MAX_STORED_TREE_BYTES ? trees : null,
  };
}

/** A stored directory opened for searching: listings decoded one at a time, on demand. */
export interface OpenedDirectory {
  readonly count: number;
  readonly sources: readonly CompactSource[];
  readonly index: DirectoryIndex;
  /** The listing at a position. */
  providerAt(position: number): Provider;
  /** Every listing (decodes them all: imports and merges only). */
  allProviders(): Provider[];
  /** The listing with this id, if any. */
  findById(id: string): Provider | undefined;
  /** Listings whose source lists their services. */
  withServices(): number;
  /** Listings per source. */
  countBySource(): Map<ProviderSource, number>;
}

function isPacked(value: unknown): value is PackedDirectory {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Partial<PackedDirectory>;
  const n = p.count;
  return (
    p.format === 'bridge-directory-packed' &&
    p.version === 1 &&
    typeof n === 'number' &&
    p.text instanceof Uint8Array &&
    Array.isArray(p.sources) &&
    Array.isArray(p.tags) &&
    p.rowStart instanceof Uint32Array &&
    p.rowStart.length === n + 1 &&
    p.lat instanceof Float64Array &&
    p.lat.length === n &&
    p.lng instanceof Float64Array &&
    p.lng.length === n &&
    p.masks instanceof Uint32Array &&
    p.masks.length === n &&
    p.flags instanceof Uint8Array &&
    p.flags.length === n &&
    p.source instanceof Uint8Array &&
    p.source.length === n &&
    p.alsoFrom instanceof Uint8Array &&
    p.alsoFrom.length === n &&
    p.rowStart[n] === p.text.length
  );
}

/**
 * Opens a stored directory. Throws when the record is not one `packDirectory` wrote. A directory
 * packed by a Bridge version with other service tags has its masks mapped by tag name and its
 * indexes rebuilt; otherwise nothing is decoded until a listing is asked for.
 */
export function openPackedDirectory(value: unknown): OpenedDirectory {
  if (!isPacked(value)) throw new Error('The stored directory is not in the format this version of Bridge reads.');
  const d = value;
  const n = d.count;
  const sameTags = d.tags.length === SERVICE_TAGS.length && d.tags.every((t, k) => t === SERVICE_TAGS[k]);
  let masks = d.masks;
  let trees = d.trees;
  if (!sameTags) {
    const bitOf = d.tags.map((t) => ((SERVICE_TAGS as readonly string[]).includes(t) ? tagMask([t as ServiceTag]) : 0));
    masks = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      let mask = 0;
      for (let bits = d.masks[i]!; bits !== 0; bits &= bits - 1) mask |= bitOf[31 - Math.clz32(bits & -bits)] ?? 0;
      masks[i] = mask >>> 0;
    }
    trees = null;
  }
  if (!trees) {
    const known = new Uint8Array(n);
    for (let i = 0; i < n; i++) known[i] = d.flags[i]! & KNOWN ? 1 : 0;
    trees = buildDirectoryTrees(d.lng, d.lat, masks, known);
  }
  const careOf = Array.from({ length: 8 }, (_, mask) => CARE.filter((_, k) => mask & (1 << k)));
  const alsoFromOf = Array.from({ length: 256 }, (_, mask) => d.sources.filter((_, k) => mask & (1 << k)).map((s) => s.id));
  const cache = new Map<number, Provider>();

  const utf8 = new TextDecoder();
  function fields(i: number): string[] {
    return utf8.decode(d.text.subarray(d.rowStart[i], d.rowStart[i + 1]! - 1)).split(FIELD);
  }

  function providerAt(i: number): Provider {
    const cached = cache.get(i);
    if (cached) return cached;
    if (!(i >= 0 && i < n)) throw new RangeError(`No listing at position ${i}.`);
    const f = fields(i);
    const orNull = (k: number) => (f[k] ? f[k]! : null);
    const services: ServiceTag[] = [];
    for (let bits = masks[i]!; bits !== 0; bits &= bits - 1) services.push(SERVICE_TAGS[31 - Math.clz32(bits & -bits)]!);
    const source = d.sources[d.source[i]!];
    if (!source) throw new Error(`Directory row ${i + 1}: its source is not in the directory header.`);
    const provider: Provider = {
      id: f[0]!,
      name: f[1]!,
      name2: orNull(2),
      street1: f[3]!,
      street2: orNull(4),
      city: f[5]!,
      state: f[6]!,
      zip: f[7]!,
      phone: orNull(8),
      phoneAsOf: orNull(9),
      intakePhone: orNull(10),
      hotline: orNull(11),
      website: orNull(12),
      lat: d.lat[i]!,
      lng: d.lng[i]!,
      typeOfCare: [...careOf[d.flags[i]! & 7]!],
      services,
      rawCodes: f[13] ? f[13].split(CODE) : [],
      servicesKnown: (d.flags[i]! & KNOWN) !== 0,
      source: source.id,
      alsoFrom: [...alsoFromOf[d.alsoFrom[i]!]!],
      lastVerified: orNull(14),
    };
    // Search results stay few; the cache only spares decoding the same listing twice in a session.
    if (cache.size < 10_000) cache.set(i, provider);
    return provider;
  }

  const index: DirectoryIndex = { size: n, providerAt, masks, ...trees };
  return {
    count: n,
    sources: d.sources,
    index,
    providerAt,
    allProviders: () => Array.from({ length: n }, (_, i) => providerAt(i)),
    findById(id) {
      const key = new TextEncoder().encode(id + FIELD);
      rows: for (let i = 0; i < n; i++) {
        const start = d.rowStart[i]!;
        for (let k = 0; k < key.length; k++) if (d.text[start + k] !== key[k]) continue rows;
        return providerAt(i);
      }
      return undefined;
    },
    withServices() {
      let count = 0;
      for (let i = 0; i < n; i++) if (d.flags[i]! & KNOWN) count++;
      return count;
    },
    countBySource() {
      const counts = new Map<ProviderSource, number>();
      for (let i = 0; i < n; i++) {
        const id = d.sources[d.source[i]!]!.id;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    },
  };
}

/** The fields of listing text, in their stored order (for tests and documentation). */
export const PACKED_TEXT_FIELDS = TEXT_FIELDS;
