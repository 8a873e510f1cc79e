import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { matchesWildcard } from './match';

/** The regular expression the matcher replaces: `*` any run, the rest literal, case-insensitive. */
const asRegExp = (pattern: string) =>
  new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');

describe('matchesWildcard', () => {
  test('agrees with the equivalent regular expression', () => {
    const piece = fc.stringMatching(/^[a-cA-C./*-]{0,6}$/);
    fc.assert(
      fc.property(piece, piece, (pattern, text) => {
        const plain = text.replace(/\*/g, '');
        expect(matchesWildcard(pattern, plain)).toBe(asRegExp(pattern).test(plain));
      }),
      { numRuns: 5_000 },
    );
  });

  test('hosts and paths as adapters write them', () => {
    expect(matchesWildcard('*.smarthealthit.org', 'apps.SmartHealthIT.org')).toBe(true);
    expect(matchesWildcard('*.smarthealthit.org', 'smarthealthit.org.evil.example')).toBe(false);
    expect(matchesWildcard('/spa/patient/*/referral', '/spa/patient/p01/referral')).toBe(true);
    expect(matchesWildcard('/spa/patient/*/referral', '/spa/patient/p01/summary')).toBe(false);
    expect(matchesWildcard('/a*a', '/a')).toBe(false);
  });
});
