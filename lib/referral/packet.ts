import { z } from 'zod';
import { patientContextSchema } from '../ehr/patient';

/**
 * §2.32(a)(1) "Statement 1" of 42 CFR part 2 as amended by the 2024 final rule
 * (89 FR 12472, 16 Feb 2024; compliance from 16 Feb 2026). Each disclosure made with the
 * patient's written consent must carry this statement or the short Statement 2 below, and
 * (§2.32(b)) a copy of the consent or a clear explanation of its scope.
 * Wording checked against the eCFR text as quoted by two independent sources; re-check against
 * https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2/subpart-C/section-2.32
 * before a release.
 */
export const PART2_REDISCLOSURE_NOTICE =
  'This record which has been disclosed to you is protected by Federal confidentiality rules (42 CFR part 2). ' +
  'These rules prohibit you from using or disclosing this record, or testimony that describes the information ' +
  'contained in this record, in any civil, criminal, administrative, or legislative proceedings by any Federal, ' +
  'State, or local authority, against the patient, unless authorized by the consent of the patient, except as ' +
  'provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR 2.64 or 2.65. In addition, ' +
  'the Federal rules prohibit you from making any other use or disclosure of this record unless at least one of ' +
  'the following applies: ' +
  '(i) Further use or disclosure is expressly permitted by the written consent of the individual whose ' +
  'information is being disclosed in this record or as otherwise permitted by 42 CFR part 2. ' +
  '(ii) You are a covered entity or business associate and have received the record for treatment, payment, or ' +
  'health care operations, or ' +
  '(iii) You have received the record from a covered entity or business associate as permitted by 45 CFR part ' +
  '164, subparts A and E. ' +
  'A general authorization for the release of medical or other information is NOT sufficient to meet the ' +
  'required elements of written consent to further use or redisclose the record (see 42 CFR 2.31).';

/** §2.32(a)(2) "Statement 2", for places too small for Statement 1 (a form field, a label). */
export const PART2_REDISCLOSURE_NOTICE_SHORT =
  '42 CFR part 2 prohibits unauthorized use or disclosure of these records.';

/** FHIR ServiceRequest.priority values; the same words the EHR forms use most often. */
export const urgencySchema = z.enum(['routine', 'urgent', 'asap', 'stat']);
export type Urgency = z.infer<typeof urgencySchema>;

/** What the screening found, as the referral needs it (not the whole questionnaire). */
export const screeningSummarySchema = z
  .object({
    instrumentId: z.string().min(1),
    instrumentName: z.string().min(1),
    score: z.number().finite(),
    maxScore: z.number().finite().positive(),
    /** The instrument's own words for the band, e.g. "moderate", "Zone III", "substantial". */
    riskLevel: z.string().min(1).max(80),
    /** ISO date-time the screening was completed. */
    completedAt: z.iso.datetime({ offset: true }),
    positive: z.boolean(),
  })
  .refine((s) => s.score >= 0 && s.score <= s.maxScore, {
    message: 'score must lie between 0 and maxScore',
    path: ['score'],
  });
export type ScreeningSummary = z.infer<typeof screeningSummarySchema>;

/**
 * ASAM Criteria levels of care. The 4th edition (2023) renamed some levels, so the edition is
 * stored with every level (domain.md, "Levels of care").
 */
export const ASAM_LEVELS = {
  'ASAM-3': {
    '0.5': 'Early intervention',
    '1': 'Outpatient services',
    '2.1': 'Intensive outpatient services',
    '2.5': 'Partial hospitalization services',
    '3.1': 'Clinically managed low-intensity residential services',
    '3.3': 'Clinically managed population-specific high-intensity residential services',
    '3.5': 'Clinically managed high-intensity residential services',
    '3.7': 'Medically monitored intensive inpatient services',
    '4': 'Medically managed intensive inpatient services',
    OTP: 'Opioid treatment program',
  },
  'ASAM-4': {
    '1.0': 'Long-term remission monitoring',
    '1.5': 'Outpatient therapy',
    '1.7': 'Medically managed outpatient treatment',
    '2.1': 'Intensive outpatient treatment',
    '2.5': 'High-intensity outpatient treatment',
    '2.7': 'Medically managed intensive outpatient treatment',
    '3.1': 'Clinically managed low-intensity residential treatment',
    '3.5': 'Clinically managed high-intensity residential treatment',
    '3.7': 'Medically managed residential treatment',
    '4.0': 'Medically managed intensive inpatient treatment',
    OTP: 'Opioid treatment program',
  },
} as const;

export const levelOfCareSchema = z
  .object({ edition: z.enum(['ASAM-3', 'ASAM-4']), level: z.string().min(1) })
  .refine((l) => l.level in ASAM_LEVELS[l.edition], {
    message: 'level is not a level of care in that ASAM edition',
    path: ['level'],
  });
export type LevelOfCare = z.infer<typeof levelOfCareSchema>;

/** The plain-language name of a level of care, e.g. "ASAM 2.1 Intensive outpatient services (3rd ed.)". */
export function levelOfCareLabel(loc: LevelOfCare): string {
  const names: Record<string, string> = ASAM_LEVELS[loc.edition];
  const edition = loc.edition === 'ASAM-3' ? '3rd ed.' : '4th ed.';
  return `ASAM ${loc.level} ${names[loc.level] ?? ''} (${edition})`.replace(/\s+/g, ' ');
}

/**
 * True when `npi` is a 10-digit National Provider Identifier whose check digit is right
 * (Luhn over the 80840 prefix, CMS "NPI check digit" rule).
 */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi}`.split('').map(Number);
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits[i] as number;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const npiSchema = z.string().refine(isValidNpi, { message: 'NPI must be 10 digits with a valid check digit' });

export const providerChoiceSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(300),
  address: z.string().max(500),
  phone: z.string().max(40),
  website: z.url().optional(),
});
export type ProviderChoice = z.infer<typeof providerChoiceSchema>;

export const diagnosisSuggestionSchema = z.object({
  system: z.literal('ICD-10-CM'),
  code: z.string().regex(/^F1\d(\.\d{1,4})?$/, 'an ICD-10-CM F10–F19 code'),
  display: z.string().min(1),
});

/** Everything a referral carries, as the clinician confirmed it. */
export const referralPacketSchema = z.object({
  id: z.string().min(1),
  patient: patientContextSchema,
  screening: screeningSummarySchema,
  reason: z.string().min(1).max(2000),
  /** Suggestions only: the clinician confirms any code (domain.md). */
  diagnoses: z.array(diagnosisSuggestionSchema).default([]),
  levelOfCare: levelOfCareSchema.nullable(),
  providers: z.array(providerChoiceSchema).min(1),
  urgency: urgencySchema,
  referringClinician: z.object({
    name: z.string().min(1),
    npi: npiSchema.optional(),
    phone: z.string().max(40).optional(),
  }),
  clinic: z.object({
    name: z.string().min(1),
    address: z.string().max(500).optional(),
    npi: npiSchema.optional(),
  }),
  notes: z.string().max(4000).default(''),
  /** The consent this disclosure relies on (lib/consent), when one is needed. */
  consentId: z.string().min(1).nullable().default(null),
  createdAt: z.iso.datetime({ offset: true }),
  /** §2.32 statement 1 by default; a clinic may only substitute its counsel's wording, never leave it out. */
  redisclosureNotice: z.string().min(60).default(PART2_REDISCLOSURE_NOTICE),
});
export type ReferralPacket = z.infer<typeof referralPacketSchema>;
export type ReferralPacketInput = z.input<typeof referralPacketSchema>;

/**
 * Validates a packet and fills defaults. Throws `ReferralPacketError` naming every bad field.
 */
export function referralPacket(input: unknown): ReferralPacket {
  const parsed = referralPacketSchema.safeParse(input);
  if (!parsed.success) {
    throw new ReferralPacketError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(packet)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

/** A referral packet failed validation; `problems` lists each field and what was wrong. */
export class ReferralPacketError extends Error {
  override readonly name = 'ReferralPacketError';
  constructor(readonly problems: string[]) {
    super(`The referral is incomplete: ${problems.join('; ')}. Nothing was saved.`);
  }
}
