import fc from 'fast-check';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSu2021Importer, importSu2021Csv, SU_2021_COLUMNS } from './samhsa-su-2021';
import { badCoordinate, badState, badZip, fuzzArbitraryRows, fuzzBrokenField, goodLat, goodLng, goodName, goodState, goodZip } from './fuzz-helpers';

const REAL = '/work/shared/data/samhsa-treatment-facilities-2021.csv';
const HEADER = SU_2021_COLUMNS.join(',');

describe('2021 SU facility importer', () => {
  it('repairs ZIPs that lost leading zeros and merges repeated facilities', () => {
    const csv = [
      HEADER,
      'New Haven Clinic,,12 Elm Street,,New Haven,CT,6510,,New Haven,41.3,-72.9',
      'New Haven Clinic,Outpatient,12 Elm Street,,New Haven,CT,06510,,New Haven,41.3,-72.9',
      'Anchorage Center,,1 Main St,,Anchorage,AK,99501,1234,Anchorage,61.2,-149.8',
    ].join('\n');
    const result = importSu2021Csv(csv);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.providers).toHaveLength(2);
    expect(result.providers[0]).toMatchObject({ zip: '06510', name2: 'Outpatient', servicesKnown: false, services: [], source: 'samhsa-su-2021' });
    expect(result.summary.duplicatesMerged).toBe(1);
  });

  it('imports nothing when one row is wrong, naming row and field', () => {
    const csv = [HEADER, 'A,,1 Main St,,Town,MA,02139,,X,42.1,-71.1', 'B,,2 Main St,,Town,MA,9021x,,X,42.1,-71.1'].join('\n');
    const result = importSu2021Csv(csv);
    expect(result).toMatchObject({ ok: false, errorCount: 1 });
    if (result.ok) return;
    expect(result.message).toBe("Row 3: `zip` must be a 5-digit ZIP or ZIP+4, got '9021x'. Nothing was imported.");
  });

  it('reports a missing column as a file error', () => {
    const result = importSu2021Csv('name1,city\nA,B');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ row: 1, field: 'name2' });
  });

  it('fuzzed rows never crash and always give row-level errors', () => {
    fuzzArbitraryRows(() => createSu2021Importer(), SU_2021_COLUMNS);
  });

  it('a broken field in a valid row is named', () => {
    const validRow = fc.record({ name1: goodName, name2: fc.constant(''), street1: goodName, street2: fc.constant(''), city: goodName, state: goodState, zip: goodZip, zip4: fc.constant(''), county: fc.constant(''), latitude: goodLat, longitude: goodLng });
    fuzzBrokenField(() => createSu2021Importer(), validRow, { name1: fc.constant('  '), city: fc.constant(''), state: badState, zip: badZip, latitude: badCoordinate, longitude: badCoordinate });
  });

  it.skipIf(!fs.existsSync(REAL))('imports the real 2021 list: 14,034 rows, 1,382 ZIPs repaired', () => {
    const result = importSu2021Csv(fs.readFileSync(REAL, 'utf8'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.summary.rowsRead).toBe(14_034);
    expect(result.summary.notes[0]).toContain('1382 ZIP codes');
    expect(result.providers.length).toBe(14_034 - result.summary.duplicatesMerged);
    expect(result.providers.every((p) => /^\d{5}$/.test(p.zip))).toBe(true);
    expect(new Set(result.providers.map((p) => p.id)).size).toBe(result.providers.length);
  });
});
