import { recordConsent, type Consent } from '../consent/consent';
import { BridgeDatabase, type ScreeningRecord } from '../db/database';
import type { HttpFetch } from './client';
import { SyncEngine, type SyncEngineOptions } from './engine';
import { sampleConsentInput } from '../../tests/fixtures/forms/sample-consent';

/**
 * Test support (imported only by tests and benchmarks): a "machine" is a Bridge database with its
 * own sync engine; several machines share one test FHIR server.
 */

export const MRN_SYSTEM = 'urn:oid:2.16.840.1.113883.3.4242.1';
export const TEST_TOKEN = 'test-token-0001';

/** Node's fetch in the shape the engine takes. */
export const nodeFetch: HttpFetch = (url, init) => fetch(url, { ...init, cache: 'no-store', redirect: 'error' });

let counter = 0;

/** A machine: a fresh database and an engine on it (pass `dbName` to reopen a machine's database). */
export function machine(baseUrl: string, options: Partial<SyncEngineOptions> & { dbName?: string } = {}): { db: BridgeDatabase; engine: SyncEngine; dbName: string } {
  const dbName = options.dbName ?? `sync-machine-${++counter}-${Math.random().toString(36).slice(2)}`;
  const db = options.db ?? new BridgeDatabase(dbName);
  const engine = new SyncEngine({
    db,
    endpoint: { baseUrl, patientIdentifierSystem: MRN_SYSTEM },
    authorize: async () => `Bearer ${TEST_TOKEN}`,
    fetch: nodeFetch,
    sleep: async () => undefined,
    recipient: { id: 'clinic-fhir-server', name: 'Riverside Family Medicine' },
    machine: dbName,
    ...options,
  });
  return { db, engine, dbName };
}

/** A patient as an EHR page showed it on this machine. */
export async function seePatient(db: BridgeDatabase, fingerprint: string, mrn: string, name = 'Jane Q Testpatient'): Promise<void> {
  await db.patients.put({ fingerprint, name, birthDate: '1980-04-09', sex: 'female', postalCode: '02139', mrn, lastSeenAt: '2026-11-23T12:00:00Z' });
}

/** The patient as the clinic's server (EHR) knows them. */
export function serverPatient(mrn: string, family = 'Testpatient') {
  return { resourceType: 'Patient', identifier: [{ system: MRN_SYSTEM, value: mrn }], name: [{ family, given: ['Jane'] }], birthDate: '1980-04-09', gender: 'female' };
}

/** A consent that covers sharing screenings, referrals and the care plan with the clinic's server. */
export function syncConsent(patientFingerprint: string, id = `consent-${patientFingerprint}`): Consent {
  return recordConsent(
    sampleConsentInput({
      id,
      patientFingerprint,
      information: {
        kinds: ['screening-results', 'referral-details', 'treatment-history'],
        sudDescription: 'My alcohol use screening results, my referral for substance use treatment and my care plan.',
      },
      recipients: [{ kind: 'general-designation', designation: 'my treating providers at Riverside Family Medicine' }],
    }),
  );
}

/** A completed AUDIT-C as the screening store keeps it. */
export function sampleScreening(patientFingerprint: string, id: string, score = 6, completedAt = '2026-11-23T13:00:00.000Z'): ScreeningRecord {
  return {
    id,
    patientFingerprint,
    instrumentId: 'audit-c',
    instrumentVersion: '1',
    answers: { q1: 2, q2: 2, q3: score - 4 },
    result: { status: 'complete', instrumentId: 'audit-c', score, positive: score >= 3, riskLabel: 'positive' },
    mode: 'clinician',
    completedAt,
  };
}
