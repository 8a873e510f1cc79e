import type { PolicyEhrAdapter } from '../../policy/schema';
import type { EhrAdapterInput, ReferralFieldKey } from './schema';

/** Policy names for referral form fields (lib/policy) → the fill engine's keys (lib/ehr). */
const REFERRAL_FIELD_KEYS: Record<string, ReferralFieldKey> = {
  patientName: 'patientName',
  providerName: 'referredTo',
  referredTo: 'referredTo',
  providerPhone: 'facilityPhone',
  facilityPhone: 'facilityPhone',
  providerAddress: 'facilityAddress',
  facilityAddress: 'facilityAddress',
  referralDate: 'referralDate',
  date: 'referralDate',
  urgency: 'urgency',
  priority: 'urgency',
  levelOfCare: 'levelOfCare',
  diagnosis: 'diagnosis',
  reason: 'reason',
  consent: 'consent',
  note: 'notes',
  notes: 'notes',
};

/** Splits a match pattern (`https://ehr.example.org/chart/*`) into the adapter's host and path patterns. */
function hostAndPath(pattern: string): { host: string; path: string } | null {
  const match = /^(?:\*|https?):\/\/([^/]+)(\/.*)$/.exec(pattern);
  return match ? { host: match[1]!, path: match[2]! } : null;
}

/**
 * Turns an adapter as a clinic writes it in managed policy (lib/policy's schema: full match
 * patterns, packet field names) into an adapter of the patient-context pipeline (host and path
 * patterns, the fill engine's field keys). Returns the adapter input, to be validated by
 * `parsePolicyAdapters`, and what could not be carried over.
 */
export function adapterFromPolicy(policy: PolicyEhrAdapter): { adapter: EhrAdapterInput; dropped: string[] } {
  const dropped: string[] = [];
  const parts = policy.urlPatterns.map(hostAndPath).filter((p): p is { host: string; path: string } => p !== null);
  const referralFields: Partial<Record<ReferralFieldKey, string>> = {};
  for (const [name, selector] of Object.entries(policy.referralForm?.fields ?? {})) {
    const key = REFERRAL_FIELD_KEYS[name];
    if (key) referralFields[key] = selector;
    else dropped.push(`referralForm.fields.${name}: not a referral field Bridge fills`);
  }
  return {
    adapter: {
      id: policy.id,
      label: policy.label,
      hostPatterns: [...new Set(parts.map((p) => p.host))],
      urlPatterns: [...new Set(parts.map((p) => p.path))],
      banner: policy.banner,
      fields: { ...policy.fields },
      ...(policy.referralForm ? { referralForm: { ...(policy.referralForm.frame ? { frame: policy.referralForm.frame } : {}), form: 'form', fields: referralFields } } : {}),
      source: 'clinic managed policy',
    },
    dropped,
  };
}
