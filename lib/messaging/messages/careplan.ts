import { z } from 'zod';
import { carePlanSchema } from '../../careplan/plan';
import { providerChoiceSchema } from '../../referral/packet';
import { referralRecordSchema } from '../../referral/status';
import { fingerprintSchema, lazySchema, spec } from '../spec';

/** A stored plan with its history (lib/careplan `VersionedCarePlan`); changes are replayed by lib/careplan. */
export const versionedCarePlanSchema = lazySchema(() => z.object({
  initial: carePlanSchema,
  current: carePlanSchema,
  version: z.number().int().min(1),
  history: z.array(z.object({ version: z.number().int(), by: z.string(), at: z.string(), change: z.unknown() })),
}));

/** One score of a repeated instrument, for the trend chart. */
const scorePointSchema = lazySchema(() => z.object({ instrumentId: z.string(), score: z.number(), at: z.string() }));

/** Everything the plan editor starts from for one patient. */
export const carePlanWorkspaceSchema = lazySchema(() => z.object({
  record: versionedCarePlanSchema.nullable(),
  /** The patient as the chart last showed them (the full-page view has no chart beside it). */
  patient: z.object({ fingerprint: z.string(), name: z.string(), birthDate: z.string().nullable(), mrn: z.string().nullable() }).nullable(),
  /** Every completed screening score, oldest first. */
  scores: z.array(scorePointSchema),
  /** The latest screening's problem suggestion ("High-risk alcohol use (AUDIT-C 9 of 12)"), if positive. */
  latestPositive: z.object({ instrumentId: z.string(), description: z.string(), score: z.number(), on: z.string() }).nullable(),
  referrals: z.array(referralRecordSchema),
  /** Providers and community resources chosen in "Find treatment" (the `referral` draft). */
  chosenProviders: z.array(providerChoiceSchema),
  /** Who a save is recorded as (the clinician's name in settings, or "Clinician on this computer"). */
  by: z.string(),
}));
export type CarePlanWorkspace = z.infer<typeof carePlanWorkspaceSchema>;

const planPayload = lazySchema(() => z.record(z.string(), z.unknown()).refine((p) => JSON.stringify(p).length <= 262_144, { error: 'a care plan is at most 256 KB of JSON' }));
/** A received FHIR bundle: a referral bundle with a plan inside stays well under 4 MB. */
const bundlePayload = lazySchema(() => z.record(z.string(), z.unknown()).refine((b) => JSON.stringify(b).length <= 4_194_304, { error: 'the bundle is larger than 4 MB' }));

/** Messages of the shared care plan (issue 10). */
export const carePlanMessages = {
  /** The plan editor's data for one patient; audited as 'view'. */
  'careplan.workspace': spec(['extension'], () => z.object({ patientFingerprint: fingerprintSchema }), () => carePlanWorkspaceSchema),
  /**
   * Save the editor's whole plan as the next version. Refused when the plan is another patient's,
   * when `basedOnVersion` is no longer the latest, or (side panel: `tabId`) when the EHR tab now
   * shows another patient.
   */
  'careplan.save': spec(
    ['extension'],
    () => z.object({ patientFingerprint: fingerprintSchema, basedOnVersion: z.number().int().min(0), plan: planPayload, tabId: z.number().int().nonnegative().optional() }),
    () => versionedCarePlanSchema,
  ),
  /**
   * The plan as a FHIR R4 collection Bundle (CarePlan + CareTeam + Goal + Condition) for a file
   * download; audited as 'export'. (The referral's own FHIR export carries the plan inside it.)
   */
  'careplan.exportFhir': spec(['extension'], () => z.object({ patientFingerprint: fingerprintSchema }), () => z.object({ bundle: z.record(z.string(), z.unknown()), fileName: z.string() })),
  /** What importing a colleague's FHIR care plan would change; refused for another patient. Nothing is saved. */
  'careplan.previewImport': spec(
    ['extension'],
    () => z.object({ patientFingerprint: fingerprintSchema, bundle: bundlePayload }),
    () => z.discriminatedUnion('ok', [
      z.object({
        ok: z.literal(true),
        plan: carePlanSchema,
        lines: z.array(z.string()),
        warnings: z.array(z.string()),
        basedOnVersion: z.number().int().min(0),
        sourceVersion: z.string().nullable(),
        matchedBy: z.enum(['fingerprint', 'name-and-birth-date']),
      }),
      z.object({ ok: z.literal(false), message: z.string() }),
    ]),
  ),
  /** Apply the previewed import as a new version (recorded as imported, by whom and when). Re-checked here. */
  'careplan.applyImport': spec(
    ['extension'],
    () => z.object({ patientFingerprint: fingerprintSchema, bundle: bundlePayload, basedOnVersion: z.number().int().min(0) }),
    () => versionedCarePlanSchema,
  ),
  /** The handout's data for one patient: the plan, the places chosen, the next visit. */
  'careplan.handout': spec(
    ['extension'],
    () => z.object({ patientFingerprint: fingerprintSchema }),
    () => z.object({
      plan: carePlanSchema.nullable(),
      patientName: z.string().nullable(),
      places: z.array(z.object({ name: z.string(), address: z.string(), phone: z.string() })),
      nextVisit: z.object({ on: z.string(), place: z.string().nullable() }).nullable(),
    }),
  ),
} as const;
