import type { z } from 'zod';
import { consentCovers, type Consent, type consentInformationSchema } from '../consent/consent';
import type { SyncKind } from './resources';

type ConsentInformationKind = z.infer<typeof consentInformationSchema>;

/**
 * The consent gate: nothing SUD-related goes to the clinic's server unless one of the patient's
 * consents covers it now. Every kind Bridge shares is SUD information, so every kind is gated:
 * the consent must allow `send`, name the clinic's server as a recipient (or use a general
 * designation, allowed for treatment, payment and operations: §2.31(a)(4)), and list the kind
 * of information the record is.
 */

/** The information kind (lib/consent) each record kind discloses; a consent record discloses only itself. */
export const INFORMATION_OF: Record<SyncKind, ConsentInformationKind | null> = {
  screening: 'screening-results',
  referral: 'referral-details',
  'care-plan': 'treatment-history',
  consent: null,
};

/** Who receives what Bridge shares: the clinic's own FHIR server, named by the clinic or its host. */
export interface SyncRecipient {
  id: string;
  name: string;
}

export type GateDecision = { ok: true; consentId: string } | { ok: false; message: string };

/**
 * Whether a record of `kind` may be pushed now. A consent record itself goes when another (or
 * the same) consent covers sharing, or when it was shared before (`alreadyShared`), so that a
 * revocation reaches every machine.
 */
export function syncAllowed(kind: SyncKind, consents: readonly Consent[], recipient: SyncRecipient, now: Date, alreadyShared = false): GateDecision {
  if (kind === 'consent' && alreadyShared) return { ok: true, consentId: '(revocation or update of a shared consent)' };
  const needed = INFORMATION_OF[kind];
  if (consents.length === 0) return { ok: false, message: 'Not shared: record the patient’s consent (42 CFR Part 2) to share with the clinic’s server first.' };
  let first = '';
  for (const consent of consents) {
    const check = consentCovers(consent, { recipientId: recipient.id, recipientName: recipient.name, action: 'send', now });
    if (!check.ok) {
      first ||= `Not shared: ${check.message}`;
      continue;
    }
    if (needed && !consent.information.kinds.includes(needed)) {
      first ||= `Not shared: the patient’s consent does not cover ${needed.replace('-', ' ')}.`;
      continue;
    }
    return { ok: true, consentId: consent.id };
  }
  return { ok: false, message: first };
}
