import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFindTreatmentJsonImporter, importFindTreatmentJson } from './findtreatment-json';
import { anyCell, badCoordinate, badState, badZip, expectRowLevelOutcome, fuzzBrokenField, goodLat, goodLng, goodName, goodState, goodZip } from './fuzz-helpers';

const FIXTURE = fs.readFileSync(path.join(__dirname, '../fixtures/findtreatment-export.json'), 'utf8');
const COLUMNS = ['name1', 'name2', 'street1', 'street2', 'city', 'state', 'zip', 'phone', 'intake1', 'hotline1', 'website', 'latitude', 'longitude', 'typeFacility', 'services'];

const rowSink = () => {
  const importer = createFindTreatmentJsonImporter('2026-11-01');
  let rows: unknown[] = [];
  return {
    addRow(row: Record<string, unknown>) {
      rows.push(row);
    },
    finish() {
      importer.addPage({ page: 1, totalPages: 1, recordCount: rows.length, rows });
      rows = [];
      return importer.finish();
    },
  };
};

describe('FindTreatment JSON export importer', () => {
  it('reads services by label, keeps every value raw, and handles null services and type_facility', () => {
    const result = importFindTreatmentJson(FIXTURE, '2026-11-01');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [harbor, otp, residential] = result.providers;
    expect(result.providers).toHaveLength(3);
    expect(result.summary.duplicatesMerged).toBe(1);
    expect(harbor!.services).toEqual([
      'detox', 'outpatient', 'intensive-outpatient', 'buprenorphine', 'naltrexone', 'medicaid', 'medicare', 'private-insurance',
      'sliding-fee', 'self-pay', 'spanish', 'asl', 'pregnant-postpartum', 'veterans', 'telehealth',
    ]);
    expect(harbor!.typeOfCare).toEqual(['su', 'mh']);
    expect(harbor!.rawCodes).toContain('PHR:Buprenorphine used in Treatment');
    expect(harbor!).toMatchObject({ phone: '617-555-0100', intakePhone: '617-555-0101', servicesKnown: true, lastVerified: '2026-11-01' });
    expect(otp).toMatchObject({ servicesKnown: false, services: [], phone: '617-555-0200', hotline: '617-555-0299' });
    expect(residential).toMatchObject({ zip: '02143', website: 'http://riverside.example.org', phone: '617-555-0300 x12' });
    expect(residential!.services).toEqual(['residential', 'residential-short-term', 'residential-long-term', 'methadone', 'adolescents']);
    expect(residential!.rawCodes).toContain('PHR:Acamprosate (Campral®)');
    expect(result.summary.notes[0]).toMatch(/kept as raw codes/);
  });

  it('re-importing gives the same ids', () => {
    const a = importFindTreatmentJson(FIXTURE, '2026-11-01');
    const b = importFindTreatmentJson(FIXTURE, '2026-12-01');
    expect(a.ok && b.ok && a.providers.map((p) => p.id)).toEqual(b.ok && b.providers.map((p) => p.id));
  });

  it('a bad row imports nothing and names row and field', () => {
    const page = JSON.parse(FIXTURE);
    page.rows[2].latitude = 'north';
    const result = importFindTreatmentJson(JSON.stringify(page), '2026-11-01');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toBe("Row 3: `latitude` must be a number between -90 and 90, got 'north'. Nothing was imported.");
  });

  it('names malformed services entries and non-export files', () => {
    const page = JSON.parse(FIXTURE);
    page.rows[0].services[1] = { f1: 'x', f2: 'SET', f3: 7 };
    const result = importFindTreatmentJson(JSON.stringify(page), '2026-11-01');
    expect(!result.ok && result.errors[0]).toMatchObject({ row: 1, field: 'services[1].f3' });
    expect(importFindTreatmentJson('{"rows": 3}', 'x')).toMatchObject({ ok: false });
    expect(importFindTreatmentJson('not json', 'x')).toMatchObject({ ok: false, errors: [{ row: 1, field: 'file' }] });
  });

  it('fuzzed rows never crash and always give row-level errors', () => {
    const services = fc.oneof(anyCell, fc.array(fc.oneof(anyCell, fc.record({ f1: anyCell, f2: anyCell, f3: anyCell })), { maxLength: 3 }));
    fc.assert(
      fc.property(fc.record(Object.fromEntries(COLUMNS.map((c) => [c, c === 'services' ? services : anyCell]))), (row) => {
        const sink = rowSink();
        sink.addRow(row);
        expectRowLevelOutcome(sink.finish(), 1);
      }),
      { numRuns: 10_000 },
    );
  });

  it('a broken field in a valid row is named', () => {
    const validRow = fc.record({
      name1: goodName, street1: goodName, city: goodName, state: goodState, zip: goodZip, latitude: goodLat, longitude: goodLng,
      typeFacility: fc.constantFrom('SA', 'MH'), services: fc.constant(null),
    });
    fuzzBrokenField(
      () => {
        const s = rowSink();
        return { addRow: (row: Record<string, unknown>) => s.addRow(row), finish: () => s.finish() };
      },
      validRow,
      { name1: fc.constant(''), state: badState, zip: badZip, latitude: badCoordinate, typeFacility: fc.constantFrom('XX', ''), services: fc.constantFrom('Medicaid', 3) },
      10_000,
      () => 1,
    );
  });
});
