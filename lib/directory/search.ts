import { haversineMiles, milesToKm, type LatLng } from '../geo/distance';
import { buildGeoTree, nearestInTree, type GeoTree } from './nearest';
import type { Provider } from './provider';
import { SERVICE_TAGS, serviceTagInfo, type ServiceTag } from './service-codes';

/**
 * The spatial indexes of a directory: one kd-tree over everything, one per service tag, one per
 * selective pair of tags (pairs that keep at most 60% of their rarer tag), and one over the
 * listings whose services are not listed. A query walks the smallest tree that holds only
 * candidates for its needs, so a rare filter never means testing thousands of points. Plain data
 * (typed arrays, numbers, a Map): stored in IndexedDB with the directory and read back as is.
 */
export interface DirectoryTrees {
  readonly all: GeoTree;
  readonly byTag: readonly (GeoTree | null)[];
  readonly byPair: ReadonlyMap<number, GeoTree>;
  readonly unlisted: GeoTree;
}

/** The directory indexed for `nearestProviders`. */
export interface DirectoryIndex extends DirectoryTrees {
  /** Number of listings. */
  readonly size: number;
  /** The listing at a position (decoded on demand from a stored directory). */
  providerAt(position: number): Provider;
  /** Tag mask of each provider (bit i = `SERVICE_TAGS[i]`). */
  readonly masks: Uint32Array;
}

const TAG_BIT = new Map<ServiceTag, number>(SERVICE_TAGS.map((tag, i) => [tag, (1 << i) >>> 0]));
// Module-local copies: hot loops read these instead of an imported binding.
const TAG_COUNT = SERVICE_TAGS.length;
const TAG_INFO = SERVICE_TAGS.map((tag) => serviceTagInfo(tag));
const distanceMiles = haversineMiles;

/** Bit mask of a set of tags (bit i = `SERVICE_TAGS[i]`). */
export function tagMask(tags: Iterable<ServiceTag>): number {
  let mask = 0;
  for (const tag of tags) mask |= TAG_BIT.get(tag)!;
  return mask >>> 0;
}

function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Pair sub-indexes may hold at most this many points in all, times the directory size. */
const PAIR_BUDGET = 3;
/**
 * A pair earns its own tree when it keeps at most this share of its rarer tag's listings. At 0.5
 * pairs keeping about half (medicaid + outpatient in the benchmark) had none, and their walk tested
 * twice the points it returned: 8.5 µs against 3.8 µs with the tree (tests/bench/directory).
 */
const PAIR_SELECTIVITY = 0.6;

/** Builds the spatial indexes; O(n log n) per tree, done once per directory load. */
export function buildDirectoryIndex(providers: readonly Provider[]): DirectoryIndex {
  const n = providers.length;
  const masks = new Uint32Array(n);
  const lng = new Float64Array(n);
  const lat = new Float64Array(n);
  const known = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = providers[i]!;
    masks[i] = tagMask(p.services);
    lng[i] = p.lng;
    lat[i] = p.lat;
    known[i] = p.servicesKnown ? 1 : 0;
  }
  return { size: n, providerAt: (i) => providers[i]!, masks, ...buildDirectoryTrees(lng, lat, masks, known) };
}

/**
 * Builds the spatial indexes from columns: longitude, latitude, tag mask and whether the source
 * lists services (1) or not (0), one entry per listing.
 */
export function buildDirectoryTrees(lng: Float64Array, lat: Float64Array, masks: Uint32Array, known: Uint8Array): DirectoryTrees {
  const n = masks.length;
  const lngLat = new Float64Array(2 * n);
  const tagCounts = new Int32Array(TAG_COUNT);
  let unlistedCount = 0;
  for (let i = 0; i < n; i++) {
    const mask = masks[i]!;
    lngLat[2 * i] = lng[i]!;
    lngLat[2 * i + 1] = lat[i]!;
    for (let bits = mask; bits !== 0; bits &= bits - 1) tagCounts[31 - Math.clz32(bits & -bits)]!++;
    if (!known[i]) unlistedCount++;
  }
  const treeOf = (members: Uint32Array, implied: number): GeoTree => {
    const points = new Float64Array(2 * members.length);
    const subMasks = new Uint32Array(members.length);
    for (let k = 0; k < members.length; k++) {
      const i = members[k]!;
      points[2 * k] = lngLat[2 * i]!;
      points[2 * k + 1] = lngLat[2 * i + 1]!;
      subMasks[k] = masks[i]!;
    }
    return buildGeoTree(points, members, subMasks, implied);
  };
  const membersWhere = (count: number, test: (i: number) => boolean): Uint32Array => {
    const members = new Uint32Array(count);
    let k = 0;
    for (let i = 0; i < n && k < count; i++) if (test(i)) members[k++] = i;
    return members;
  };

  const all = buildGeoTree(lngLat, Uint32Array.from({ length: n }, (_, i) => i), masks, 0);
  const tagMembers = SERVICE_TAGS.map((_, t) => (tagCounts[t]! > 0 ? membersWhere(tagCounts[t]!, (i) => (masks[i]! & (1 << t)) !== 0) : null));
  const byTag = tagMembers.map((members, t) => (members ? treeOf(members, (1 << t) >>> 0) : null));

  // Pair counts from per-tag bitsets: AND + popcount over n/32 words per pair.
  const present: number[] = [];
  for (let t = 0; t < TAG_COUNT; t++) if (tagCounts[t]! > 0) present.push(t);
  const words = (n + 31) >>> 5;
  const bitsets = new Map<number, Uint32Array>();
  for (const t of present) {
    const bits = new Uint32Array(words);
    for (const i of tagMembers[t]!) bits[i >>> 5]! |= 1 << (i & 31);
    bitsets.set(t, bits);
  }
  const candidates: { mask: number; count: number; ratio: number }[] = [];
  for (let x = 0; x < present.length; x++) {
    for (let y = x + 1; y < present.length; y++) {
      const a = present[x]!;
      const b = present[y]!;
      const bitsA = bitsets.get(a)!;
      const bitsB = bitsets.get(b)!;
      let count = 0;
      for (let w = 0; w < words; w++) count += popcount(bitsA[w]! & bitsB[w]!);
      const rarer = Math.min(tagCounts[a]!, tagCounts[b]!);
      if (count > 0 && count <= rarer * PAIR_SELECTIVITY) candidates.push({ mask: ((1 << a) | (1 << b)) >>> 0, count, ratio: count / rarer });
    }
  }
  candidates.sort((p, q) => p.ratio - q.ratio);
  const byPair = new Map<number, GeoTree>();
  let budget = PAIR_BUDGET * n;
  for (const { mask, count } of candidates) {
    if (count > budget) continue;
    budget -= count;
    byPair.set(mask, treeOf(membersWhere(count, (i) => (masks[i]! & mask) === mask), mask));
  }
  // The default directory lists services for almost no one: share the tree rather than copy it.
  const unlisted = unlistedCount === n ? all : treeOf(membersWhere(unlistedCount, (i) => !known[i]), 0);
  return { all, byTag, byPair, unlisted };
}

/** What a clinician needs from a provider, and how far to look. */
export interface NeedQuery {
  /** Services every result must offer (all of them). */
  need?: readonly ServiceTag[];
  /** At most this many results in each list; default 20. */
  limit?: number;
  /** Radius in miles; default unlimited. */
  maxMiles?: number;
  /** Also return the nearest listings whose services are not listed; default true. */
  includeUnlisted?: boolean;
}

/** One provider in a result list. */
export interface ProviderMatch {
  provider: Provider;
  miles: number;
  /** Needs the listing states it meets. */
  offers: ServiceTag[];
  /** Needs the listing does not mention, because its source lists no services. */
  unconfirmed: ServiceTag[];
  /** True when the source lists no services: show "services not listed: call to confirm". */
  servicesNotListed: boolean;
  /** "offers buprenorphine · accepts Medicaid · 4.2 mi". */
  explanation: string;
}

/**
 * The rule for listings whose services are unknown: a filter rules a listing in only when its
 * source states that service. A listing that states its services and lacks a need is left out. A
 * listing whose source lists no services (`servicesKnown: false`) can neither match nor be ruled
 * out: with no needs it is an ordinary result carrying the "services not listed" flag; with needs
 * it is a full match only if it states every need (an OTP states methadone), otherwise it goes to
 * `unlisted`, nearest first, with the needs it could not confirm named.
 */
export interface NearestResult {
  matches: ProviderMatch[];
  unlisted: ProviderMatch[];
}

/** Short distance for a result line: "0.4 mi", "4.2 mi", "17 mi". */
export function formatMiles(miles: number): string {
  return miles < 10 ? `${miles.toFixed(1)} mi` : `${Math.round(miles)} mi`;
}

function describe(provider: Provider, providerMask: number, origin: LatLng, need: readonly ServiceTag[], mask: number): ProviderMatch {
  const miles = distanceMiles(origin, provider);
  const offers: ServiceTag[] = [];
  const unconfirmed: ServiceTag[] = [];
  const parts: string[] = [];
  for (const tag of need) {
    if (providerMask & TAG_BIT.get(tag)!) {
      offers.push(tag);
      parts.push(TAG_INFO[SERVICE_TAGS.indexOf(tag)]!.explain);
    } else unconfirmed.push(tag);
  }
  if (unconfirmed.length > 0) {
    parts.push(`${unconfirmed.map((t) => TAG_INFO[SERVICE_TAGS.indexOf(t)]!.label).join(', ')} not listed: call to confirm`);
  } else if (!provider.servicesKnown && mask === 0) parts.push('services not listed: call to confirm');
  parts.push(formatMiles(miles));
  return { provider, miles, offers, unconfirmed, servicesNotListed: !provider.servicesKnown, explanation: parts.join(' · ') };
}

const EMPTY: GeoTree = buildGeoTree([], [], [], 0);

/** The tree holding the fewest candidates for `mask`. */
function smallestTree(index: DirectoryIndex, mask: number): GeoTree {
  let best = index.all;
  if (mask === 0) return best;
  for (let bits = mask; bits !== 0; bits &= bits - 1) {
    const t = 31 - Math.clz32(bits & -bits);
    const tree = index.byTag[t];
    if (!tree) return EMPTY;
    if (tree.size < best.size) best = tree;
  }
  // Pairs of the needed tags, looked up directly: a query never walks the list of pair trees.
  for (let a = mask; a !== 0; a &= a - 1) {
    const low = a & -a;
    for (let b = a & (a - 1); b !== 0; b &= b - 1) {
      const tree = index.byPair.get((low | (b & -b)) >>> 0);
      if (tree && tree.size < best.size) best = tree;
    }
  }
  return best;
}

/**
 * Positions (for `index.providerAt`) of the nearest providers stating every tag of `mask`, nearest
 * first: the query without the result descriptions, for callers that render lazily.
 */
export function nearestProviderPositions(index: DirectoryIndex, origin: LatLng, mask: number, limit = 20, maxMiles = Infinity): number[] {
  return nearestInTree(smallestTree(index, mask), origin.lng, origin.lat, limit, milesToKm(maxMiles), mask);
}

/**
 * Nearest providers to `origin` meeting every need, nearest first, each with its distance and why
 * it is listed. Walks kd-trees only (no scan of the directory); see `NearestResult` for how
 * listings with unknown services are handled.
 */
export function nearestProviders(index: DirectoryIndex, origin: LatLng, query: NeedQuery = {}): NearestResult {
  const need = [...new Set(query.need ?? [])];
  const limit = query.limit ?? 20;
  const maxKm = query.maxMiles === undefined ? Infinity : milesToKm(query.maxMiles);
  const mask = tagMask(need);
  const matches = nearestInTree(smallestTree(index, mask), origin.lng, origin.lat, limit, maxKm, mask).map((i) =>
    describe(index.providerAt(i), index.masks[i]!, origin, need, mask),
  );
  // With needs, an unlisted listing that states them all is already a match: leave it out here.
  const unlisted =
    mask !== 0 && query.includeUnlisted !== false
      ? nearestInTree(index.unlisted, origin.lng, origin.lat, limit, maxKm, 0, mask).map((i) => describe(index.providerAt(i), index.masks[i]!, origin, need, mask))
      : [];
  return { matches, unlisted };
}

/**
 * The same answer by brute force (every provider, sorted by distance): the reference the tests
 * and the benchmark compare the index with. Never on the query path.
 */
export function nearestProvidersByScan(providers: readonly Provider[], origin: LatLng, query: NeedQuery = {}): NearestResult {
  const need = [...new Set(query.need ?? [])];
  const limit = query.limit ?? 20;
  const maxMiles = query.maxMiles ?? Infinity;
  const mask = tagMask(need);
  const all = providers
    .map((p) => describe(p, tagMask(p.services), origin, need, mask))
    .filter((m) => m.miles <= maxMiles)
    .sort((a, b) => a.miles - b.miles);
  const matches = all.filter((m) => m.unconfirmed.length === 0).slice(0, limit);
  const unlisted =
    mask !== 0 && query.includeUnlisted !== false
      ? all.filter((m) => m.unconfirmed.length > 0 && m.servicesNotListed).slice(0, limit)
      : [];
  return { matches, unlisted };
}
