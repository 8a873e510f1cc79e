import type { PatientContext } from '../ehr/patient';
import { ageOn } from '../ehr/age';
import type { AnswerValue } from '../screening/instrument';
import { instrumentById } from '../screening/instruments';
import { scoreScreening, type CompleteScreening, type ScoringContext } from '../screening/score';
import { trend, type ScoreTrend } from '../screening/due';
import type { BridgeDatabase, ScreeningRecord } from './database';
import { draftIdOf } from './draft-store';
import { screeningsOf } from './screening-store';

/** The draft kind the side panel keeps a screening in progress under. */
export const SCREENING_DRAFT_KIND = 'screening';

/** storage.session key the background bumps after each saved screening: `{ patientFingerprint, at }`. */
export const SCREENINGS_UPDATED_KEY = 'screenings:updated';

export const WRONG_PATIENT_MESSAGE = 'The chart now shows another patient; this screening was not saved.';

/** The EHR tab no longer shows the patient the screening was started for. Nothing was saved. */
export class WrongPatientError extends Error {
  override readonly name = 'WrongPatientError';
  constructor() {
    super(WRONG_PATIENT_MESSAGE);
  }
}

/** Not every asked question has an answer, so there is no score to save. */
export class IncompleteScreeningError extends Error {
  override readonly name = 'IncompleteScreeningError';
}

/** A screening as an extension page submits it: answers only, never a score. */
export interface ScreeningSubmission {
  patientFingerprint: string;
  instrumentId: string;
  answers: Record<string, AnswerValue>;
  mode: 'clinician' | 'self';
}

/** A stored screening whose result is the engine's complete result. */
export type ScoredScreeningRecord = Omit<ScreeningRecord, 'result'> & { result: CompleteScreening };

/**
 * A clinic's AUDIT-C cut-offs (`{ men, women }`, the `auditCCutoffs` setting) as engine overrides.
 * Women's cut-off also applies when sex is unknown (the engine's rule: the lower, more sensitive
 * one). A value the engine's source does not allow is left out, so the published default applies
 * rather than every save failing on a mistyped setting.
 */
export function auditCOverrides(setting: unknown): Record<string, number> {
  if (typeof setting !== 'object' || setting === null) return {};
  const { men, women } = setting as { men?: unknown; women?: unknown };
  const rules = instrumentById('audit-c').cutoffs;
  const wanted: Record<string, unknown> = { 'audit-c.men': men, 'audit-c.women': women, 'audit-c.sex-unknown': women };
  const overrides: Record<string, number> = {};
  for (const [id, value] of Object.entries(wanted)) {
    const rule = rules.find((r) => r.id === id);
    if (rule && typeof value === 'number' && Number.isInteger(value) && value >= rule.allowed.min && value <= rule.allowed.max) overrides[id] = value;
  }
  return overrides;
}

/** What scoring depends on for this patient today: sex, age from the birth date, clinic cut-offs. */
export function scoringContextFor(patient: Pick<PatientContext, 'sex' | 'birthDate'>, auditCCutoffs: unknown, today: string): ScoringContext {
  return { sex: patient.sex, ageYears: ageOn(patient.birthDate, today.slice(0, 10)), cutoffOverrides: auditCOverrides(auditCCutoffs) };
}

/**
 * Scores a submitted screening with the engine and stores it, if and only if `chartPatient` (the
 * patient the EHR tab shows now) is the patient it was started for. `auditCCutoffs` is the
 * clinic's setting in force (`{ men, women }`), if any. In one transaction it stores
 * the record, deletes that patient's screening draft and writes a 'screen' audit entry.
 * Throws `WrongPatientError`, `IncompleteScreeningError`, or the engine's answer/instrument errors;
 * in every such case nothing is written.
 */
export async function recordScreening(
  db: BridgeDatabase,
  submission: ScreeningSubmission,
  chartPatient: PatientContext | null,
  options: { now: string; auditCCutoffs?: unknown; newId?: () => string },
): Promise<ScoredScreeningRecord> {
  const { now, newId = () => crypto.randomUUID() } = options;
  if (!chartPatient || chartPatient.fingerprint !== submission.patientFingerprint) throw new WrongPatientError();
  const instrument = instrumentById(submission.instrumentId);
  const result = scoreScreening(instrument, submission.answers, scoringContextFor(chartPatient, options.auditCCutoffs, now));
  if (result.status === 'incomplete') {
    const n = result.missing.length;
    throw new IncompleteScreeningError(
      `${instrument.shortName} is not complete: ${n} question${n === 1 ? '' : 's'} unanswered (${result.missing.join(', ')}). Nothing was saved.`,
    );
  }
  const record: ScoredScreeningRecord = {
    id: newId(),
    patientFingerprint: submission.patientFingerprint,
    instrumentId: instrument.id,
    instrumentVersion: result.instrumentVersion,
    answers: result.answers,
    result,
    mode: submission.mode,
    completedAt: now,
  };
  await db.transaction('rw', [db.screenings, db.drafts, db.audit], async () => {
    await db.screenings.add(record);
    await db.drafts.delete(draftIdOf(SCREENING_DRAFT_KIND, submission.patientFingerprint));
    await db.audit.add({
      at: now,
      action: 'screen',
      patientFingerprint: submission.patientFingerprint,
      detail: `${instrument.shortName} completed (${submission.mode === 'self' ? 'patient self-screen' : 'clinician'})`,
    });
  });
  return record;
}

/** A patient's screenings, oldest first, with the per-instrument trend ("AUDIT-C 6 → 3"). */
export async function screeningHistoryOf(db: BridgeDatabase, patientFingerprint: string): Promise<{ records: ScoredScreeningRecord[]; trends: ScoreTrend[] }> {
  const records = (await screeningsOf(db, patientFingerprint)).filter(
    (r): r is ScoredScreeningRecord => r.result.status === 'complete' && typeof r.result.score === 'number',
  );
  const trends = trend(records.map((r) => ({ instrumentId: r.instrumentId, score: r.result.score, completedAt: r.completedAt })));
  return { records, trends };
}
