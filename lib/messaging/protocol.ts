import { z } from 'zod';
import { patientContextSchema } from '../ehr/patient';

/**
 * Who may send a message: `content` is Bridge's content script on an EHR tab (untrusted page
 * around it), `extension` is one of Bridge's own pages (side panel, options, intake).
 */
export type SenderKind = 'content' | 'extension';

interface MessageSpec<Req extends z.ZodType, Res extends z.ZodType> {
  from: readonly SenderKind[];
  request: Req;
  response: Res;
}

function spec<Req extends z.ZodType, Res extends z.ZodType>(
  from: readonly SenderKind[],
  request: Req,
  response: Res,
): MessageSpec<Req, Res> {
  return { from, request, response };
}

const ok = z.object({ ok: z.literal(true) });
const fingerprint = z.string().min(8).max(128);

export const promptStateSchema = z.object({
  due: z.boolean(),
  label: z.string(),
  snoozedUntil: z.string().nullable(),
  adolescent: z.boolean(),
});
export type PromptState = z.infer<typeof promptStateSchema>;

export const tabPatientSchema = z.object({
  tabId: z.number().int(),
  context: patientContextSchema.nullable(),
  observedAt: z.string(),
});
export type TabPatient = z.infer<typeof tabPatientSchema>;

/**
 * Every message Bridge's parts exchange, with the schema its payload must pass on receipt and
 * the kinds of sender allowed to send it. Adding a message means adding one entry here.
 */
export const protocol = {
  /** The content script saw which patient the EHR tab shows (null: no patient on the page). */
  'patient.observed': spec(['content'], z.object({ context: patientContextSchema.nullable() }), ok),
  /** The patient an extension page should follow: the one on the given EHR tab. */
  'patient.forTab': spec(['extension'], z.object({ tabId: z.number().int() }), tabPatientSchema.nullable()),
  /** Whether the screening prompt should show for this patient. */
  'prompt.state': spec(['content', 'extension'], z.object({ fingerprint, birthDate: z.string().nullable() }), promptStateSchema),
  /** "Not now" on the prompt, for this patient, for a number of days. */
  'prompt.snooze': spec(['content'], z.object({ fingerprint, days: z.number().int().min(1).max(90) }), ok),
  /** Open the side panel on the sender's tab (must follow a click in the page). */
  'panel.open': spec(['content'], z.object({}), ok),
  'settings.readLocal': spec(['extension'], z.object({}), z.object({ values: z.record(z.string(), z.unknown()) })),
  'settings.saveLocal': spec(['extension'], z.object({ values: z.record(z.string(), z.unknown()) }), ok),
} as const;

export type Protocol = typeof protocol;
export type MessageType = keyof Protocol;
export type RequestOf<T extends MessageType> = z.infer<Protocol[T]['request']>;
export type ResponseOf<T extends MessageType> = z.infer<Protocol[T]['response']>;

/** The envelope every Bridge message travels in; anything else is not Bridge's. */
export const envelopeSchema = z.object({
  bridge: z.literal(1),
  type: z.string().max(64),
  payload: z.unknown(),
});

export type Reply<T> = { ok: true; data: T } | { ok: false; error: string };
