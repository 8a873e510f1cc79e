import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carePlanExpired, referralExpired, retentionCutoff, RetentionSettingError } from './retention';

describe('retentionCutoff', () => {
  it('is exactly retentionDays before now', () => {
    expect(retentionCutoff('2026-11-23T12:00:00.000Z', 90).before).toBe('2026-08-25T12:00:00.000Z');
  });
  it('refuses a period that is not a whole number of days ≥ 1, saying so', () => {
    expect(() => retentionCutoff('2026-11-23T12:00:00Z', 0)).toThrow(RetentionSettingError);
    expect(() => retentionCutoff('2026-11-23T12:00:00Z', 1.5)).toThrow(/whole number of days, 1 or more, got 1.5/);
    expect(() => retentionCutoff('yesterday', 30)).toThrow(/"yesterday" is not a date-time/);
  });
  it('never puts the cut-off after now', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 36_500 }), fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (days, now) => {
        expect(retentionCutoff(now.toISOString(), days).before < now.toISOString()).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('referralExpired', () => {
  const cutoff = { before: '2026-08-25T12:00:00.000Z' };
  it('keeps open referrals whatever their age, and recent closed ones', () => {
    expect(referralExpired({ status: 'sent', updatedAt: '2020-01-01T00:00:00Z' }, cutoff)).toBe(false);
    expect(referralExpired({ status: 'closed', updatedAt: '2026-10-01T00:00:00Z' }, cutoff)).toBe(false);
  });
  it('purges closed or declined referrals older than the period', () => {
    expect(referralExpired({ status: 'closed', updatedAt: '2026-01-01T00:00:00Z' }, cutoff)).toBe(true);
    expect(referralExpired({ status: 'declined', updatedAt: '2026-01-01T00:00:00Z' }, cutoff)).toBe(true);
  });
});

describe('carePlanExpired', () => {
  const cutoff = { before: '2026-08-25T12:00:00.000Z' };
  it('keeps active plans whatever their age, and recently closed ones', () => {
    expect(carePlanExpired({ current: { status: 'active' }, updatedAt: '2020-01-01T00:00:00Z' }, cutoff)).toBe(false);
    expect(carePlanExpired({ current: { status: 'closed' }, updatedAt: '2026-10-01T00:00:00Z' }, cutoff)).toBe(false);
    expect(carePlanExpired({ updatedAt: '2020-01-01T00:00:00Z' }, cutoff)).toBe(false);
  });
  it('purges plans closed longer ago than the period', () => {
    expect(carePlanExpired({ current: { status: 'closed' }, updatedAt: '2026-01-01T00:00:00Z' }, cutoff)).toBe(true);
  });
});
