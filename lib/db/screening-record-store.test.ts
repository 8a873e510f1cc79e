import { describe, expect, it } from 'vitest';
import type { PatientContext } from '../ehr/patient';
import { BridgeDatabase } from './database';
import { readDraft, saveDraft } from './draft-store';
import {
  IncompleteScreeningError,
  SCREENING_DRAFT_KIND,
  WRONG_PATIENT_MESSAGE,
  WrongPatientError,
  auditCOverrides,
  recordScreening,
  screeningHistoryOf,
  scoringContextFor,
} from './screening-record-store';

const patient = (fingerprint: string, sex: PatientContext['sex'], birthDate: string | null = '1980-05-01'): PatientContext => ({
  name: 'Test Patient', birthDate, sex, postalCode: '60601', mrn: 'MRN-1', sourceUrl: 'http://127.0.0.1/chart/x', confidence: 0.9, fingerprint,
});
const A = patient('fp-aaaaaaaa', 'male');
const B = patient('fp-bbbbbbbb', 'female');
const newDb = () => new BridgeDatabase(`screen-records-${Math.random()}`);
let n = 0;
const ids = () => `id-${++n}`;

/** AUDIT-C 2 + 1 + 1 = 4: positive for a man (≥4), and for a woman (≥3). */
const four = { q1: '2-4-a-month', q2: '3-4', q3: 'less-than-monthly' };
/** AUDIT-C 3 + 0 + 0 = 3: negative for a man at the default cut-off. */
const three = { q1: '2-3-a-week', q2: '1-2', q3: 'never' };

describe('recordScreening', () => {
  it('re-scores the answers itself, stores the record, deletes the draft and audits', async () => {
    const db = newDb();
    await saveDraft(db, SCREENING_DRAFT_KIND, A.fingerprint, { instrumentId: 'audit-c', answers: four }, '2026-11-23T09:00:00Z');
    await saveDraft(db, SCREENING_DRAFT_KIND, B.fingerprint, { instrumentId: 'audit-c', answers: {} }, '2026-11-23T09:00:00Z');
    const record = await recordScreening(db, { patientFingerprint: A.fingerprint, instrumentId: 'audit-c', answers: four, mode: 'clinician' }, A, { now: '2026-11-23T10:00:00Z', newId: ids });
    expect([record.result.score, record.result.positive, record.result.cutoff]).toEqual([4, true, { id: 'audit-c.men', atLeast: 4 }]);
    expect(await db.screenings.get(record.id)).toMatchObject({ patientFingerprint: A.fingerprint, instrumentId: 'audit-c', mode: 'clinician', answers: four });
    expect(await readDraft(db, SCREENING_DRAFT_KIND, A.fingerprint)).toBeUndefined();
    expect(await readDraft(db, SCREENING_DRAFT_KIND, B.fingerprint)).toBeDefined();
    expect(await db.audit.toArray()).toEqual([expect.objectContaining({ action: 'screen', patientFingerprint: A.fingerprint, detail: 'AUDIT-C completed (clinician)' })]);
  });

  it.each([
    ['the chart shows another patient', B],
    ['the chart shows no patient', null],
  ])('refuses and writes nothing when %s', async (_case, onChart) => {
    const db = newDb();
    await saveDraft(db, SCREENING_DRAFT_KIND, A.fingerprint, { answers: four }, '2026-11-23T09:00:00Z');
    const attempt = recordScreening(db, { patientFingerprint: A.fingerprint, instrumentId: 'audit-c', answers: four, mode: 'clinician' }, onChart, { now: '2026-11-23T10:00:00Z', newId: ids });
    await expect(attempt).rejects.toThrow(WrongPatientError);
    await expect(attempt).rejects.toThrow(WRONG_PATIENT_MESSAGE);
    expect([await db.screenings.count(), await db.audit.count()]).toEqual([0, 0]);
    expect(await readDraft(db, SCREENING_DRAFT_KIND, A.fingerprint)).toBeDefined();
  });

  it('refuses incomplete answers, naming what is missing', async () => {
    const db = newDb();
    const attempt = recordScreening(db, { patientFingerprint: A.fingerprint, instrumentId: 'audit-c', answers: { q1: '2-3-a-week' }, mode: 'self' }, A, { now: '2026-11-23T10:00:00Z', newId: ids });
    await expect(attempt).rejects.toThrow(IncompleteScreeningError);
    const db2 = newDb();
    await expect(
      recordScreening(db2, { patientFingerprint: A.fingerprint, instrumentId: 'audit-c', answers: { q1: 'monthly-or-less' }, mode: 'self' }, A, { now: '2026-11-23T10:00:00Z', newId: ids }),
    ).rejects.toThrow('AUDIT-C is not complete: 2 questions unanswered (q2, q3). Nothing was saved.');
    expect(await db2.screenings.count()).toBe(0);
  });

  it('refuses an unknown instrument or an answer the item cannot take', async () => {
    const db = newDb();
    await expect(recordScreening(db, { patientFingerprint: A.fingerprint, instrumentId: 'nope', answers: {}, mode: 'clinician' }, A, { now: '2026-11-23T10:00:00Z', newId: ids })).rejects.toThrow(/Unknown screening instrument 'nope'/);
    await expect(
      recordScreening(db, { patientFingerprint: A.fingerprint, instrumentId: 'audit-c', answers: { ...four, q1: 'always' }, mode: 'clinician' }, A, { now: '2026-11-23T10:00:00Z', newId: ids }),
    ).rejects.toThrow(/q1/);
    expect(await db.screenings.count()).toBe(0);
  });

  it("uses the clinic's AUDIT-C cut-offs in force", async () => {
    const db = newDb();
    const save = (auditCCutoffs?: unknown) =>
      recordScreening(db, { patientFingerprint: A.fingerprint, instrumentId: 'audit-c', answers: three, mode: 'clinician' }, A, { now: '2026-11-23T10:00:00Z', auditCCutoffs, newId: ids });
    expect((await save()).result.positive).toBe(false);
    expect((await save({ men: 4, women: 3 })).result.positive).toBe(false);
    expect((await save({ men: 3, women: 3 })).result).toMatchObject({ positive: true, cutoff: { id: 'audit-c.men', atLeast: 3 } });
  });
});

describe('scoring context', () => {
  it('takes sex and age on the day from the patient', () => {
    expect(scoringContextFor(patient('fp-cccccccc', 'female', '2009-11-24'), undefined, '2026-11-23T10:00:00Z')).toEqual({ sex: 'female', ageYears: 16, cutoffOverrides: {} });
    expect(scoringContextFor(patient('fp-cccccccc', 'unknown', null), undefined, '2026-11-23T10:00:00Z').ageYears).toBeNull();
  });

  it('maps { men, women } to the engine rules and leaves out values the source does not allow', () => {
    expect(auditCOverrides({ men: 5, women: 2 })).toEqual({ 'audit-c.men': 5, 'audit-c.women': 2, 'audit-c.sex-unknown': 2 });
    expect(auditCOverrides({ men: 9, women: 1 })).toEqual({});
    expect(auditCOverrides({ men: 4.5, women: '3' })).toEqual({});
    expect(auditCOverrides(null)).toEqual({});
  });
});

describe('screeningHistoryOf', () => {
  it("lists only this patient's screenings, oldest first, with the trend label", async () => {
    const db = newDb();
    const six = { q1: '2-3-a-week', q2: '3-4', q3: 'monthly' };
    await recordScreening(db, { patientFingerprint: A.fingerprint, instrumentId: 'audit-c', answers: six, mode: 'clinician' }, A, { now: '2026-01-10T10:00:00Z', newId: ids });
    await recordScreening(db, { patientFingerprint: B.fingerprint, instrumentId: 'audit-c', answers: four, mode: 'self' }, B, { now: '2026-02-10T10:00:00Z', newId: ids });
    await recordScreening(db, { patientFingerprint: A.fingerprint, instrumentId: 'audit-c', answers: three, mode: 'self' }, A, { now: '2026-06-10T10:00:00Z', newId: ids });
    const history = await screeningHistoryOf(db, A.fingerprint);
    expect(history.records.map((r) => [r.result.score, r.mode])).toEqual([[6, 'clinician'], [3, 'self']]);
    expect(history.trends).toEqual([expect.objectContaining({ instrumentId: 'audit-c', scores: [6, 3], direction: 'improving', label: 'AUDIT-C 6 → 3' })]);
    expect((await screeningHistoryOf(db, 'fp-nobody1')).records).toEqual([]);
  });
});
