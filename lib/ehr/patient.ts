import { z } from 'zod';

/** Administrative sex as an EHR banner shows it; `unknown` when the page does not say. */
export const sexSchema = z.enum(['female', 'male', 'other', 'unknown']);
export type Sex = z.infer<typeof sexSchema>;

/**
 * The patient currently on the EHR page, as Bridge understood it. `fingerprint` is the key every
 * draft, screening and referral is stored under: two different patients never share one.
 */
export const patientContextSchema = z.object({
  name: z.string().min(1).max(200),
  /** ISO date, YYYY-MM-DD. */
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  sex: sexSchema,
  /** 5-digit US ZIP. */
  postalCode: z.string().regex(/^\d{5}$/).nullable(),
  mrn: z.string().min(1).max(64).nullable(),
  sourceUrl: z.string().max(2048),
  /** 0..1: how sure the extractor is that these fields belong to one patient banner. */
  confidence: z.number().min(0).max(1),
  fingerprint: z.string().min(8).max(128),
});
export type PatientContext = z.infer<typeof patientContextSchema>;

export { ageOn, isAdolescent } from './age';
