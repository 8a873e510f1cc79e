import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { auditLogCsv, csvCell } from './audit-csv';

describe('auditLogCsv', () => {
  it('writes a header and one row per entry, oldest first', () => {
    const csv = auditLogCsv([
      { seq: 2, at: '2026-11-23T10:05:00Z', action: 'fill', patientFingerprint: 'fp-1', detail: 'referral form' },
      { seq: 1, at: '2026-11-23T10:00:00Z', action: 'view', patientFingerprint: 'fp-1', detail: 'ehr.example.org' },
    ]);
    expect(csv.split('\r\n')).toEqual([
      '"seq","at","action","patientFingerprint","detail"',
      '"1","2026-11-23T10:00:00Z","view","fp-1","ehr.example.org"',
      '"2","2026-11-23T10:05:00Z","fill","fp-1","referral form"',
      '',
    ]);
  });
  it('defuses spreadsheet formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });
  it('round-trips any detail text through a CSV parser (formula-like text gains one leading quote)', () => {
    fc.assert(
      fc.property(fc.string(), (detail) => {
        const csv = auditLogCsv([{ seq: 1, at: '2026-01-01T00:00:00Z', action: 'view', patientFingerprint: null, detail }]);
        const parsed = Papa.parse<string[]>(csv.trimEnd(), { newline: '\r\n' }).data;
        const cell = parsed[1]?.[4] ?? '';
        expect(cell).toBe(/^[=+\-@\t\r]/.test(detail) ? `'${detail}` : detail);
      }),
      { numRuns: 10_000 },
    );
  });
});
