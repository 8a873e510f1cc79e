import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utcMs } from './dates';

describe('utcMs', () => {
  it('agrees with Date.parse on the forms Bridge stores, and on anything else', () => {
    for (const s of ['2026-12-20', '2026-12-20T12:34:56Z', '2024-02-29', '2023-02-29', '2026-04-31', '2026-12-20T24:00:00Z', '2026-12-20T12:00:00.5Z', '2026-12-20T12:00:00+02:00', '20261220', 'x', '']) {
      expect(utcMs(s), s).toEqual(Date.parse(s));
    }
  });
  it('property: equals Date.parse for any date-time in range', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true }), fc.boolean(), (d, dayOnly) => {
        const s = dayOnly ? d.toISOString().slice(0, 10) : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
        expect(utcMs(s)).toBe(Date.parse(s));
      }),
      { numRuns: 2000 },
    );
  });
});
