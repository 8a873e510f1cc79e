import { z } from 'zod';
import { answerValueSchema, sbirtActionSchema } from '../../screening/instrument';
import { fingerprintSchema, okReply, lazySchema, spec } from '../spec';

const instrumentIdSchema = lazySchema(() => z.string().min(1).max(64));

/** The engine's complete result as the background returns it (lib/screening/score.ts `CompleteScreening`). */
export const completeScreeningSchema = lazySchema(() => z.object({
  status: z.literal('complete'),
  instrumentId: instrumentIdSchema,
  instrumentVersion: z.string(),
  score: z.number(),
  subscores: z.record(z.string(), z.number()),
  riskLevel: z.string(),
  riskLabel: z.string(),
  positive: z.boolean(),
  cutoff: z.object({ id: z.string(), atLeast: z.number() }),
  action: sbirtActionSchema,
  guidance: z.string(),
  rationale: z.string(),
  advisories: z.array(z.string()),
  answers: z.record(z.string(), answerValueSchema),
}));

export const screeningRecordSchema = lazySchema(() => z.object({
  id: z.string(),
  patientFingerprint: fingerprintSchema,
  instrumentId: instrumentIdSchema,
  instrumentVersion: z.string(),
  mode: z.enum(['clinician', 'self']),
  completedAt: z.string(),
  result: completeScreeningSchema,
}));
export type ScreeningRecordView = z.infer<typeof screeningRecordSchema>;

export const scoreTrendSchema = lazySchema(() => z.object({
  instrumentId: z.string(),
  scores: z.array(z.number()),
  direction: z.enum(['improving', 'worsening', 'unchanged', 'single']),
  label: z.string(),
}));

/** Drafts are small work in progress (answers, ticked steps); 64 KB of JSON is far more than any needs. */
const draftDataSchema = lazySchema(() => z
  .record(z.string(), z.unknown())
  .refine((data) => JSON.stringify(data).length <= 65_536, { error: 'must be at most 64 KB of JSON' }));
const draftKindSchema = lazySchema(() => z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, { error: 'must be a lower-case kind such as "screening"' }));

/** Messages about screenings and the drafts that belong to one patient. */
export const screeningAndDraftMessages = {
  /**
   * Save a completed screening for the patient on `tabId`. The background scores the answers
   * itself and refuses if that tab now shows another patient or an asked question is unanswered.
   */
  'screening.save': spec(
    ['extension'],
    () => z.object({
      tabId: z.number().int(),
      patientFingerprint: fingerprintSchema,
      instrumentId: instrumentIdSchema,
      answers: z.record(z.string().max(64), answerValueSchema),
      mode: z.enum(['clinician', 'self']),
    }),
    () => screeningRecordSchema,
  ),
  /** The patient's screenings, oldest first, and the trend per instrument ("AUDIT-C 6 → 3"). */
  'screening.history': spec(
    ['extension'],
    () => z.object({ patientFingerprint: fingerprintSchema }),
    () => z.object({ records: z.array(screeningRecordSchema), trends: z.array(scoreTrendSchema) }),
  ),
  /** Keep a patient's work in progress of one kind (replaces the previous draft of that kind). */
  'draft.save': spec(['extension'], () => z.object({ kind: draftKindSchema, patientFingerprint: fingerprintSchema, data: draftDataSchema }), () => z.object({ updatedAt: z.string() })),
  /** The patient's draft of this kind, or null: never another patient's. */
  'draft.read': spec(
    ['extension'],
    () => z.object({ kind: draftKindSchema, patientFingerprint: fingerprintSchema }),
    () => z.object({ data: z.record(z.string(), z.unknown()), updatedAt: z.string() }).nullable(),
  ),
  'draft.discard': spec(['extension'], () => z.object({ kind: draftKindSchema, patientFingerprint: fingerprintSchema }), () => okReply),
} as const;
