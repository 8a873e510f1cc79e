import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cyrb53 } from './cyrb53';

describe('cyrb53', () => {
  it('gives the published reference values', () => {
    // From bryc's reference implementation (seed 0).
    expect(cyrb53('a')).toBe(7929297801672961);
    expect(cyrb53('b')).toBe(8684336938537663);
    expect(cyrb53('revenge')).toBe(4051478007546757);
    expect(cyrb53('revenue')).toBe(8309097637345594);
  });
  it('is a safe integer, and equal text gives an equal hash', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const h = cyrb53(text);
        expect(Number.isSafeInteger(h) && h >= 0).toBe(true);
        expect(cyrb53(text.slice())).toBe(h);
      }),
      { numRuns: 10_000 },
    );
  });
});
