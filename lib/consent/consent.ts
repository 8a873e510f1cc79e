import { z } from 'zod';

/**
 * A patient's written consent to disclose substance use disorder information, with the elements
 * 42 CFR §2.31(a) requires (2024 rule, 89 FR 12472): (1) the patient's name; (2) who may
 * disclose; (3) how much and what kind of information, including an explicit description of the
 * SUD information; (4) who may receive it, by name or, for treatment, payment and health care
 * operations, a general designation; (5) the purpose; (6) the right to revoke and how; (7) an
 * expiry date or event; (8) the signature of the patient or an authorized person; (9) the date.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** What may go out, in the clinic's words. */
export const consentInformationSchema = z.enum([
  'screening-results',
  'referral-details',
  'diagnosis',
  'treatment-history',
  'medications',
  'demographics',
]);

export const consentRecipientSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('named'), id: z.string().min(1).optional(), name: z.string().min(1).max(300) }),
  z.object({
    kind: z.literal('general-designation'),
    /** e.g. "my treating providers at Harbor Recovery Center" (§2.31(a)(4)). */
    designation: z.string().min(3).max(500),
  }),
]);
export type ConsentRecipient = z.infer<typeof consentRecipientSchema>;

export const consentActionSchema = z.enum(['fill-form', 'print', 'export', 'send']);
export type ConsentAction = z.infer<typeof consentActionSchema>;

export const signatureMethodSchema = z.enum(['wet-signature-on-file', 'electronic', 'verbal-attested']);

const SUD_WORDS = /substance|alcohol|drug|opioid|sud\b|42 cfr|part 2|cannabis|stimulant|addiction|treatment/i;

export const consentSchema = z
  .object({
    id: z.string().min(1),
    patientName: z.string().min(1).max(200),
    /** The fingerprint of the patient this consent belongs to (lib/ehr PatientContext). */
    patientFingerprint: z.string().min(8).max(128),
    /** Who may disclose: the clinic (and clinician) sending the referral. */
    discloser: z.string().min(1).max(300),
    information: z.object({
      kinds: z.array(consentInformationSchema).min(1),
      /** Explicit description of the SUD information, in words the patient agreed to. */
      sudDescription: z
        .string()
        .min(10)
        .max(2000)
        .refine((t) => SUD_WORDS.test(t), { message: 'must say explicitly which substance use information is disclosed' }),
    }),
    recipients: z.array(consentRecipientSchema).min(1),
    purpose: z.object({
      kind: z.enum(['treatment', 'payment', 'health-care-operations', 'other']),
      text: z.string().min(3).max(1000),
    }),
    revocation: z.object({
      /** The statement of the right to revoke, as shown to the patient. */
      statement: z.string().min(10),
      /** How to revoke (whom to tell, in writing or orally). */
      how: z.string().min(3),
    }),
    expiry: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('date'), date: isoDate }),
      z.object({ kind: z.literal('event'), event: z.string().min(3), occurredOn: isoDate.nullable().default(null) }),
    ]),
    signature: z
      .object({
        signedBy: z.enum(['patient', 'authorized-person']),
        name: z.string().min(1).max(200),
        /** Required when an authorized person signs: their authority (guardian, health care proxy...). */
        authority: z.string().max(200).optional(),
        date: isoDate,
        method: signatureMethodSchema,
        /** For verbal attestation: who witnessed it. */
        attestedBy: z.string().max(200).optional(),
      })
      .refine((s) => s.signedBy === 'patient' || !!s.authority?.trim(), {
        message: 'an authorized person must state their authority',
        path: ['authority'],
      })
      .refine((s) => s.method !== 'verbal-attested' || !!s.attestedBy?.trim(), {
        message: 'a verbal consent needs the name of the staff member who attests it',
        path: ['attestedBy'],
      }),
    /** The actions this consent lets Bridge take with the referral. */
    permittedActions: z.array(consentActionSchema).min(1).default(['fill-form', 'print', 'export', 'send']),
    createdAt: z.iso.datetime({ offset: true }),
    revokedAt: z.iso.datetime({ offset: true }).nullable().default(null),
    revokedBy: z.string().max(200).nullable().default(null),
  })
  .refine((c) => c.purpose.kind !== 'other' || c.recipients.every((r) => r.kind === 'named'), {
    message: 'a general designation of recipients is allowed only for treatment, payment or health care operations (§2.31(a)(4))',
    path: ['recipients'],
  });
export type Consent = z.infer<typeof consentSchema>;
export type ConsentInput = z.input<typeof consentSchema>;

/** The default wording of the right to revoke (§2.31(a)(6)), editable per clinic. */
export const DEFAULT_REVOCATION_STATEMENT =
  'You may revoke this consent at any time, orally or in writing, except to the extent that action has already been taken in reliance on it.';

/** A consent failed validation; `problems` names each missing or wrong element. */
export class ConsentError extends Error {
  override readonly name = 'ConsentError';
  constructor(readonly problems: string[]) {
    super(`The consent is missing required elements: ${problems.join('; ')}. It was not saved.`);
  }
}

/** Validates a consent and fills defaults; throws `ConsentError` listing every problem. */
export function recordConsent(input: unknown): Consent {
  const parsed = consentSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConsentError(parsed.error.issues.map((i) => `${i.path.join('.') || '(consent)'}: ${i.message}`));
  }
  return parsed.data;
}

export type ConsentStatus = 'active' | 'expired' | 'revoked';

/** The day of `now` in UTC, YYYY-MM-DD. */
function day(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Whether a consent can be relied on at `now`: revoked (from the moment of revocation), expired
 * (after its expiry date, or once its expiry event has happened), or active. A consent expires at
 * the end of its expiry date.
 */
export function consentStatus(consent: Consent, now: Date): ConsentStatus {
  if (consent.revokedAt && Date.parse(consent.revokedAt) <= now.getTime()) return 'revoked';
  if (consent.expiry.kind === 'date' && day(now) > consent.expiry.date) return 'expired';
  if (consent.expiry.kind === 'event' && consent.expiry.occurredOn && day(now) >= consent.expiry.occurredOn) return 'expired';
  return 'active';
}

/** The consent revoked at `at` by `by` (the patient or the staff member recording it). */
export function revoke(consent: Consent, at: Date, by: string): Consent {
  if (consent.revokedAt) return consent;
  return { ...consent, revokedAt: at.toISOString(), revokedBy: by };
}

/** Why a consent does not cover an action. */
export type ConsentRefusal =
  | 'revoked'
  | 'expired'
  | 'signed-in-the-future'
  | 'action-not-permitted'
  | 'recipient-not-named';

export type ConsentCheck = { ok: true } | { ok: false; reason: ConsentRefusal; message: string };

function sameName(a: string, b: string): boolean {
  const n = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return n(a) === n(b);
}

/**
 * Whether `consent` lets Bridge take `action` for `recipient` at `now`. A revoked or expired
 * consent refuses every action with a specific reason and message. A named recipient must match
 * by id or name; a general designation (allowed only for treatment, payment and operations)
 * covers the recipient the clinician chose for that purpose.
 */
export function consentCovers(
  consent: Consent,
  request: { recipientId?: string; recipientName?: string; action: ConsentAction; now: Date },
): ConsentCheck {
  const status = consentStatus(consent, request.now);
  if (status === 'revoked') {
    return {
      ok: false,
      reason: 'revoked',
      message: `The patient's consent was revoked on ${consent.revokedAt!.slice(0, 10)}${consent.revokedBy ? ` (recorded by ${consent.revokedBy})` : ''}. Record a new consent before you ${request.action.replace('-', ' ')}.`,
    };
  }
  if (status === 'expired') {
    const when = consent.expiry.kind === 'date' ? `on ${consent.expiry.date}` : `when "${consent.expiry.event}" happened`;
    return { ok: false, reason: 'expired', message: `The patient's consent expired ${when}. Record a new consent first.` };
  }
  if (consent.signature.date > day(request.now)) {
    return { ok: false, reason: 'signed-in-the-future', message: `The consent is dated ${consent.signature.date}, after today. Check the signature date.` };
  }
  if (!consent.permittedActions.includes(request.action)) {
    return {
      ok: false,
      reason: 'action-not-permitted',
      message: `The consent does not allow Bridge to ${request.action.replace('-', ' ')} (it allows: ${consent.permittedActions.join(', ')}).`,
    };
  }
  const covered = consent.recipients.some((r) =>
    r.kind === 'general-designation'
      ? true
      : (request.recipientId !== undefined && r.id === request.recipientId) ||
        (request.recipientName !== undefined && sameName(r.name, request.recipientName)),
  );
  if (!covered) {
    return {
      ok: false,
      reason: 'recipient-not-named',
      message: `${request.recipientName ?? request.recipientId ?? 'This recipient'} is not among the recipients the patient agreed to. Record a consent that names them.`,
    };
  }
  return { ok: true };
}
