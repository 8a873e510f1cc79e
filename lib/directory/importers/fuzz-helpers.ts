// Shared fast-check properties for the importers' tests (not shipped: only *.test.ts import it).
import fc from 'fast-check';
import { expect } from 'vitest';
import { providerSchema } from '../provider';
import type { ImportResult } from './common';

/** A row sink as every importer exposes it. */
export interface RowSink {
  addRow(row: Record<string, unknown>, rowNumber: number): void;
  finish(): ImportResult;
}

/** Values a broken export may hold in any field. */
export const anyCell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', '1', '0', 'NaN', '9021', '02139', '99654-8525', '-71.1', '200', 'MA', 'ma', 'SA', 'MH', 'x', '617-555-0100'),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
);

/** Checks one finished import of one row numbered `rowNumber`: valid providers, or row errors. */
export function expectRowLevelOutcome(result: ImportResult, rowNumber: number): void {
  if (result.ok) {
    for (const p of result.providers) providerSchema.parse(p);
    return;
  }
  expect(result.errorCount).toBeGreaterThan(0);
  expect(result.message).toMatch(/Nothing was imported\.$/);
  for (const error of result.errors) {
    expect(error.row).toBe(rowNumber);
    expect(error.field.length).toBeGreaterThan(0);
    expect(error.message.startsWith(`Row ${rowNumber}: \`${error.field}\``)).toBe(true);
  }
}

/**
 * 10,000 rows of arbitrary values in the importer's columns: never a crash; either every
 * provider is valid or every error names the row and a field.
 */
export function fuzzArbitraryRows(create: () => RowSink, columns: readonly string[], numRuns = 10_000): void {
  fc.assert(
    fc.property(fc.record(Object.fromEntries(columns.map((c) => [c, anyCell])) as Record<string, typeof anyCell>), fc.integer({ min: 2, max: 1_000_000 }), (row, rowNumber) => {
      const sink = create();
      sink.addRow(row, rowNumber);
      expectRowLevelOutcome(sink.finish(), rowNumber);
    }),
    { numRuns },
  );
}

/**
 * 10,000 valid rows, each with one field broken: the import fails and its first error names that
 * row and that field.
 */
export function fuzzBrokenField(
  create: () => RowSink,
  validRow: fc.Arbitrary<Record<string, unknown>>,
  breakers: Record<string, fc.Arbitrary<unknown>>,
  numRuns = 10_000,
  /** The row number the importer reports for a row added as `n` (JSON rows count from 1). */
  expectedRow: (n: number) => number = (n) => n,
): void {
  const fields = Object.keys(breakers);
  fc.assert(
    fc.property(validRow, fc.constantFrom(...fields).chain((f) => fc.tuple(fc.constant(f), breakers[f]!)), fc.integer({ min: 2, max: 99_999 }), (row, [field, bad], rowNumber) => {
      const sink = create();
      sink.addRow({ ...row, [field]: bad }, rowNumber);
      const result = sink.finish();
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const expected = expectedRow(rowNumber);
      expect(result.errors[0]!.row).toBe(expected);
      expect(result.errors[0]!.field).toBe(field);
      expect(result.errors[0]!.message).toContain(`Row ${expected}: \`${field}\``);
    }),
    { numRuns },
  );
}

/** Text that is not a 5-digit ZIP or ZIP+4 in any repairable shape. */
export const badZip = fc.oneof(fc.constantFrom('', 'ABCDE', '12', '123456', '1234-5', '02139-12'), fc.stringMatching(/^[a-z]{1,6}$/));
/** Not a coordinate. */
export const badCoordinate = fc.oneof(fc.constantFrom('', 'north', '0', 'NaN'), fc.double({ min: 181, max: 1e6 }).map(String));
/** Not a state code. */
export const badState = fc.oneof(fc.constantFrom('', 'Mass', 'M', '12'), fc.stringMatching(/^[a-z]{3,6}$/));
/** Valid-looking parts. */
export const goodName = fc.stringMatching(/^[A-Z][a-z]{2,10}( [A-Z][a-z]{2,10}){0,3}$/);
export const goodZip = fc.oneof(fc.stringMatching(/^\d{5}$/), fc.stringMatching(/^\d{5}-\d{4}$/), fc.stringMatching(/^[1-9]\d{3}$/));
export const goodLat = fc.double({ min: 18, max: 64, noNaN: true }).map((v) => v.toFixed(5));
export const goodLng = fc.double({ min: -170, max: -65, noNaN: true }).map((v) => v.toFixed(5));
export const goodState = fc.constantFrom('MA', 'CT', 'AK', 'PR', 'TX');
