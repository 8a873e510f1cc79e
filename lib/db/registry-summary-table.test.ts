import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RegistryDigest } from '../registry/registry';
import { digestOf, REGISTRY_SUMMARY_BUCKETS, storedDigest, summariesIn, summaryBucketOf, summaryBuckets, type RegistrySummaryRecord } from './registry-summary-table';

const day = fc.date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const text = fc.string({ unit: 'grapheme', maxLength: 30 });
const digest: fc.Arbitrary<RegistryDigest> = fc.record({
  patientFingerprint: fc.string({ minLength: 8, maxLength: 40 }),
  name: text,
  mrn: fc.option(text, { nil: null }),
  planId: fc.option(text, { nil: null }),
  planLastContactOn: fc.option(day, { nil: null }),
  nextContactDue: fc.option(day, { nil: null }),
  referralStatus: fc.option(fc.constantFrom('drafted', 'sent', 'scheduled', 'attended', 'declined', 'no-show', 'closed' as const), { nil: null }),
  referralSentOn: fc.option(day, { nil: null }),
  awaitingFirstAppointmentSince: fc.option(day, { nil: null }),
  reviewIntervalDays: fc.option(fc.integer({ min: 1, max: 365 }), { nil: null }),
  measures: fc.array(fc.record({ instrumentId: text, direction: fc.constantFrom('decrease', 'increase' as const), target: fc.integer({ min: 0, max: 40 }) }), { maxLength: 3 }) as unknown as fc.Arbitrary<RegistryDigest['measures']>,
  // Ids with the packing's own separators, '%' and non-Latin text must come back unchanged.
  scores: fc.array(fc.record({ instrumentId: fc.oneof(text, fc.constantFrom('audit-c', 'a|b;c', '%7C', '')), score: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 100, noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0))), ms: fc.integer({ min: 0, max: 4_102_444_800_000 }), day }), { maxLength: 12 }),
  searchText: text,
});

describe('the registry summary as stored', () => {
  it('gives back exactly the digest it was made from (any ids, scores and text)', () => {
    fc.assert(fc.property(digest, (d) => {
      const stored = storedDigest(d);
      expect(digestOf({ patientFingerprint: d.patientFingerprint, digest: stored, unreadablePlans: 0 })).toEqual(d);
    }), { numRuns: Number(process.env.BRIDGE_PROPERTY_RUNS ?? 2000) });
  });

  it('stores the scores and measures of a row as two strings, not one object per score', () => {
    const d = fc.sample(digest, { numRuns: 1, seed: 7 })[0]!;
    const stored = storedDigest({ ...d, scores: [{ instrumentId: 'audit-c', score: 5, ms: 1, day: '2026-01-02' }, { instrumentId: 'dast-10', score: 2, ms: 2, day: '2026-02-03' }] });
    expect(stored[10]).toBe('audit-c|5|1|2026-01-02;dast-10|2|2|2026-02-03');
    expect(typeof stored[9]).toBe('string');
  });

  it('a summary of a patient not on the caseload has no digest', () => {
    expect(digestOf({ patientFingerprint: 'fp-0123456789', digest: null, unreadablePlans: 1 })).toBeNull();
  });
});

describe('summaries kept in buckets', () => {
  const summary = (fp: string): RegistrySummaryRecord => ({ patientFingerprint: fp, digest: null, unreadablePlans: 1 });

  it('puts every summary in exactly one bucket, the one its fingerprint hashes to, and gives them all back', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 8, maxLength: 40 }), { maxLength: 300 }), (fps) => {
        const buckets = summaryBuckets(fps.map(summary));
        expect(buckets.length).toBeLessThanOrEqual(REGISTRY_SUMMARY_BUCKETS);
        expect(new Set(buckets.map((b) => b.bucket)).size).toBe(buckets.length);
        for (const b of buckets) for (const s of b.summaries) expect(summaryBucketOf(s.patientFingerprint)).toBe(b.bucket);
        expect(summariesIn(buckets).map((s) => s.patientFingerprint).sort()).toEqual([...fps].sort());
      }),
    );
  });

  it('spreads 5,000 patients evenly enough that no bucket is rewritten with more than twice its share', () => {
    const sizes = summaryBuckets(Array.from({ length: 5000 }, (_, i) => summary(`pf1m-${(i * 7919).toString(36)}-${i}`))).map((b) => b.summaries.length);
    expect(sizes.length).toBe(REGISTRY_SUMMARY_BUCKETS);
    expect(Math.max(...sizes)).toBeLessThan((2 * 5000) / REGISTRY_SUMMARY_BUCKETS);
  });
});
