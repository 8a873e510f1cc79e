import { describe, expect, it } from 'vitest';
import { BridgeDatabase } from './database';
import { readLocalSettings, saveLocalSettings } from './settings-store';

describe('local settings store', () => {
  it('round-trips values and overwrites a key in place', async () => {
    const db = new BridgeDatabase(`settings-${Math.random()}`);
    await saveLocalSettings(db, { clinicianName: 'Dr. A', rescreenIntervalMonths: 12 }, '2026-11-23T10:00:00Z');
    await saveLocalSettings(db, { clinicianName: 'Dr. B' }, '2026-11-23T11:00:00Z');
    expect(await readLocalSettings(db)).toEqual({ clinicianName: 'Dr. B', rescreenIntervalMonths: 12 });
    expect((await db.settings.get('clinicianName'))?.updatedAt).toBe('2026-11-23T11:00:00Z');
  });
});
