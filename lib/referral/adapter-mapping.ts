import { matchesPage } from '../ehr/adapters/match';
import type { EhrAdapter, ReferralFieldKey } from '../ehr/adapters/schema';
import type { AdapterMapping } from './plan';
import type { PacketValueId } from './vocabulary';

/** Which packet value each of an EHR adapter's referral-form fields receives. */
const PACKET_VALUE_OF: Record<ReferralFieldKey, PacketValueId> = {
  patientName: 'patient.name',
  referredTo: 'provider.name',
  facilityPhone: 'provider.phone',
  facilityAddress: 'provider.address',
  referralDate: 'referral.date',
  urgency: 'referral.urgency',
  levelOfCare: 'referral.levelOfCare',
  diagnosis: 'referral.diagnosis',
  reason: 'referral.reason',
  consent: 'referral.consentOnFile',
  notes: 'referral.notes',
};

/**
 * An EHR adapter's referral-form fields (lib/ehr, keyed by ReferralFieldKey) as the fill
 * planner's adapter mapping (keyed by packet value). The planner matches a field key, `#id` or
 * `[name="…"]`, so a leading tag name (`input[name="facility"]`, `select#urgency`) is dropped;
 * any other selector is passed on unchanged and, if it names no field, the planner says so
 * and falls back to label matching.
 */
export function plannerMappingOf(fields: Partial<Record<ReferralFieldKey, string>>): AdapterMapping {
  const mapping: AdapterMapping = {};
  for (const [key, selector] of Object.entries(fields) as [ReferralFieldKey, string | undefined][]) {
    const id = PACKET_VALUE_OF[key];
    if (!id || !selector) continue;
    mapping[id] = selector.trim().replace(/^(?:input|select|textarea)(?=[#[])/i, '');
  }
  return mapping;
}

/**
 * The referral-form mapping of the first adapter (clinic policy first, then built-in) whose
 * pages, and referral-form pages when it lists them, include `url`; undefined when none does.
 */
export function referralMappingFor(url: string, adapters: readonly EhrAdapter[]): AdapterMapping | undefined {
  const adapter = adapters.find(
    (a) => a.referralForm && matchesPage(a, url) && (!a.referralForm.urlPatterns || matchesPage(a, url, a.referralForm.urlPatterns)),
  );
  return adapter?.referralForm ? plannerMappingOf(adapter.referralForm.fields) : undefined;
}
