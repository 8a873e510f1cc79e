import { z } from 'zod';
import { matchPatternProblem } from './match-pattern';
import { isValidNpi } from './npi';
import { selectorProblem } from './selector';

/**
 * The clinic policy: every setting a clinic's IT can push to Bridge through browser policy
 * (Chrome `storage.managed`, Firefox `policies.json` 3rdparty). This zod schema is the single
 * source of truth: `public/managed_schema.json`, the key table in `docs/deploy.md` and the
 * options page all derive from it. Each key's `.describe()` text is what the admin reads.
 */

/**
 * Screening instruments Bridge can offer, by id. Their items and scoring live in
 * `lib/screening/`; sources are cited there.
 */
export const INSTRUMENT_IDS = [
  'niaaa-single',
  'nida-single',
  'audit-c',
  'audit',
  'dast-10',
  'cage-aid',
  'taps',
  'crafft-2.1',
  's2bi',
] as const;
export type InstrumentId = (typeof INSTRUMENT_IDS)[number];

/** Instruments whose terms of use are not verified: offered only when the clinic opts in. */
export const UNVERIFIED_TERMS_INSTRUMENTS: readonly InstrumentId[] = ['cage-aid', 's2bi'];

/** A whole number in a closed range; the message names the range the admin must stay in. */
function wholeNumber(min: number, max: number) {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

function text(max: number, what = 'text') {
  const error = `must be ${what} of 1 to ${max} characters`;
  return z.string({ error }).trim().min(1, { error }).max(max, { error });
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for an https URL, or an http URL on this machine (a local test server or a clinic proxy on loopback). */
export function isSecureUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  } catch {
    return false;
  }
}

/** https URL, or http only on this machine (a local test server or a clinic proxy on loopback). */
function secureUrl() {
  const error = 'must be an https:// URL (http:// only for 127.0.0.1 or localhost)';
  return z
    .string({ error })
    .max(2048, { error: 'must be a URL of at most 2048 characters' })
    .refine(isSecureUrl, { error });
}

const npi = z
  .string({ error: 'must be a 10-digit NPI as text' })
  .refine(isValidNpi, { error: 'must be a 10-digit NPI whose last digit is its check digit' });

const phone = z
  .string({ error: 'must be a phone number as text' })
  .max(40, { error: 'must be a phone number of at most 40 characters' })
  .refine((value) => /^[0-9+().\s-]+(\s*(x|ext\.?)\s*\d{1,6})?$/i.test(value) && /^\D*1?(\D*\d){10}\D*/.test(value), {
    error: 'must be a US phone number with 10 digits, like (555) 123-4567',
  });

const postalCode = z
  .string({ error: 'must be a US ZIP code as text' })
  .regex(/^\d{5}(-\d{4})?$/, { error: 'must be a 5-digit ZIP code or ZIP+4, like 02139 or 02139-4307' });

const hostPattern = z.string({ error: 'must be a match pattern as text' }).superRefine((value, ctx) => {
  const problem = matchPatternProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const selector = z
  .string({ error: 'must be a CSS selector as text' })
  .max(500, { error: 'must be a CSS selector of at most 500 characters' })
  .superRefine((value, ctx) => {
    const problem = selectorProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `is not a usable CSS selector: it ${problem}` });
  });

/** Patient banner fields an adapter reads; name and birth date are what tell two patients apart. */
const bannerFieldsSchema = z.strictObject({
  name: selector.describe('Selector of the element holding the patient name.'),
  birthDate: selector.describe('Selector of the element holding the date of birth.'),
  sex: selector.optional().describe('Selector of the element holding sex or gender.'),
  postalCode: selector.optional().describe('Selector of the element holding the address or ZIP code.'),
  mrn: selector.optional().describe('Selector of the element holding the MRN or chart number.'),
});

const referralFormSchema = z.strictObject({
  frame: selector
    .optional()
    .describe('Selector of the same-origin iframe that holds the referral form, when the form is inside one.'),
  fields: z
    .record(
      z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,63}$/, { error: 'must be a referral field name like reason or providerName' }),
      selector,
    )
    .describe('Referral packet field name (reason, providerName, providerPhone, note...) to the selector of the form input to fill.'),
});

/** One clinic-supplied EHR adapter: where the patient banner is and where the referral form is. */
export const policyEhrAdapterSchema = z.strictObject({
  id: z
    .string({ error: 'must be an id as text' })
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'must be a lower-case id of letters, digits and dashes' })
    .describe('Stable id of this adapter, lower case, for example clinic-ehr-chart.'),
  label: text(100).describe('Name of the EHR or page shown to clinicians.'),
  urlPatterns: z
    .array(hostPattern, { error: 'must be a list of match patterns' })
    .min(1, { error: 'must list at least one match pattern' })
    .max(50, { error: 'must list at most 50 match patterns' })
    .describe('Match patterns of the pages this adapter reads, for example https://ehr.example.org/chart/*.'),
  banner: selector.describe('Selector of the patient banner element; fields are looked up inside it.'),
  fields: bannerFieldsSchema.describe('Selectors of the patient fields, relative to the banner.'),
  referralForm: referralFormSchema.optional().describe('Where the EHR referral form is, for pre-filling.'),
});
export type PolicyEhrAdapter = z.infer<typeof policyEhrAdapterSchema>;

const clinicSchema = z.strictObject({
  name: text(200).describe('Clinic name as printed on referrals.'),
  address: text(300).describe('Street address, city and state.'),
  postalCode: postalCode.describe('ZIP code; the default centre of treatment searches.'),
  npi: npi.optional().describe('Organization NPI (10 digits).'),
  phone: phone.optional().describe('Phone number for referral call-backs.'),
});
export type ClinicDetails = z.infer<typeof clinicSchema>;

const referringContactSchema = z.strictObject({
  name: text(200).describe('Full name.'),
  role: text(100).describe('Role, for example Physician or Care manager.'),
  npi: npi.optional().describe('Individual NPI (10 digits).'),
  phone: phone.optional().describe('Direct phone number.'),
  email: z.email({ error: 'must be an email address' }).max(254).optional().describe('Email address.'),
});
export type ReferringContact = z.infer<typeof referringContactSchema>;

const fhirEndpointSchema = z
  .strictObject({
    baseUrl: secureUrl().describe('FHIR R4 base URL, for example https://fhir.example.org/r4.'),
    patientIdentifierSystem: text(500, 'an identifier system URI').describe(
      'Identifier system of the MRN on the server, for example urn:oid:1.2.3.4 or https://ehr.example.org/mrn.',
    ),
    auth: z
      .enum(['smart', 'bearer'], { error: 'must be "smart" or "bearer"' })
      .describe('smart: SMART on FHIR standalone launch (needs clientId); bearer: a fixed token (needs bearerToken).'),
    bearerToken: text(4096, 'a token')
      .optional()
      .meta({ sensitiveValue: true })
      .describe('Bearer token for servers on a private network; hidden at chrome://policy.'),
    clientId: text(200, 'a client id').optional().describe('OAuth client id registered for Bridge with the SMART server.'),
    shareWithTeam: z
      .boolean({ error: 'must be true or false' })
      .optional()
      .describe(
        'true: share screenings, referrals, care plans and consents with the clinic team through this server (only what a recorded consent covers). Unset or false: the server only receives the referrals a clinician sends.',
      ),
  })
  .superRefine((value, ctx) => {
    if (value.auth === 'bearer' && !value.bearerToken) {
      ctx.addIssue({ code: 'custom', path: ['bearerToken'], message: 'is required when auth is "bearer"' });
    }
    if (value.auth === 'smart' && !value.clientId) {
      ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'is required when auth is "smart"' });
    }
  });
export type FhirEndpoint = z.infer<typeof fhirEndpointSchema>;

/**
 * Per-key schemas of the clinic policy, each with its default. Keys are validated one by one
 * (`parsePolicy`), so one bad value never costs the clinic the rest of its policy.
 */
export const policyShape = {
  allowedEhrHosts: z
    .array(hostPattern, { error: 'must be a list of match patterns' })
    .max(200, { error: 'must list at most 200 match patterns' })
    .default([])
    .describe(
      'Match patterns of the EHR pages Bridge runs on, for example https://ehr.example.org/*. Users may grant further hosts on the options page.',
    ),
  ehrAdapters: z
    .array(policyEhrAdapterSchema, { error: 'must be a list of adapter objects' })
    .max(50, { error: 'must list at most 50 adapters' })
    .superRefine((adapters, ctx) => {
      const seen = new Set<string>();
      for (const [index, adapter] of adapters.entries()) {
        if (seen.has(adapter.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `repeats the id "${adapter.id}"` });
        seen.add(adapter.id);
      }
    })
    .default([])
    .describe(
      "CSS selectors for the clinic's own EHR pages: where the patient banner and its fields are, and where the referral form is. Used before Bridge's built-in and generic readers.",
    ),
  enabledInstruments: z
    .array(z.enum(INSTRUMENT_IDS, { error: `must be one of ${INSTRUMENT_IDS.join(', ')}` }), {
      error: 'must be a list of instrument ids',
    })
    .min(1, { error: 'must list at least one instrument' })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'must not list an instrument twice' })
    .default(['niaaa-single', 'nida-single', 'audit-c', 'audit', 'dast-10', 'taps', 'crafft-2.1'])
    .describe(
      `Screening instruments offered to clinicians, by id: ${INSTRUMENT_IDS.join(', ')}. cage-aid and s2bi also need s2biAndCageAidEnabled.`,
    ),
  auditCCutoffs: z
    .strictObject({
      men: wholeNumber(1, 12).describe('Positive at or above this AUDIT-C score for men.'),
      women: wholeNumber(1, 12).describe('Positive at or above this AUDIT-C score for women.'),
    })
    .default({ men: 4, women: 3 })
    .describe('AUDIT-C scores (0-12) at or above which a screen is positive. Some systems use 5 for men for specificity.'),
  rescreenIntervalMonths: wholeNumber(1, 60)
    .default(12)
    .describe('Months after a screening before the patient is due again; the chart prompt appears when due.'),
  defaultLanguage: z
    .enum(['en', 'es'], { error: 'must be "en" or "es"' })
    .default('en')
    .describe('Language of questionnaires and patient handouts unless the clinician picks another: en or es.'),
  clinic: clinicSchema
    .nullable()
    .default(null)
    .describe('The clinic as it appears on referrals: name, address, postalCode, npi, phone.'),
  referringContacts: z
    .array(referringContactSchema, { error: 'must be a list of contact objects' })
    .max(50, { error: 'must list at most 50 contacts' })
    .default([])
    .describe('People a referral can name as the referring clinician or contact: name, role, npi, phone, email.'),
  directorySourceUrl: secureUrl()
    .nullable()
    .default(null)
    .describe(
      "URL of the clinic's own copy of the treatment directory (FindTreatment.gov JSON or CSV export). Unset: the directory bundled with Bridge is used and nothing is downloaded.",
    ),
  directoryRefreshHours: wholeNumber(1, 720)
    .default(24)
    .describe('Hours between downloads of directorySourceUrl. The old directory stays until a new one has fully validated.'),
  fhirEndpoint: fhirEndpointSchema
    .nullable()
    .default(null)
    .describe(
      "The clinic's FHIR R4 server for sharing screenings, referrals and care plans between machines: baseUrl, patientIdentifierSystem, auth (smart or bearer), bearerToken, clientId. Unset: nothing leaves the machine.",
    ),
  retentionDays: wholeNumber(1, 3650)
    .default(90)
    .describe('Days screenings, drafts and the audit log are kept on each machine; referrals are kept until closed plus this period.'),
  selfScreenAllowed: z
    .boolean({ error: 'must be true or false' })
    .default(false)
    .describe('Whether a clinician may hand the device to the patient to answer the screening questions themselves.'),
  auditLogExportAllowed: z
    .boolean({ error: 'must be true or false' })
    .default(true)
    .describe('Whether the audit log of who did what to which patient record may be exported as CSV from the options page.'),
  s2biAndCageAidEnabled: z
    .boolean({ error: 'must be true or false' })
    .default(false)
    .describe('Whether S2BI and CAGE-AID may be offered. Their terms of use have not been verified by the Bridge project: enable only after your clinic has.'),
} as const;

/** The whole clinic policy. Every key is optional in a policy file; `policyDefaults` fills the rest. */
export const policySchema = z.object(policyShape);
export type Policy = z.output<typeof policySchema>;
export type PolicyKey = keyof Policy;

/** Policy keys in the order the docs and the options page list them. */
export const POLICY_KEYS = Object.keys(policyShape) as PolicyKey[];

/** Every key at its default: what Bridge does with no policy at all. */
export const policyDefaults: Policy = Object.freeze(policySchema.parse({}));

/** The admin-facing description of a key, taken from the schema. */
export function policyKeyDescription(key: PolicyKey): string {
  return policyShape[key].description ?? '';
}
