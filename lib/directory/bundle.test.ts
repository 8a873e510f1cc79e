import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeZipCentroids, encodeZipCentroids } from '../geo/zip-centroids';
import { decodeBundle, DirectoryBundleError, encodeBundle, isDirectoryBundle } from './bundle';
import { providerId, providerSchema, type Provider, type ProviderSource } from './provider';
import { SERVICE_TAGS } from './service-codes';

const sources = [
  { id: 'samhsa-su-2021' as const, title: 'SU 2021', asOf: '2021-07-28', url: null },
  { id: 'samhsa-otp-2021' as const, title: 'OTP 2021', asOf: '2021-07-28', url: 'https://example.org' },
  { id: 'samhsa-locator-2017' as const, title: 'Locator 2017', asOf: '2017-06-09', url: null },
];
const zips = decodeZipCentroids(
  encodeZipCentroids(
    [
      ['02139', 42.3647, -71.1042],
      ['02108', 42.3576, -71.0684],
      ['00901', 18.4655, -66.1057],
      ['99501', 61.2166, -149.8762],
    ],
    'test',
  ),
);
const byRow = (a: Provider, b: Provider) => a.zip.localeCompare(b.zip) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/** Text with the characters the format has to escape, and blanks. */
const text = (maxLength = 20) => fc.oneof(fc.string({ maxLength }), fc.constantFrom('', '\n', '\\', '\\e', '\\n', 'a\nb\\c', 'São Juan'));
const phone = fc.oneof(
  fc.constant(null),
  fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 9999 }), fc.option(fc.stringMatching(/^\d{1,5}$/))).map(
    ([a, b, c, ext]) => `${String(a).padStart(3, '0')}-${String(b).padStart(3, '0')}-${String(c).padStart(4, '0')}${ext ? ` x${ext}` : ''}`,
  ),
  text(40),
);
const date = fc.option(fc.constantFrom('2017-02-01', '2017-05-30', '2021-07-28'));
const provider = fc
  .record({
    name: fc.string({ minLength: 1, maxLength: 30 }),
    name2: fc.option(text()),
    street1: text(),
    street2: fc.option(text()),
    city: text(),
    state: fc.constantFrom('MA', 'PR', 'AK', 'NY'),
    zip: fc.oneof(fc.constantFrom('02139', '02108', '00901', '99501'), fc.stringMatching(/^\d{5}$/)),
    phone,
    phoneAsOf: date,
    intakePhone: phone,
    sameIntake: fc.boolean(),
    hotline: phone,
    website: fc.option(fc.oneof(text(30).map((t) => `http://${t}`), text(30))),
    lat: fc.integer({ min: -900_000, max: 900_000 }).map((q) => q / 10_000),
    lng: fc.integer({ min: -1_800_000, max: 1_800_000 }).map((q) => q / 10_000),
    typeOfCare: fc.subarray(['su', 'mh', 'community'] as const, { minLength: 1 }),
    services: fc.subarray([...SERVICE_TAGS]),
    rawCodes: fc.array(text(), { maxLength: 3 }),
    servicesKnown: fc.boolean(),
    source: fc.constantFrom<ProviderSource>(...sources.map((s) => s.id)),
    alsoFrom: fc.subarray(sources.map((s) => s.id)),
    lastVerified: date,
  })
  .map(({ sameIntake, ...p }): Provider => ({
    ...p,
    intakePhone: sameIntake ? p.phone : p.intakePhone,
    id: providerId(p.name, p.street1, p.city, p.state, p.zip),
  }));

describe('directory bundle', () => {
  it('random directories round-trip exactly through encode → decode', () => {
    fc.assert(
      fc.property(fc.array(provider, { maxLength: 25 }), (providers) => {
        const back = decodeBundle(encodeBundle(providers, sources, '2026-11-23', zips), zips);
        expect(back.generated).toBe('2026-11-23');
        expect(back.sources).toEqual(sources);
        expect(back.providers).toEqual([...providers].sort(byRow));
      }),
      { numRuns: 300 },
    );
  });

  it('names what is wrong with a damaged or foreign file', () => {
    const bytes = encodeBundle([], sources, '2026-11-23', zips);
    expect(isDirectoryBundle(bytes)).toBe(true);
    expect(isDirectoryBundle(new TextEncoder().encode('{"format":"bridge-directory"}'))).toBe(false);
    expect(() => decodeBundle(new TextEncoder().encode('{"format":"bridge-directory"}'), zips)).toThrow(DirectoryBundleError);
    const other = decodeZipCentroids(encodeZipCentroids([['02139', 42.36, -71.1]], 'other'));
    expect(() => decodeBundle(bytes, other)).toThrow('built with a ZIP table of 4 ZIPs; this one has 1');
    const one = encodeBundle(
      [{ id: providerId('A', '1 Main St', 'Boston', 'MA', '02108'), name: 'A', name2: null, street1: '1 Main St', street2: null, city: 'Boston', state: 'MA', zip: '02108', phone: null, phoneAsOf: null, intakePhone: null, hotline: null, website: null, lat: 42.35, lng: -71.06, typeOfCare: ['su'], services: [], rawCodes: [], servicesKnown: false, source: 'samhsa-su-2021', alsoFrom: [], lastVerified: null }],
      sources,
      '2026-11-23',
      zips,
    );
    expect(decodeBundle(one, zips).providers).toHaveLength(1);
    expect(() => decodeBundle(one.subarray(0, one.length - 3), zips)).toThrow(/cut short/);
  });

  it('the bundled directory decodes into valid listings with unique ids and the 2017 details', () => {
    const root = path.join(__dirname, '../../public/data');
    const bundledZips = decodeZipCentroids(new Uint8Array(fs.readFileSync(path.join(root, 'zip-centroids.bin'))));
    const { providers, sources: named } = decodeBundle(new Uint8Array(fs.readFileSync(path.join(root, 'directory.bin'))), bundledZips);
    expect(providers.length).toBeGreaterThan(14_000);
    expect(named.map((s) => s.id)).toEqual(['samhsa-su-2021', 'samhsa-otp-2021', 'samhsa-locator-2017']);
    for (const p of providers.filter((_, i) => i % 7 === 0)) providerSchema.parse(p);
    expect(new Set(providers.map((p) => p.id)).size).toBe(providers.length);
    // Every phone from the 2017 listing carries its date; intake numbers, websites and the
    // listings that also offer mental health care are there.
    const from2017 = providers.filter((p) => p.alsoFrom.includes('samhsa-locator-2017') || p.source === 'samhsa-locator-2017');
    expect(from2017.length).toBeGreaterThan(6_000);
    expect(providers.filter((p) => p.phone).every((p) => p.phoneAsOf?.startsWith('2017-'))).toBe(true);
    expect(providers.filter((p) => p.intakePhone && p.intakePhone !== p.phone).length).toBeGreaterThan(3_000);
    expect(providers.filter((p) => p.website).length).toBeGreaterThan(5_000);
    expect(providers.filter((p) => p.typeOfCare.includes('mh')).length).toBeGreaterThan(1_000);
    expect(providers.filter((p) => p.services.includes('methadone')).length).toBeGreaterThan(1_800);
  });
});
