import { z } from 'zod';
import { patientContextSchema } from '../../ehr/patient';
import { ehrAdapterSchema } from '../../ehr/adapters/schema';
import { fingerprintSchema, okReply, lazySchema, spec } from '../spec';

export const promptStateSchema = lazySchema(() => z.object({
  due: z.boolean(),
  label: z.string(),
  /** Calendar date of the last completed screening, null when never screened. */
  lastScreenedOn: z.string().nullable(),
  snoozedUntil: z.string().nullable(),
  adolescent: z.boolean(),
}));
export type PromptState = z.infer<typeof promptStateSchema>;

export const tabPatientSchema = lazySchema(() => z.object({
  tabId: z.number().int(),
  context: patientContextSchema.nullable(),
  observedAt: z.string(),
}));
export type TabPatient = z.infer<typeof tabPatientSchema>;

/** Messages about the patient on the page, the prompt, the panel and local settings. */
export const coreMessages = {
  /**
   * The content script saw which patient the EHR tab shows (null: no patient on the page). The
   * reply is that patient's prompt state, so the page needs one round trip per patient, not two.
   */
  'patient.observed': spec(['content'], () => z.object({ context: patientContextSchema.nullable() }), () => z.object({ prompt: promptStateSchema.nullable() })),
  /** The patient an extension page should follow: the one on the given EHR tab. */
  'patient.forTab': spec(['extension'], () => z.object({ tabId: z.number().int() }), () => tabPatientSchema.nullable()),
  /** Whether the screening prompt should show for this patient (the page script gets it with `patient.observed`). */
  'prompt.state': spec(['extension'], () => z.object({ fingerprint: fingerprintSchema, birthDate: z.string().nullable() }), () => promptStateSchema),
  /** "Not now" on the prompt, for this patient, for a number of days. */
  'prompt.snooze': spec(['content'], () => z.object({ fingerprint: fingerprintSchema, days: z.number().int().min(1).max(90) }), () => okReply),
  /**
   * The EHR page's small start-up script, once the page has loaded: the background injects the
   * page script into the sender's tab and answers with what it needs, the clinic's adapters from policy.
   */
  'ehr.start': spec(['content'], () => z.object({}), () => z.object({ policyAdapters: z.array(ehrAdapterSchema.extend({ id: z.string().min(1).max(80) })) })),
  /** Open the side panel on the sender's tab (must follow a click in the page). */
  'panel.open': spec(['content'], () => z.object({}), () => okReply),
  'settings.readLocal': spec(['extension'], () => z.object({}), () => z.object({ values: z.record(z.string(), z.unknown()) })),
  'settings.saveLocal': spec(['extension'], () => z.object({ values: z.record(z.string(), z.unknown()) }), () => okReply),
} as const;
