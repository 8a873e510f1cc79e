import { z } from 'zod';
import { consentSchema } from '../../consent/consent';
import { fillPlanSchema } from '../../referral/plan';
import { packetValueIdSchema } from '../../referral/vocabulary';
import { providerChoiceSchema, referralPacketSchema, screeningSummarySchema } from '../../referral/packet';
import { referralRecordSchema, referralStatusSchema } from '../../referral/status';
import { fingerprintSchema, lazySchema, spec } from '../spec';

const isoDate = lazySchema(() => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'));
const tabIdSchema = lazySchema(() => z.number().int().nonnegative());

/** One write the fill can put back (lib/referral/fill.dom.ts `UndoEntry`), as plain data. */
export const undoRecordSchema = lazySchema(() => z.object({
  entries: z
    .array(
      z.object({
        fieldKey: z.string().min(1).max(2000),
        elementKey: z.string().min(1).max(2000),
        kind: z.enum(['value', 'checked']),
        previous: z.string().max(20_000),
        previousCheckedKey: z.string().max(2000).nullable(),
        previousOutline: z.string().max(200),
        previousOutlineOffset: z.string().max(200),
      }),
    )
    .max(500),
}));

/** What the tab said after filling: written fields, skipped ones with why, and how to undo. */
export const fillReplySchema = lazySchema(() => z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    filled: z.array(z.string()),
    skipped: z.array(z.object({ fieldKey: z.string(), reason: z.string() })),
    undo: undoRecordSchema,
  }),
  z.object({ ok: z.literal(false), reason: z.string() }),
]));
export type FillReply = z.infer<typeof fillReplySchema>;

/** Who refers, from settings and policy; the pane lets the clinician complete what is missing. */
export const referringSideSchema = lazySchema(() => z.object({
  clinicianName: z.string(),
  clinicianNpi: z.string().nullable(),
  clinicianPhone: z.string().nullable(),
  clinicName: z.string(),
  clinicAddress: z.string().nullable(),
  clinicNpi: z.string().nullable(),
}));
export type ReferringSide = z.infer<typeof referringSideSchema>;

/** Everything the Refer pane starts from for one patient. */
export const referralWorkspaceSchema = lazySchema(() => z.object({
  /** Providers chosen in "Find treatment" (the `referral` draft), first = preferred. */
  providers: z.array(providerChoiceSchema),
  /** The patient's latest positive screening, else latest screening, as the packet needs it. */
  screening: screeningSummarySchema.nullable(),
  referringSide: referringSideSchema,
  consents: z.array(consentSchema),
  referrals: z.array(referralRecordSchema),
  /**
   * The clinic's FHIR server, when one is configured: its origin, for the pane's button, and the
   * match pattern the pane asks `permissions.request` for. Any token stays in the background.
   */
  fhirEndpoint: z.object({ origin: z.string(), permissionPattern: z.string() }).nullable(),
}));
export type ReferralWorkspace = z.infer<typeof referralWorkspaceSchema>;

/** Messages of the Refer capability: consent, referral records, filling the EHR's form, outputs. */
export const referralMessages = {
  'referral.workspace': spec(['extension'], () => z.object({ patientFingerprint: fingerprintSchema }), () => referralWorkspaceSchema),
  /** Store a §2.31 consent (validated again here); audited as 'consent'. */
  'consent.record': spec(['extension'], () => z.object({ consent: consentSchema }), () => consentSchema),
  /** Revoke a consent from now on; `by` is who asked. */
  'consent.revoke': spec(
    ['extension'],
    () => z.object({ patientFingerprint: fingerprintSchema, consentId: z.string().min(1), by: z.string().min(1).max(200) }),
    () => consentSchema,
  ),
  /** Save a new referral (status drafted) from a confirmed packet. */
  'referral.create': spec(['extension'], () => z.object({ packet: referralPacketSchema }), () => referralRecordSchema),
  'referral.updateStatus': spec(
    ['extension'],
    () => z.object({
      patientFingerprint: fingerprintSchema,
      referralId: z.string().min(1),
      status: referralStatusSchema,
      appointmentOn: isoDate.optional(),
      followUpOn: isoDate.optional(),
    }),
    () => referralRecordSchema,
  ),
  /** One patient's referrals, or every referral on this machine when `patientFingerprint` is null. */
  'referral.list': spec(['extension'], () => z.object({ patientFingerprint: fingerprintSchema.nullable() }), () => z.object({ referrals: z.array(referralRecordSchema) })),
  /** The referrals as CSV (one patient's, or all); audited as 'export'. */
  'referral.exportCsv': spec(['extension'], () => z.object({ patientFingerprint: fingerprintSchema.nullable() }), () => z.object({ csv: z.string(), rows: z.number().int() })),
  /** The referral as a FHIR R4 collection Bundle; refused without a consent that covers 'export'. Audited. */
  'referral.fhirBundle': spec(
    ['extension'],
    () => z.object({ patientFingerprint: fingerprintSchema, referralId: z.string().min(1) }),
    () => z.object({ bundle: z.record(z.string(), z.unknown()) }),
  ),
  /**
   * POST the referral as a FHIR R4 transaction Bundle to the clinic's configured FHIR server.
   * Refused without a configured endpoint or a consent covering 'send' for every provider;
   * network errors and 5xx/429 are retried; the reply says what the server answered. Audited.
   */
  'referral.sendFhir': spec(
    ['extension'],
    () => z.object({ patientFingerprint: fingerprintSchema, referralId: z.string().min(1) }),
    () => z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), status: z.number().int(), attempts: z.number().int(), location: z.string().nullable() }),
      z.object({ ok: z.literal(false), message: z.string(), attempts: z.number().int(), status: z.number().int().optional() }),
    ]),
  ),
  /** The letter was printed or copied: checks the consent covers 'print' and audits it. */
  'referral.letterUsed': spec(
    ['extension'],
    () => z.object({ patientFingerprint: fingerprintSchema, referralId: z.string().min(1), how: z.enum(['print', 'copy']) }),
    () => z.object({ ok: z.literal(true) }),
  ),
  /**
   * Inject the fill script into the EHR tab, collect its fields and plan the fill for this
   * referral. Refused when the tab shows another patient or no consent covers 'fill-form'.
   */
  'referral.planFill': spec(
    ['extension'],
    () => z.object({ tabId: tabIdSchema, patientFingerprint: fingerprintSchema, referralId: z.string().min(1) }),
    () => fillPlanSchema,
  ),
  /** Fill the confirmed plan; the tab re-checks patient and URL first and may refuse. Audited as 'fill'. */
  'referral.fill': spec(
    ['extension'],
    () => z.object({ tabId: tabIdSchema, patientFingerprint: fingerprintSchema, referralId: z.string().min(1), plan: fillPlanSchema }),
    () => fillReplySchema,
  ),
  'referral.undoFill': spec(
    ['extension'],
    () => z.object({ tabId: tabIdSchema, patientFingerprint: fingerprintSchema, undo: undoRecordSchema }),
    () => z.object({ restored: z.array(z.string()), missing: z.array(z.string()) }),
  ),
  /** The fill script asks, just before writing, which patient the background last saw on its tab. */
  'referral.pagePatient': spec(['content'], () => z.object({}), () => z.object({ fingerprint: fingerprintSchema.nullable() })),
} as const;

const fillValueSchema = lazySchema(() => z.object({
  text: z.string().max(20_000),
  kind: z.enum(['text', 'date', 'choice', 'boolean']),
  choices: z.array(z.string().max(500)).max(50),
}));

/**
 * What the background asks of the fill script it injected into an EHR tab
 * (entrypoints/referral-fill.ts). Sent with `tabs.sendMessage`, only ever by Bridge's background.
 */
export const fillScriptRequestSchema = lazySchema(() => z.discriminatedUnion('op', [
  z.object({
    bridgeFill: z.literal(1),
    op: z.literal('plan'),
    values: z.partialRecord(packetValueIdSchema, fillValueSchema),
    adapter: z.partialRecord(packetValueIdSchema, z.string().max(2000)).optional(),
  }),
  z.object({ bridgeFill: z.literal(1), op: z.literal('fill'), plan: fillPlanSchema, patientFingerprint: fingerprintSchema }),
  z.object({ bridgeFill: z.literal(1), op: z.literal('undo'), undo: undoRecordSchema }),
]));
export type FillScriptRequest = z.infer<typeof fillScriptRequestSchema>;

/** The fill script's replies, validated again by the background. */
export const fillScriptReplySchemas = {
  plan: lazySchema(() => z.object({ ok: z.literal(true), plan: fillPlanSchema, fieldCount: z.number().int() })),
  fill: fillReplySchema,
  undo: lazySchema(() => z.object({ ok: z.literal(true), restored: z.array(z.string()), missing: z.array(z.string()) })),
} as const;
/** Any fill-script reply may instead be a refusal (e.g. a bad request), with the reason. */
export const fillScriptErrorSchema = lazySchema(() => z.object({ ok: z.literal(false), error: z.string() }));
