import { z } from 'zod';

/**
 * The services Bridge can filter on, in the clinic's words. Everything a source says beyond these
 * is kept in a provider's `rawCodes`, never dropped.
 *
 * Source: SAMHSA FindTreatment.gov service codes and labels as summarised in
 * shared/domain.md ("FindTreatment.gov"), ASAM Criteria 3rd edition levels of care (ibid.), and
 * Open Referral HSDS 3.0 for the community-resource tags.
 * At most 32 tags: search keeps each provider's tags in one 32-bit mask.
 */
export const SERVICE_TAGS = [
  'detox',
  'outpatient',
  'intensive-outpatient',
  'partial-hospitalization',
  'residential',
  'residential-short-term',
  'residential-long-term',
  'hospital-inpatient',
  'otp',
  'methadone',
  'buprenorphine',
  'naltrexone',
  'medicaid',
  'medicare',
  'private-insurance',
  'sliding-fee',
  'free',
  'self-pay',
  'spanish',
  'asl',
  'adolescents',
  'pregnant-postpartum',
  'veterans',
  'criminal-justice',
  'telehealth',
  'peer-support',
  'mutual-help',
  'recovery-housing',
  'vocational',
  'harm-reduction',
  'naloxone',
] as const;

export const serviceTagSchema = z.enum(SERVICE_TAGS);
export type ServiceTag = z.infer<typeof serviceTagSchema>;

export const serviceCategorySchema = z.enum([
  'level-of-care',
  'medication',
  'payment',
  'language',
  'program',
  'delivery',
  'community',
]);
export type ServiceCategory = z.infer<typeof serviceCategorySchema>;

/** An ASAM level with the edition it belongs to (levels were renamed in the 4th edition, 2023). */
export const asamLevelSchema = z.object({ level: z.string().min(1), edition: z.literal(3) });
export type AsamLevel = z.infer<typeof asamLevelSchema>;

const serviceTagInfoSchema = z.object({
  tag: serviceTagSchema,
  category: serviceCategorySchema,
  /** Chip label. */
  label: z.string().min(1),
  /** How a match is explained in a result line: "offers buprenorphine", "accepts Medicaid". */
  explain: z.string().min(1),
  /** Only where the SAMHSA category maps onto one ASAM level without guessing. */
  asam: asamLevelSchema.nullable(),
});
export type ServiceTagInfo = z.infer<typeof serviceTagInfoSchema>;

const tagInfoTableSchema = z
  .array(serviceTagInfoSchema)
  .refine((rows) => rows.length === SERVICE_TAGS.length && SERVICE_TAGS.every((t, i) => rows[i]?.tag === t), {
    message: 'one row per service tag, in SERVICE_TAGS order',
  })
  .refine((rows) => rows.length <= 32, { message: 'search keeps tags in a 32-bit mask' });

const asam = (level: string): AsamLevel => ({ level, edition: 3 });

/**
 * Labels and ASAM mapping of every tag. ASAM 3rd edition (domain.md "Levels of care"): outpatient
 * = 1, intensive outpatient = 2.1, partial hospitalization / day treatment = 2.5, OTP = its own
 * level of service. SAMHSA's residential, detox and hospital-inpatient categories each span
 * several ASAM levels (3.1–3.7, 1-WM–4-WM, 3.7–4), so they carry no level rather than a guess.
 */
export const SERVICE_TAG_INFO: readonly ServiceTagInfo[] = tagInfoTableSchema.parse([
  { tag: 'detox', category: 'level-of-care', label: 'Detox', explain: 'offers detox', asam: null },
  { tag: 'outpatient', category: 'level-of-care', label: 'Outpatient', explain: 'outpatient', asam: asam('1') },
  { tag: 'intensive-outpatient', category: 'level-of-care', label: 'Intensive outpatient', explain: 'intensive outpatient', asam: asam('2.1') },
  { tag: 'partial-hospitalization', category: 'level-of-care', label: 'Partial hospitalization', explain: 'partial hospitalization', asam: asam('2.5') },
  { tag: 'residential', category: 'level-of-care', label: 'Residential', explain: 'residential', asam: null },
  { tag: 'residential-short-term', category: 'level-of-care', label: 'Residential, short term', explain: 'short-term residential', asam: null },
  { tag: 'residential-long-term', category: 'level-of-care', label: 'Residential, long term', explain: 'long-term residential', asam: null },
  { tag: 'hospital-inpatient', category: 'level-of-care', label: 'Hospital inpatient', explain: 'hospital inpatient', asam: null },
  { tag: 'otp', category: 'medication', label: 'Opioid treatment program', explain: 'opioid treatment program', asam: asam('OTP') },
  { tag: 'methadone', category: 'medication', label: 'Methadone', explain: 'offers methadone', asam: null },
  { tag: 'buprenorphine', category: 'medication', label: 'Buprenorphine', explain: 'offers buprenorphine', asam: null },
  { tag: 'naltrexone', category: 'medication', label: 'Naltrexone', explain: 'offers naltrexone', asam: null },
  { tag: 'medicaid', category: 'payment', label: 'Medicaid', explain: 'accepts Medicaid', asam: null },
  { tag: 'medicare', category: 'payment', label: 'Medicare', explain: 'accepts Medicare', asam: null },
  { tag: 'private-insurance', category: 'payment', label: 'Private insurance', explain: 'accepts private insurance', asam: null },
  { tag: 'sliding-fee', category: 'payment', label: 'Sliding fee', explain: 'sliding fee scale', asam: null },
  { tag: 'free', category: 'payment', label: 'Free', explain: 'free of charge', asam: null },
  { tag: 'self-pay', category: 'payment', label: 'Self-pay', explain: 'accepts self-pay', asam: null },
  { tag: 'spanish', category: 'language', label: 'Spanish', explain: 'Spanish spoken', asam: null },
  { tag: 'asl', category: 'language', label: 'ASL', explain: 'sign language (ASL)', asam: null },
  { tag: 'adolescents', category: 'program', label: 'Adolescents', explain: 'program for adolescents', asam: null },
  { tag: 'pregnant-postpartum', category: 'program', label: 'Pregnant/postpartum', explain: 'program for pregnant/postpartum women', asam: null },
  { tag: 'veterans', category: 'program', label: 'Veterans', explain: 'program for veterans', asam: null },
  { tag: 'criminal-justice', category: 'program', label: 'Criminal justice', explain: 'program for people involved with criminal justice', asam: null },
  { tag: 'telehealth', category: 'delivery', label: 'Telehealth', explain: 'offers telehealth', asam: null },
  { tag: 'peer-support', category: 'community', label: 'Peer support', explain: 'peer support', asam: null },
  { tag: 'mutual-help', category: 'community', label: 'Mutual-help meetings', explain: 'mutual-help meetings', asam: null },
  { tag: 'recovery-housing', category: 'community', label: 'Recovery housing', explain: 'recovery housing', asam: null },
  { tag: 'vocational', category: 'community', label: 'Vocational', explain: 'vocational services', asam: null },
  { tag: 'harm-reduction', category: 'community', label: 'Harm reduction', explain: 'harm reduction', asam: null },
  { tag: 'naloxone', category: 'community', label: 'Naloxone', explain: 'naloxone available', asam: null },
]);

/** Label and explanation of one tag. */
export function serviceTagInfo(tag: ServiceTag): ServiceTagInfo {
  return SERVICE_TAG_INFO[SERVICE_TAGS.indexOf(tag)]!;
}

const codeRowSchema = z.object({
  code: z.string().regex(/^[a-z0-9_]+$/),
  meaning: z.string().min(1),
  tags: z.array(serviceTagSchema),
});

/**
 * FindTreatment.gov CSV export: lower-case service-code columns whose meaning is clear from
 * SAMHSA's locator (shared/domain.md, "CSV export"). Codes absent here (about 200 of ~250) are
 * imported as raw codes only: their meanings have not been checked against SAMHSA's code list.
 * `sa` (substance use) and `mh`-type columns set the type of care, not a service tag.
 */
export const FINDTREATMENT_CSV_CODES = z.array(codeRowSchema).parse([
  { code: 'dt', meaning: 'Detoxification', tags: ['detox'] },
  { code: 'otp', meaning: 'Opioid treatment program', tags: ['otp'] },
  { code: 'meth', meaning: 'Methadone', tags: ['methadone'] },
  { code: 'mm', meaning: 'Methadone maintenance', tags: ['methadone'] },
  { code: 'dm', meaning: 'Methadone detoxification', tags: ['methadone', 'detox'] },
  { code: 'bu', meaning: 'Buprenorphine services', tags: ['buprenorphine'] },
  { code: 'bum', meaning: 'Buprenorphine maintenance', tags: ['buprenorphine'] },
  { code: 'db', meaning: 'Buprenorphine detoxification', tags: ['buprenorphine', 'detox'] },
  { code: 'nxn', meaning: 'Naltrexone', tags: ['naltrexone'] },
  { code: 'vtrl', meaning: 'Extended-release injectable naltrexone', tags: ['naltrexone'] },
  { code: 'hi', meaning: 'Hospital inpatient', tags: ['hospital-inpatient'] },
  { code: 'res', meaning: 'Residential', tags: ['residential'] },
  { code: 'rs', meaning: 'Short-term residential', tags: ['residential', 'residential-short-term'] },
  { code: 'rl', meaning: 'Long-term residential', tags: ['residential', 'residential-long-term'] },
  { code: 'rd', meaning: 'Residential detoxification', tags: ['residential', 'detox'] },
  { code: 'op', meaning: 'Outpatient', tags: ['outpatient'] },
  { code: 'iop', meaning: 'Intensive outpatient', tags: ['outpatient', 'intensive-outpatient'] },
  { code: 'odt', meaning: 'Outpatient day treatment or partial hospitalization', tags: ['partial-hospitalization'] },
  { code: 'od', meaning: 'Outpatient detoxification', tags: ['outpatient', 'detox'] },
  { code: 'ort', meaning: 'Regular outpatient', tags: ['outpatient'] },
  { code: 'tele', meaning: 'Telemedicine/telehealth', tags: ['telehealth'] },
  { code: 'md', meaning: 'Medicaid', tags: ['medicaid'] },
  { code: 'mc', meaning: 'Medicare', tags: ['medicare'] },
  { code: 'pi', meaning: 'Private health insurance', tags: ['private-insurance'] },
  { code: 'cash', meaning: 'Cash or self-payment', tags: ['self-pay'] },
  { code: 'ss', meaning: 'Sliding fee scale', tags: ['sliding-fee'] },
  { code: 'np', meaning: 'No payment accepted (free)', tags: ['free'] },
  { code: 'pa', meaning: 'Payment assistance', tags: [] },
  { code: 'tricare', meaning: 'TRICARE (military insurance)', tags: [] },
  { code: 'itu', meaning: 'IHS/tribal/urban (ITU) funds', tags: [] },
  { code: 'sp', meaning: 'Spanish', tags: ['spanish'] },
  { code: 'asl', meaning: 'Sign language for the deaf and hard of hearing', tags: ['asl'] },
  { code: 'adol', meaning: 'Adolescents', tags: ['adolescents'] },
  { code: 'ya', meaning: 'Young adults', tags: [] },
  { code: 'adlt', meaning: 'Adults', tags: [] },
  { code: 'sen', meaning: 'Seniors', tags: [] },
  { code: 'pw', meaning: 'Pregnant/postpartum women', tags: ['pregnant-postpartum'] },
  { code: 'vet', meaning: 'Veterans', tags: ['veterans'] },
  { code: 'admil', meaning: 'Active-duty military', tags: [] },
  { code: 'cj', meaning: 'Criminal justice (other than DUI/DWI)', tags: ['criminal-justice'] },
  { code: 'peer', meaning: 'Peer support', tags: ['peer-support'] },
]);

/** CSV code → tags, for importers. */
export const CSV_CODE_TAGS: ReadonlyMap<string, readonly ServiceTag[]> = new Map(
  FINDTREATMENT_CSV_CODES.map((row) => [row.code, row.tags]),
);

/**
 * FindTreatment.gov JSON export: `services[].f2` is the code of the category the `f3` values
 * belong to, `f1` its name. Bridge parses the `f3` values by their label, whatever the category,
 * so this table only names categories for raw codes and the import summary. Codes as seen in
 * SAMHSA locator exports; unverified ones are imported all the same (kept raw).
 */
export const FINDTREATMENT_JSON_CATEGORIES = z
  .array(z.object({ f2: z.string().regex(/^[A-Z0-9]+$/), name: z.string().min(1) }))
  .parse([
    { f2: 'TC', name: 'Type of Care' },
    { f2: 'SET', name: 'Service Setting' },
    { f2: 'PHR', name: 'Pharmacotherapies' },
    { f2: 'TAP', name: 'Treatment Approaches' },
    { f2: 'PAY', name: 'Payment/Insurance/Funding Accepted' },
    { f2: 'PYAS', name: 'Payment Assistance Available' },
    { f2: 'SG', name: 'Special Programs/Groups Offered' },
    { f2: 'AGE', name: 'Age Groups Accepted' },
    { f2: 'LANG', name: 'Language Services' },
  ]);

const labelRuleSchema = z.object({
  /** Case-insensitive regular expression, anchored, matched against one trimmed `f3` value. */
  pattern: z.string().min(1),
  tags: z.array(serviceTagSchema).min(1),
});

/**
 * `f3` labels of the FindTreatment JSON export, parsed by name (never by position). Labels from
 * shared/domain.md ("Real `f3` labels look like"); a value that matches none is kept raw.
 * "Cash or self-payment" and "Sliding fee scale" are labelled here by their words, because the
 * sources disagree on what the SF and SS codes mean. The first matching rule wins, so specific
 * labels ("Methadone detoxification") come before general ones.
 */
export const FINDTREATMENT_F3_LABELS = z.array(labelRuleSchema).parse([
  { pattern: '^buprenorphine\\b', tags: ['buprenorphine'] },
  { pattern: '^naltrexone\\b', tags: ['naltrexone'] },
  { pattern: '^methadone detoxification$', tags: ['methadone', 'detox'] },
  { pattern: '^methadone\\b', tags: ['methadone'] },
  { pattern: '^opioid treatment program', tags: ['otp'] },
  { pattern: '^medicaid$', tags: ['medicaid'] },
  { pattern: '^medicare$', tags: ['medicare'] },
  { pattern: '^private health insurance$', tags: ['private-insurance'] },
  { pattern: '^cash or self-payment$', tags: ['self-pay'] },
  { pattern: '^sliding fee scale\\b', tags: ['sliding-fee'] },
  { pattern: '^no payment accepted$', tags: ['free'] },
  { pattern: '^spanish$', tags: ['spanish'] },
  { pattern: '^sign language services\\b', tags: ['asl'] },
  { pattern: '^(telemedicine|telehealth)\\b', tags: ['telehealth'] },
  { pattern: '^adolescents$', tags: ['adolescents'] },
  { pattern: '^pregnant/postpartum women$', tags: ['pregnant-postpartum'] },
  { pattern: '^veterans$', tags: ['veterans'] },
  { pattern: '^(clients referred from the court/judicial system|criminal justice)', tags: ['criminal-justice'] },
  { pattern: '^long-term residential$', tags: ['residential', 'residential-long-term'] },
  { pattern: '^short-term residential$', tags: ['residential', 'residential-short-term'] },
  { pattern: '^residential detoxification$', tags: ['residential', 'detox'] },
  { pattern: '^residential$', tags: ['residential'] },
  { pattern: '^(hospital inpatient|inpatient)$', tags: ['hospital-inpatient'] },
  { pattern: '^(detoxification|detox)$', tags: ['detox'] },
  { pattern: '^outpatient detoxification$', tags: ['outpatient', 'detox'] },
  { pattern: '^intensive outpatient( treatment)?$', tags: ['outpatient', 'intensive-outpatient'] },
  { pattern: '^(outpatient day treatment or partial hospitalization|partial hospitalization)', tags: ['partial-hospitalization'] },
  { pattern: '^(regular )?outpatient( treatment)?$', tags: ['outpatient'] },
  { pattern: '^peer (support|recovery)', tags: ['peer-support'] },
]);

const compiledLabels = FINDTREATMENT_F3_LABELS.map((rule) => ({ re: new RegExp(rule.pattern, 'i'), tags: rule.tags }));

/** Tags of one `f3` value, by its label; empty when the label is not known. */
export function tagsForF3Label(label: string): readonly ServiceTag[] {
  const value = label.trim().replace(/\s+/g, ' ');
  for (const rule of compiledLabels) if (rule.re.test(value)) return rule.tags;
  return [];
}
