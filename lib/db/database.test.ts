import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { BridgeDatabase, RELEASED_SCHEMAS } from './database';

describe('database upgrades', () => {
  for (const [version, stores] of Object.entries(RELEASED_SCHEMAS)) {
    it(`upgrades a version ${version} database with data to the latest version, losing nothing`, async () => {
      const name = `upgrade-from-${version}-${Math.random()}`;
      const old = new Dexie(name);
      old.version(Number(version)).stores(stores);
      await old.table('settings').put({ key: 'clinicianName', value: 'Dr. Old', updatedAt: '2026-01-01T00:00:00Z' });
      await old.table('snoozes').put({ patientFingerprint: 'fp-00000001', until: '2026-02-01T00:00:00Z' });
      await old.table('audit').add({ at: '2026-01-01T00:00:00Z', action: 'view', patientFingerprint: 'fp-00000001', detail: 'ehr.example.org' });
      old.close();

      const db = new BridgeDatabase(name);
      await db.open();
      expect(db.verno).toBeGreaterThan(Number(version));
      expect(await db.settings.get('clinicianName')).toMatchObject({ value: 'Dr. Old' });
      expect(await db.snoozes.get('fp-00000001')).toMatchObject({ until: '2026-02-01T00:00:00Z' });
      expect(await db.audit.where('patientFingerprint').equals('fp-00000001').count()).toBe(1);
      await db.screenings.put({ id: 's1', patientFingerprint: 'fp-00000001', instrumentId: 'audit-c', instrumentVersion: '1', answers: {}, result: {}, mode: 'clinician', completedAt: '2026-03-01T00:00:00Z' });
      expect(await db.screenings.where('patientFingerprint').equals('fp-00000001').count()).toBe(1);
      db.close();
    });
  }
});
