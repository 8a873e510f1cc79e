import { z } from 'zod';

// The schema validates clinic-supplied adapters (policy.ts, run in the background or options page)
// and, in adapters.test.ts, every built-in adapter. The content script never loads zod.

/**
 * A CSS selector Bridge may run on an EHR page. `a >>> b` crosses into the shadow root of the
 * element matched by `a` and continues with `b` there.
 */
export const deepSelectorSchema = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .refine((s) => s.split('>>>').every((part) => part.trim().length > 0), {
    message: 'every part around ">>>" must be a selector',
  });

/** Keys the referral fill engine fills; an adapter maps each it supports to a selector. */
export const referralFieldKeySchema = z.enum([
  'patientName', 'referredTo', 'facilityPhone', 'facilityAddress', 'referralDate', 'urgency',
  'levelOfCare', 'diagnosis', 'reason', 'consent', 'notes',
]);
export type ReferralFieldKey = z.infer<typeof referralFieldKeySchema>;

export const ehrAdapterSchema = z.object({
  /** Lower-case id, used in `via: 'adapter:<id>'`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'id: lower-case letters, digits and dashes'),
  /** What a person calls this EHR or page style. */
  label: z.string().min(1).max(120),
  /** Host names the adapter applies to; `*` matches any run of characters ("*.example.org"). */
  hostPatterns: z.array(z.string().min(1).max(253)).min(1),
  /** Path patterns (`*` as above) the adapter applies to; default every path. */
  urlPatterns: z.array(z.string().min(1).max(500)).default(['*']),
  /** A same-origin iframe holding the banner, when the banner is not in the top page. */
  frame: deepSelectorSchema.optional(),
  /** The patient banner. */
  banner: deepSelectorSchema,
  /**
   * Selectors for single fields, relative to the banner. A field without a selector is read from
   * the banner's labels by the generic reader, so an adapter only names what labels cannot find.
   */
  fields: z
    .object({
      name: deepSelectorSchema,
      birthDate: deepSelectorSchema,
      sex: deepSelectorSchema,
      mrn: deepSelectorSchema,
      postalCode: deepSelectorSchema,
    })
    .partial()
    .default({}),
  /** How the EHR writes all-numeric dates. */
  dateOrder: z.enum(['MDY', 'DMY']).default('MDY'),
  /** Where the referral order form is, for the referral fill engine. */
  referralForm: z
    .object({
      /** Path patterns of the page holding the form, when not every page the adapter matches. */
      urlPatterns: z.array(z.string().min(1)).optional(),
      frame: deepSelectorSchema.optional(),
      form: deepSelectorSchema,
      fields: z.partialRecord(referralFieldKeySchema, deepSelectorSchema),
    })
    .optional(),
  /** Fixture files (tests/fixtures/ehr/) the adapter is proven on, one per page style. */
  provenPages: z.array(z.string()).default([]),
  /** Where the markup the adapter relies on is documented or observed. */
  source: z.string().max(500).optional(),
});

/** An EHR adapter after validation, with defaults filled in. */
export type EhrAdapter = z.output<typeof ehrAdapterSchema>;
/** An EHR adapter as written in its file or in the clinic's policy. */
export type EhrAdapterInput = z.input<typeof ehrAdapterSchema>;
