import fc from 'fast-check';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLocator2017Importer, importLocator2017Csv, LOCATOR_2017_COLUMNS } from './locator-2017';
import { badCoordinate, badState, badZip, fuzzArbitraryRows, fuzzBrokenField, goodLat, goodLng, goodName, goodState, goodZip } from './fuzz-helpers';

const REAL = '/work/shared/data/samhsa-treatment-locator-listing-2017.csv';
const HEADER = LOCATOR_2017_COLUMNS.join(',');

describe('2017 locator listing importer', () => {
  it('dates phones, normalises extensions, and merges the SA and MH listings of one place', () => {
    const csv = [
      HEADER,
      'Sagebrush Treatment Inc,Outpatient Services,7921 Jones Branch Drive,Suite 101,McLean,VA,22102,,Fairfax,703-425-9200x228,(703) 444-9141,,,http://www.sagebrushva.com,38.92,-77.21,SA,2017-02-01 17:30:00',
      'Sagebrush Treatment Inc,,7921 Jones Branch Drive,,McLean,VA,22102,,Fairfax,703-841-0703-93122,,,,,38.92,-77.21,MH,2017-03-01 10:00:00',
      'No Coordinates Clinic,,1 Main St,,Murrieta,CA,92562,,Riverside,951-555-0100,,,,,,,MH,2017-04-01 00:00:00',
    ].join('\n');
    const result = importLocator2017Csv(csv, (zip) => (zip === '92562' ? { lat: 33.55, lng: -117.2 } : null));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.providers).toHaveLength(2);
    expect(result.providers[0]).toMatchObject({
      phone: '703-425-9200 x228',
      phoneAsOf: '2017-02-01',
      intakePhone: '703-444-9141',
      website: 'http://www.sagebrushva.com',
      typeOfCare: ['su', 'mh'],
      lastVerified: '2017-02-01',
    });
    expect(result.providers[1]).toMatchObject({ lat: 33.55, lng: -117.2 });
    expect(result.summary.notes[0]).toContain('1 listings had no coordinates');
  });

  it('without a ZIP table, a listing without coordinates is an error', () => {
    const csv = [HEADER, 'X,,1 Main St,,Murrieta,CA,92562,,Riverside,951-555-0100,,,,,,,MH,2017-04-01 00:00:00'].join('\n');
    const result = importLocator2017Csv(csv);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ row: 2, field: 'latitude' });
  });

  it('fuzzed rows never crash and always give row-level errors', () => {
    fuzzArbitraryRows(() => createLocator2017Importer(), LOCATOR_2017_COLUMNS);
  });

  it('a broken field in a valid row is named', () => {
    const validRow = fc.record({
      name1: goodName, name2: fc.constant(''), street1: goodName, street2: fc.constant(''), city: goodName, state: goodState, zip: goodZip,
      zip4: fc.constant(''), county: fc.constant(''), phone: fc.constant('703-555-0100'), intake1: fc.constant(''), intake2: fc.constant(''),
      hotline1: fc.constant(''), website: fc.constant(''), latitude: goodLat, longitude: goodLng, type_facility: fc.constantFrom('SA', 'MH'),
      last_update: fc.constant('2017-02-01 17:30:00'),
    });
    fuzzBrokenField(() => createLocator2017Importer(), validRow, {
      name1: fc.constant(''), state: badState, zip: badZip, latitude: badCoordinate, type_facility: fc.constantFrom('XX', 'both', ''),
      last_update: fc.constantFrom('yesterday', '02/01/2017', ''), phone: fc.constantFrom('call us', '12', 'ext'), website: fc.constantFrom('not a url', 'http://'),
    });
  });

  it.skipIf(!fs.existsSync(REAL))('imports the real 2017 listing: 22,058 rows, all phones kept', () => {
    const result = importLocator2017Csv(fs.readFileSync(REAL, 'utf8'), () => ({ lat: 40, lng: -100 }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.summary.rowsRead).toBe(22_058);
    expect(result.summary.notes[0]).toContain('22 listings had no coordinates');
    expect(result.providers.filter((p) => p.phone !== null).every((p) => p.phoneAsOf?.startsWith('2017-'))).toBe(true);
  });
});
