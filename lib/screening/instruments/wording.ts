import { z } from 'zod';

/**
 * Where an instrument's patient-facing words come from, kept beside its data so a reviewer can
 * check them. `sources` lists only what was actually read when the wording was checked (a primary
 * form, a LOINC panel, or a copy of the form); `unverified` says that nothing authoritative could be
 * read and the wording still rests on memory of the published form.
 */
export const englishWordingSchema = z.strictObject({
  checked: z.enum(['primary', 'reproduction', 'unverified']),
  sources: z.array(z.string().min(1)),
  /** Differences from what was read, and why they stay. */
  notes: z.string().min(1).optional(),
});

/**
 * The Spanish text is either a published validated/official Spanish version (`validated`, cited)
 * or Bridge's own translation (`bridge-translation`), which the clinician must be told about before
 * handing the tablet to a Spanish-speaking patient.
 */
export const spanishWordingSchema = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('validated'),
    /** The published Spanish version the messages reproduce. */
    source: z.string().min(1),
    /** The copies of that version the messages were compared against word for word. */
    checkedAgainst: z.array(z.string().min(1)).min(1),
    notes: z.string().min(1).optional(),
  }),
  z.strictObject({
    status: z.literal('bridge-translation'),
    /** What the clinician is told when choosing Spanish. */
    disclosure: z.string().min(1),
    /** A validated Spanish version known to exist but not yet reproduced, if any. */
    validatedVersionKnown: z.string().min(1).optional(),
  }),
]);

export const instrumentWordingSchema = z.strictObject({
  instrumentId: z.string().min(1),
  english: englishWordingSchema,
  spanish: spanishWordingSchema,
});

export type InstrumentWording = z.infer<typeof instrumentWordingSchema>;
export type SpanishWording = z.infer<typeof spanishWordingSchema>;

/** The `description` every Bridge-translated Spanish message carries in `_locales/es`. */
export const BRIDGE_TRANSLATION_MARK = 'Bridge translation, not validated';

/** The disclosure shared by every instrument whose Spanish is Bridge's own translation. */
export const bridgeTranslationDisclosure =
  'The Spanish questions are a Bridge translation, not a validated Spanish version: the score may not mean the same as in English.';

/** Validates a wording record at module load, like `defineInstrument`. */
export function defineWording(input: z.input<typeof instrumentWordingSchema>): InstrumentWording {
  return instrumentWordingSchema.parse(input);
}
