import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { samplePlanInput } from '../careplan/test-support';
import { createCarePlan } from '../careplan/versioning';
import { caseloadRows } from '../registry/caseload';
import { summariesIn } from './registry-summary-table';
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
      const hasRecords = old.tables.some((t) => t.name === 'carePlans');
      if (hasRecords) {
        // A care plan, a screening and the patient written by a release without summaries.
        const plan = createCarePlan(samplePlanInput({ patientFingerprint: 'fp-00000001' }), { by: 'Dr. Old', at: '2026-11-23T14:00:00Z' });
        await old.table('carePlans').put({ ...plan, id: plan.current.id, patientFingerprint: 'fp-00000001', updatedAt: '2026-11-23T14:00:00Z' });
        await old.table('screenings').put({ id: 's0', patientFingerprint: 'fp-00000001', instrumentId: 'audit-c', instrumentVersion: '1', answers: {}, result: { status: 'complete', score: 8 }, mode: 'clinician', completedAt: '2026-11-20T10:00:00Z' });
        await old.table('patients').put({ fingerprint: 'fp-00000001', name: 'Olga Oldrelease', birthDate: null, sex: 'female', postalCode: null, mrn: 'MRN-OLD', lastSeenAt: '2026-11-23T14:00:00Z' });
      }
      old.close();

      const db = new BridgeDatabase(name);
      await db.open();
      expect(db.verno).toBeGreaterThan(Number(version));
      expect(await db.settings.get('clinicianName')).toMatchObject({ value: 'Dr. Old' });
      expect(await db.snoozes.get('fp-00000001')).toMatchObject({ until: '2026-02-01T00:00:00Z' });
      expect(await db.audit.where('patientFingerprint').equals('fp-00000001').count()).toBe(1);
      // The upgrade builds the registry's summaries from what was stored.
      const rows = caseloadRows(summariesIn(await db.registrySummaries.toArray()), new Date('2026-12-09T12:00:00Z')).rows;
      if (hasRecords) expect(rows).toMatchObject([{ patientFingerprint: 'fp-00000001', name: 'Olga Oldrelease', mrn: 'MRN-OLD', latestScore: { score: 8 }, flags: ['overdue-contact'] }]);
      else expect(rows).toEqual([]);
      await db.screenings.put({ id: 's1', patientFingerprint: 'fp-00000001', instrumentId: 'audit-c', instrumentVersion: '1', answers: {}, result: {}, mode: 'clinician', completedAt: '2026-03-01T00:00:00Z' });
      expect(await db.screenings.where('patientFingerprint').equals('fp-00000001').count()).toBe(hasRecords ? 2 : 1);
      db.close();
    });
  }
});
