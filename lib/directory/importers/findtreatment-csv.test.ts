import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createFindTreatmentCsvImporter, importFindTreatmentCsv, FINDTREATMENT_CSV_BASE_COLUMNS } from './findtreatment-csv';
import { anyCell, badCoordinate, badState, badZip, expectRowLevelOutcome, fuzzBrokenField, goodLat, goodLng, goodName, goodState, goodZip } from './fuzz-helpers';

const FIXTURE = fs.readFileSync(path.join(__dirname, '../fixtures/findtreatment-listing.csv'), 'utf8');
const CODES = ['sa', 'bu', 'meth', 'md', 'sp', 'zzz'];

describe('FindTreatment CSV export importer', () => {
  it('maps known code columns, keeps every set code raw, and flags rows with no codes', () => {
    const result = importFindTreatmentCsv(FIXTURE, '2026-10-15');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [harbor, eastside, quiet] = result.providers;
    expect(harbor!.services).toEqual([
      'detox', 'outpatient', 'intensive-outpatient', 'buprenorphine', 'naltrexone', 'medicaid', 'medicare', 'private-insurance',
      'sliding-fee', 'self-pay', 'spanish', 'asl', 'pregnant-postpartum', 'veterans', 'telehealth', 'peer-support',
    ]);
    expect(harbor!.rawCodes).toEqual(expect.arrayContaining(['sa', 'cbt', 'mu', 'bu']));
    expect(eastside).toMatchObject({ zip: '02118', services: ['otp', 'methadone', 'buprenorphine', 'medicaid', 'free', 'criminal-justice'], servicesKnown: true });
    expect(quiet).toMatchObject({ servicesKnown: false, services: [], rawCodes: [] });
    expect(result.summary.notes[0]).toMatch(/kept raw: sa, cbt, mu/);
  });

  it('a service cell other than "1" or blank imports nothing', () => {
    const broken = FIXTURE.replace('"Quiet Listing","","9 Elm St"', '"Quiet Listing","","9 Elm St"').split('\r\n');
    broken[3] = broken[3]!.replace(/,""$/, ',"yes"');
    const result = importFindTreatmentCsv(broken.join('\r\n'), '2026-10-15');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toBe(`Row 4: \`cosed\` must be "1" or blank, got 'yes'. Nothing was imported.`);
  });

  it('fuzzed rows never crash and always give row-level errors', () => {
    const columns = [...FINDTREATMENT_CSV_BASE_COLUMNS, ...CODES];
    fc.assert(
      fc.property(fc.record(Object.fromEntries(columns.map((c) => [c, anyCell]))), fc.integer({ min: 2, max: 50_000 }), (row, n) => {
        const sink = createFindTreatmentCsvImporter('2026-10-15');
        sink.addRow(row, n);
        expectRowLevelOutcome(sink.finish(), n);
      }),
      { numRuns: 10_000 },
    );
  });

  it('fuzzed CSV text through the parser never crashes', () => {
    const header = [...FINDTREATMENT_CSV_BASE_COLUMNS, ...CODES];
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 8 }), { minLength: header.length, maxLength: header.length }), (cells) => {
        const result = importFindTreatmentCsv(Papa.unparse({ fields: header, data: [cells] }, { quotes: true }), '2026-10-15');
        if (!result.ok) expect(result.errors[0]!.message).toMatch(/^Row [12]: `[^`]+`/);
      }),
      { numRuns: 10_000 },
    );
  });

  it('a broken field in a valid row is named', () => {
    const validRow = fc.record({
      name1: goodName, street1: goodName, city: goodName, state: goodState, zip: goodZip, latitude: goodLat, longitude: goodLng,
      type_facility: fc.constantFrom('SU', 'MH', ''), bu: fc.constantFrom('1', ''), md: fc.constantFrom('1', ''),
    });
    fuzzBrokenField(() => createFindTreatmentCsvImporter('2026-10-15'), validRow, {
      name1: fc.constant(''), state: badState, zip: badZip, longitude: badCoordinate, type_facility: fc.constantFrom('XX', 'hospital'),
      bu: fc.constantFrom('yes', '0', 'Y', '2'), phone: fc.constantFrom('call', '555'),
    });
  });
});
