import { z } from 'zod';
import { coreMessages } from './messages/core';
import { recordMessages } from './messages/records';
import { settingsMessages } from './messages/settings';
import { screeningAndDraftMessages } from './messages/screening';
import { referralMessages } from './messages/referral';
import { directoryMessages } from './messages/directory';
import { carePlanMessages } from './messages/careplan';
import { registryMessages } from './messages/registry';
import { syncMessages } from './messages/sync';
import { fhirAuthMessages } from './messages/fhir-auth';

export type { SenderKind } from './spec';
export { promptStateSchema, tabPatientSchema, type PromptState, type TabPatient } from './messages/core';

/**
 * Every message Bridge's parts exchange: one file per capability under messages/, each entry
 * with the schema its payload must pass on receipt and the kinds of sender allowed to send it.
 */
export const protocol = {
  ...coreMessages,
  ...recordMessages,
  ...settingsMessages,
  ...screeningAndDraftMessages,
  ...referralMessages,
  ...directoryMessages,
  ...carePlanMessages,
  ...registryMessages,
  ...syncMessages,
  ...fhirAuthMessages,
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
