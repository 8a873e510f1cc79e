import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, InvalidScreeningDateError, screeningDue, screeningPrompt, trend } from './due';

describe('screeningDue', () => {
  it('is due when never screened', () => {
    expect(screeningDue(null, '2026-11-23')).toEqual({
      due: true,
      lastScreenedOn: null,
      dueOn: '2026-11-23',
      label: 'SUD screening due - last: never',
    });
  });
  it.each([
    ['2025-11-24', '2026-11-23', false],
    ['2025-11-23', '2026-11-23', true],
    ['2025-11-22T23:59:00Z', '2026-11-23T08:00:00Z', true],
    ['2026-05-23', '2026-11-23', false],
  ])('last %s, now %s → due %s (12 months)', (last, now, due) => {
    expect(screeningDue(last, now).due).toBe(due);
  });
  it('uses the configured interval', () => {
    expect(screeningDue('2026-05-23', '2026-11-23', 6).due).toBe(true);
    expect(screeningDue('2026-05-24', '2026-11-23', 6)).toMatchObject({
      due: false,
      dueOn: '2026-11-24',
      label: 'SUD screening up to date - last: 2026-05-24, next due 2026-11-24',
    });
  });
  it('labels a due screening with its last date', () => {
    expect(screeningDue('2024-03-01T10:00:00Z', '2026-11-23').label).toBe('SUD screening due - last: 2024-03-01');
  });
  it('rejects bad dates and intervals with a specific error', () => {
    expect(() => screeningDue('2025-02-30', '2026-01-01')).toThrow(InvalidScreeningDateError);
    expect(() => screeningDue('03/01/2025', '2026-01-01')).toThrow(/`lastCompletedAt` must be an ISO date/);
    expect(() => screeningDue(null, '2026-01-01', 0)).toThrow(/whole number of months/);
  });
  it('clamps month ends', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-02-28', 12)).toBe('2026-02-28');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
  });
  it('is never due the day after a screening and always due a full interval later (property)', () => {
    const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 36 }), (last, months) => {
        const next = new Date(`${last}T00:00:00Z`);
        next.setUTCDate(next.getUTCDate() + 1);
        return !screeningDue(last, next.toISOString(), months).due && screeningDue(last, addMonths(last, months), months).due;
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('trend', () => {
  it('shows previous → latest per instrument, newest instrument first', () => {
    const t = trend([
      { instrumentId: 'audit-c', score: 3, completedAt: '2026-06-01T10:00:00Z' },
      { instrumentId: 'dast-10', score: 2, completedAt: '2026-01-01T10:00:00Z' },
      { instrumentId: 'audit-c', score: 6, completedAt: '2025-12-01T10:00:00Z' },
    ]);
    expect(t).toEqual([
      { instrumentId: 'audit-c', scores: [6, 3], direction: 'improving', label: 'AUDIT-C 6 → 3' },
      { instrumentId: 'dast-10', scores: [2], direction: 'single', label: 'DAST-10 2' },
    ]);
  });
  it('reports worsening and unchanged', () => {
    const at = (score: number, d: string) => ({ instrumentId: 'taps', score, completedAt: d });
    expect(trend([at(1, '2026-01-01'), at(3, '2026-02-01')])[0]).toMatchObject({ direction: 'worsening', label: 'TAPS 1 → 3' });
    expect(trend([at(2, '2026-01-01'), at(2, '2026-02-01')])[0]!.direction).toBe('unchanged');
  });
  it('is empty without results and keeps unknown instruments by id', () => {
    expect(trend([])).toEqual([]);
    expect(trend([{ instrumentId: 'phq-9', score: 4, completedAt: '2026-01-01' }])[0]!.label).toBe('phq-9 4');
  });
});

describe('screeningPrompt', () => {
  it('offers CRAFFT 2.1 to an adolescent who is due', () => {
    const p = screeningPrompt({ lastCompletedAt: null, now: '2026-11-23', ageYears: 16, sex: 'female' });
    expect([p.due, p.label, p.offer?.instrumentId]).toEqual([true, 'SUD screening due - last: never', 'crafft-2.1']);
  });
  it('offers the single alcohol question first to an adult, and nothing to a child', () => {
    expect(screeningPrompt({ lastCompletedAt: '2024-01-01', now: '2026-11-23', ageYears: 40, sex: 'male' }).offer?.instrumentId).toBe('niaaa-single');
    expect(screeningPrompt({ lastCompletedAt: null, now: '2026-11-23', ageYears: 9, sex: 'male' }).offer).toBeNull();
  });
});
