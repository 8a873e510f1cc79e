import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeZipCentroids } from '../geo/zip-centroids';
import { decodeBundle } from './bundle';
import { importFindTreatmentJson } from './importers/findtreatment-json';
import { importHsdsPackage } from './importers/hsds';
import { openPackedDirectory, packDirectory } from './packed';
import type { Provider } from './provider';
import { buildDirectoryIndex, nearestProviders } from './search';
import { SERVICE_TAGS } from './service-codes';

const sources = [
  { id: 'findtreatment-json' as const, title: 'FindTreatment export', asOf: '2026-11-01', url: null },
  { id: 'hsds' as const, title: 'Community resources', asOf: '2026-11-20', url: null },
];
const BUNDLED = path.join(__dirname, '../../public/data/directory.bin');
const BUNDLED_ZIPS = path.join(__dirname, '../../public/data/zip-centroids.bin');

function fixtures(): Provider[] {
  const ft = importFindTreatmentJson(fs.readFileSync(path.join(__dirname, 'fixtures/findtreatment-export.json'), 'utf8'), '2026-11-01');
  const hsds = importHsdsPackage(fs.readFileSync(path.join(__dirname, 'fixtures/hsds-package.json'), 'utf8'), '2026-11-20', () => ({ lat: 42.38, lng: -71.1 }));
  if (!ft.ok || !hsds.ok) throw new Error('fixtures did not import');
  return [...ft.providers, ...hsds.providers];
}

describe('packed directory (the stored form)', () => {
  it('gives back every listing exactly, after a structured clone (what IndexedDB does)', () => {
    const providers = fixtures();
    const opened = openPackedDirectory(structuredClone(packDirectory(providers, sources, '2026-11-23')));
    expect(opened.count).toBe(providers.length);
    expect(opened.allProviders()).toEqual(providers);
    expect(opened.findById(providers[2]!.id)).toEqual(providers[2]);
    expect(opened.findById('p-not-there')).toBeUndefined();
    expect(opened.withServices()).toBe(providers.filter((p) => p.servicesKnown).length);
    expect(Object.fromEntries(opened.countBySource())).toEqual({ 'findtreatment-json': 3, hsds: providers.length - 3 });
  });

  it('keeps any text, accents and symbols included, and searches as the providers themselves do', () => {
    const text = fc.string({ maxLength: 40 });
    const row = fc.record({ name: fc.string({ minLength: 1, maxLength: 40 }), name2: fc.option(text), street1: text, city: text, phone: fc.option(text), website: fc.option(text) });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), (rows) => {
        const base = fixtures()[0]!;
        const providers = rows.map((r, i) => ({ ...base, ...r, name2: r.name2 || null, phone: r.phone || null, website: r.website || null, id: `p${i}`, lat: 42 + i / 100, lng: -71 - i / 100 }));
        const opened = openPackedDirectory(structuredClone(packDirectory(providers, sources, '2026-11-23')));
        // The two field separators cannot be stored; they come back as spaces.
        const stored = (value: string | null) => (value === null ? null : value.replace(/[\u001e\u001f]/g, ' '));
        opened.allProviders().forEach((p, i) => {
          const q = providers[i]!;
          expect([p.name, p.name2, p.street1, p.city, p.phone, p.website]).toEqual([q.name, q.name2, q.street1, q.city, q.phone, q.website].map(stored));
        });
        const origin = { lat: 42.05, lng: -71.05 };
        const strip = (r: ReturnType<typeof nearestProviders>) => r.matches.map((m) => [m.provider.id, m.miles, m.explanation]);
        expect(strip(nearestProviders(opened.index, origin, { need: ['buprenorphine'] }))).toEqual(strip(nearestProviders(buildDirectoryIndex(providers), origin, { need: ['buprenorphine'] })));
      }),
      { numRuns: 50 },
    );
  });

  it('a record packed with another tag order is mapped by tag name and its indexes rebuilt', () => {
    const providers = fixtures();
    const packed = packDirectory(providers, sources, '2026-11-23');
    const reversed = [...SERVICE_TAGS].reverse();
    const masks = packed.masks.map((mask) => {
      let out = 0;
      SERVICE_TAGS.forEach((_, k) => {
        if (mask & (1 << k)) out |= 1 << (SERVICE_TAGS.length - 1 - k);
      });
      return out >>> 0;
    });
    const opened = openPackedDirectory({ ...packed, tags: reversed, masks, trees: null });
    expect(opened.allProviders()).toEqual(providers);
    const origin = { lat: 42.36, lng: -71.06 };
    expect(nearestProviders(opened.index, origin, { need: ['buprenorphine'] })).toEqual(nearestProviders(buildDirectoryIndex(providers), origin, { need: ['buprenorphine'] }));
  });

  it('refuses a record that is not a packed directory', () => {
    const packed = packDirectory(fixtures(), sources, '2026-11-23');
    expect(() => openPackedDirectory({ ...packed, count: packed.count + 1 })).toThrow(/not in the format/);
    expect(() => openPackedDirectory({ ...packed, text: 'text' })).toThrow(/not in the format/);
    expect(() => openPackedDirectory('{"format":"bridge-directory"}')).toThrow(/not in the format/);
  });

  it('stores the bundled directory with its indexes, and answers like the decoded listings', () => {
    const bundle = decodeBundle(new Uint8Array(fs.readFileSync(BUNDLED)), decodeZipCentroids(new Uint8Array(fs.readFileSync(BUNDLED_ZIPS))));
    const providers = bundle.providers;
    const packed = packDirectory(providers, bundle.sources, '2026-11-23');
    expect(packed.trees?.all.size).toBe(providers.length);
    const opened = openPackedDirectory(structuredClone(packed));
    const index = buildDirectoryIndex(providers);
    for (const origin of [{ lat: 42.357, lng: -71.06 }, { lat: 37.75, lng: -122.41 }, { lat: 18.4, lng: -66.06 }]) {
      for (const need of [[], ['methadone']] as const) expect(nearestProviders(opened.index, origin, { need })).toEqual(nearestProviders(index, origin, { need }));
    }
  });
});
