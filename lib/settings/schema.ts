import { z } from 'zod';
import { isValidNpi } from '../policy/npi';
import { policyDefaults, policyShape, UNVERIFIED_TERMS_INSTRUMENTS, type InstrumentId, type Policy, type PolicyKey } from '../policy/schema';

/**
 * Settings a person may change on one machine's options page. They share the policy's key
 * schemas (one source of truth), except the EHR hosts and adapters, which come only from policy
 * or from a permission the user grants, and add who is using this browser profile.
 */
const POLICY_ONLY_KEYS = ['allowedEhrHosts', 'ehrAdapters'] as const satisfies readonly PolicyKey[];
type PolicyOnlyKey = (typeof POLICY_ONLY_KEYS)[number];
type LocallySettablePolicyKey = Exclude<PolicyKey, PolicyOnlyKey>;

const clinicianShape = {
  clinicianName: z
    .string({ error: 'must be text' })
    .trim()
    .min(1, { error: 'must be a name of 1 to 200 characters' })
    .max(200, { error: 'must be a name of 1 to 200 characters' })
    .nullable()
    .default(null)
    .describe('Name of the clinician using this browser profile, printed on referrals and in the audit log.'),
  clinicianRole: z
    .string({ error: 'must be text' })
    .trim()
    .min(1, { error: 'must be a role of 1 to 100 characters' })
    .max(100, { error: 'must be a role of 1 to 100 characters' })
    .nullable()
    .default(null)
    .describe('Role of the clinician, for example Physician, Nurse or Care manager.'),
  clinicianNpi: z
    .string({ error: 'must be a 10-digit NPI as text' })
    .refine(isValidNpi, { error: 'must be a 10-digit NPI whose last digit is its check digit' })
    .nullable()
    .default(null)
    .describe("The clinician's individual NPI, for referrals."),
} as const;

function withoutPolicyOnly(): Pick<typeof policyShape, LocallySettablePolicyKey> {
  const shape: Partial<Record<PolicyKey, unknown>> = { ...policyShape };
  for (const key of POLICY_ONLY_KEYS) delete shape[key];
  return shape as Pick<typeof policyShape, LocallySettablePolicyKey>;
}

/** Per-key schemas of what the options page may store locally. */
export const localSettingsShape = { ...withoutPolicyOnly(), ...clinicianShape };
export type LocalSettingKey = keyof typeof localSettingsShape;
export const LOCAL_SETTING_KEYS = Object.keys(localSettingsShape) as LocalSettingKey[];

const clinicianSchema = z.object(clinicianShape);
type ClinicianSettings = z.output<typeof clinicianSchema>;

/** Every setting Bridge runs on: the clinic policy keys plus who is using this profile. */
export type Settings = Policy & ClinicianSettings;
export type SettingKey = keyof Settings;
export type LocalSettings = Pick<Settings, LocalSettingKey>;

/** Every setting key, policy keys first, in the order the options page lists them. */
export const SETTING_KEYS = [...(Object.keys(policyShape) as PolicyKey[]), ...(Object.keys(clinicianShape) as (keyof ClinicianSettings)[])];

/** What Bridge does when neither the clinic nor the user has said otherwise. */
export const settingDefaults: Settings = { ...policyDefaults, ...clinicianSchema.parse({}) };

/** True when the user may store `key` locally (it is not policy-only). */
export function isLocallySettable(key: SettingKey): key is LocalSettingKey {
  return Object.hasOwn(localSettingsShape, key);
}

/** A setting's description for the options page, from the same schema as the policy docs. */
export function settingDescription(key: SettingKey): string {
  return (isLocallySettable(key) ? localSettingsShape[key] : policyShape[key as PolicyKey]).description ?? '';
}

/**
 * The instruments a clinician may actually be offered: the enabled ones, minus CAGE-AID and
 * S2BI unless the clinic has confirmed their terms of use (s2biAndCageAidEnabled).
 */
export function offeredInstruments(settings: Pick<Settings, 'enabledInstruments' | 's2biAndCageAidEnabled'>): InstrumentId[] {
  if (settings.s2biAndCageAidEnabled) return [...settings.enabledInstruments];
  return settings.enabledInstruments.filter((id) => !UNVERIFIED_TERMS_INSTRUMENTS.includes(id));
}
