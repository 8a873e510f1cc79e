import { describe, expect, it } from 'vitest';
import { BridgeDatabase, type ScreeningRecord } from './database';
import { lastScreeningOf, screeningsOf } from './screening-store';

const record = (id: string, patientFingerprint: string, completedAt: string): ScreeningRecord => ({
  id, patientFingerprint, completedAt, instrumentId: 'audit-c', instrumentVersion: '1', answers: {}, result: {}, mode: 'clinician',
});

describe('screening store', () => {
  it("returns only this patient's screenings, oldest first, and the latest one", async () => {
    const db = new BridgeDatabase(`screenings-${Math.random()}`);
    await db.screenings.bulkPut([
      record('a', 'fp-aaaaaaaa', '2026-03-01T10:00:00Z'),
      record('b', 'fp-bbbbbbbb', '2026-09-01T10:00:00Z'),
      record('c', 'fp-aaaaaaaa', '2025-01-01T10:00:00Z'),
      record('d', 'fp-aaaaaaaa', '2026-06-01T10:00:00Z'),
    ]);
    expect((await screeningsOf(db, 'fp-aaaaaaaa')).map((s) => s.id)).toEqual(['c', 'a', 'd']);
    expect((await lastScreeningOf(db, 'fp-aaaaaaaa'))?.id).toBe('d');
    expect(await lastScreeningOf(db, 'fp-cccccccc')).toBeUndefined();
  });
});
