import { z } from 'zod';
import { sexSchema, type Sex } from '../ehr/patient';

/**
 * The SBIRT step a screening result calls for (SAMHSA, "Systems-Level Implementation of SBIRT",
 * TAP 33, 2013): low risk gets positive feedback, moderate risk a brief intervention, high risk a
 * brief intervention plus referral to specialty treatment.
 */
export const sbirtActionSchema = z.enum([
  'none',
  'positive-feedback',
  'brief-intervention',
  'brief-intervention-and-referral',
]);
export type SbirtAction = z.infer<typeof sbirtActionSchema>;

/** Chrome `_locales` message names allow only ASCII letters, digits and `_`. */
const messageKeySchema = z.string().regex(/^[A-Za-z0-9_]+$/, 'message keys use only A-Z, a-z, 0-9 and _');
const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-.]*$/, 'ids are lower-case kebab-case');

/** An answer: the chosen option's `value` for choice items, a whole number for count items. */
export const answerValueSchema = z.union([z.string(), z.number().int().nonnegative()]);
export type AnswerValue = z.infer<typeof answerValueSchema>;
/** Answers keyed by item id. */
export type Answers = Readonly<Record<string, AnswerValue>>;

/** A score threshold: a number, or the instrument's positive cut-off for this patient. */
const thresholdSchema = z.union([z.number(), z.literal('positive-cutoff')]);
export type Threshold = z.infer<typeof thresholdSchema>;

/**
 * Declarative conditions, used for skip logic, risk levels, advisories and flows. A condition that
 * reads an unanswered item is false: skip rules are written so that an unanswered gate asks less.
 */
export type Condition =
  | { answer: string; is: string }
  | { answer: string; in: readonly string[] }
  | { answer: string; atLeast?: number; atMost?: number }
  /** Sum of the points of these items; false unless all of them are answered. */
  | { points: readonly string[]; atLeast?: number; atMost?: number }
  | { score: { atLeast?: Threshold; below?: Threshold } }
  | { all: readonly Condition[] }
  | { any: readonly Condition[] }
  | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ answer: z.string(), is: z.string() }),
    z.strictObject({ answer: z.string(), in: z.array(z.string()).min(1) }),
    z.strictObject({ answer: z.string(), atLeast: z.number().optional(), atMost: z.number().optional() }),
    z.strictObject({ points: z.array(z.string()).min(1), atLeast: z.number().optional(), atMost: z.number().optional() }),
    z.strictObject({ score: z.strictObject({ atLeast: thresholdSchema.optional(), below: thresholdSchema.optional() }) }),
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
  ]),
);

/** Who a rule applies to; an empty rule applies to everyone. Ages are whole years, inclusive. */
export const patientRuleSchema = z.strictObject({
  sex: z.array(sexSchema).min(1).optional(),
  minAge: z.number().int().nonnegative().optional(),
  maxAge: z.number().int().nonnegative().optional(),
});
export type PatientRule = z.infer<typeof patientRuleSchema>;

/** A wording chosen by sex or age (TAPS and the NIAAA question say 4 drinks for women, 5 for men). */
export const promptVariantSchema = z.strictObject({ when: patientRuleSchema, key: messageKeySchema });

export const optionSchema = z.strictObject({
  value: idSchema,
  labelKey: messageKeySchema,
  points: z.number().int().nonnegative(),
});
export type InstrumentOption = z.infer<typeof optionSchema>;

const itemBase = {
  id: idSchema,
  /** Section heading key (e.g. CRAFFT Part A), shown above the first item of a section. */
  sectionKey: messageKeySchema.optional(),
  promptKey: messageKeySchema,
  promptVariants: z.array(promptVariantSchema).optional(),
  loinc: z.string().regex(/^\d{1,7}-\d$/).optional(),
  /** Skip this item (it then counts 0) when the condition holds, as the published form instructs. */
  skipIf: conditionSchema.optional(),
  /** Unscored items (e.g. CRAFFT Part A day counts) are asked and kept, never added to the total. */
  scored: z.boolean().default(true),
};

export const choiceItemSchema = z.strictObject({
  ...itemBase,
  kind: z.literal('choice'),
  options: z.array(optionSchema).min(2).max(9),
  /** Documents that the published form scores this item the other way round (DAST-10 item 3). */
  reverseScored: z.boolean().default(false),
});

export const countItemSchema = z.strictObject({
  ...itemBase,
  kind: z.literal('count'),
  /** Key for the unit shown beside the number box ("days", "times"). */
  unitKey: messageKeySchema,
  max: z.number().int().positive(),
});

export const itemSchema = z.discriminatedUnion('kind', [choiceItemSchema, countItemSchema]);
export type InstrumentItem = z.infer<typeof itemSchema>;
export type ChoiceItem = z.infer<typeof choiceItemSchema>;
export type CountItem = z.infer<typeof countItemSchema>;

/** How item points combine: `sum` adds them, `max` keeps the highest (S2BI, TAPS per substance). */
export const aggregateSchema = z.strictObject({
  kind: z.enum(['sum', 'max']),
  items: z.array(z.string()).min(1),
});

export const subscoreSchema = z.strictObject({
  id: idSchema,
  label: z.string().min(1),
  kind: z.enum(['sum', 'max']),
  items: z.array(z.string()).min(1),
});

export const scoringSchema = z.strictObject({
  /** The total: either item points combined, or the highest subscore (TAPS: worst substance). */
  total: z.union([aggregateSchema, z.strictObject({ kind: z.literal('max-of-subscores') })]),
  subscores: z.array(subscoreSchema).default([]),
  range: z.strictObject({ min: z.number().int(), max: z.number().int() }),
  description: z.string().min(1),
});

/**
 * The positive cut-off: the first rule whose patient rule matches wins. Each rule has an id so a
 * clinic can override it (`{ 'audit-c.men': 5 }`) within the range the source allows.
 */
export const cutoffRuleSchema = z.strictObject({
  id: z.string().min(1),
  when: patientRuleSchema.default({}),
  atLeast: z.number().int(),
  allowed: z.strictObject({ min: z.number().int(), max: z.number().int() }),
  source: z.string().min(1),
});
export type CutoffRule = z.infer<typeof cutoffRuleSchema>;

/** Risk levels in order; the first whose condition holds is the result's level. */
export const riskLevelSchema = z.strictObject({
  id: idSchema,
  label: z.string().min(1),
  when: conditionSchema,
  action: sbirtActionSchema,
  /** What the source says to do at this level, in its own terms. */
  guidance: z.string().min(1),
});
export type RiskLevel = z.infer<typeof riskLevelSchema>;

/** Extra advice that does not change the level (CRAFFT: CAR "yes" → counsel about impaired drivers). */
export const advisorySchema = z.strictObject({ id: idSchema, when: conditionSchema, text: z.string().min(1) });

/** A fuller instrument a result leads to (positive NIAAA question → AUDIT-C, or AUDIT). */
export const followUpSchema = z.strictObject({
  when: conditionSchema,
  instrumentIds: z.array(idSchema).min(1),
  reason: z.string().min(1),
});

export const licenceSchema = z.strictObject({
  attribution: z.string().min(1),
  terms: z.string().min(1),
  /** False until someone has read the publisher's current terms; such tools need a clinic opt-in. */
  termsVerified: z.boolean(),
  requiresClinicOptIn: z.boolean(),
});

export const instrumentSchema = z
  .strictObject({
    id: idSchema,
    name: z.string().min(1),
    shortName: z.string().min(1),
    version: z.string().min(1),
    /** Primary source: the published form or manual the wording and scoring come from. */
    source: z.string().min(1),
    ages: z.strictObject({ min: z.number().int().nonnegative(), max: z.number().int().positive().optional() }),
    lookbackKey: messageKeySchema.optional(),
    introKey: messageKeySchema,
    loinc: z.strictObject({ panel: z.string().optional(), total: z.string().optional() }).default({}),
    items: z.array(itemSchema).min(1),
    scoring: scoringSchema,
    cutoffs: z.array(cutoffRuleSchema).min(1),
    riskLevels: z.array(riskLevelSchema).min(1),
    advisories: z.array(advisorySchema).default([]),
    followUps: z.array(followUpSchema).default([]),
    licence: licenceSchema,
  })
  .superRefine((instrument, ctx) => {
    const ids = new Set<string>();
    for (const item of instrument.items) {
      if (ids.has(item.id)) ctx.addIssue({ code: 'custom', message: `Item id '${item.id}' is used twice.` });
      ids.add(item.id);
    }
    const checkRef = (ref: string, where: string) => {
      if (!ids.has(ref)) ctx.addIssue({ code: 'custom', message: `${where} refers to unknown item '${ref}'.` });
    };
    const walk = (c: Condition, where: string): void => {
      if ('answer' in c) checkRef(c.answer, where);
      else if ('points' in c) c.points.forEach((r) => checkRef(r, where));
      else if ('all' in c) c.all.forEach((x) => walk(x, where));
      else if ('any' in c) c.any.forEach((x) => walk(x, where));
      else if ('not' in c) walk(c.not, where);
    };
    for (const item of instrument.items) if (item.skipIf) walk(item.skipIf, `Item '${item.id}' skipIf`);
    instrument.riskLevels.forEach((l) => walk(l.when, `Risk level '${l.id}'`));
    instrument.advisories.forEach((a) => walk(a.when, `Advisory '${a.id}'`));
    instrument.followUps.forEach((f) => walk(f.when, 'Follow-up'));
    if (instrument.scoring.total.kind !== 'max-of-subscores') {
      instrument.scoring.total.items.forEach((r) => {
        checkRef(r, 'Total score');
        if (instrument.items.find((i) => i.id === r)?.scored === false) {
          ctx.addIssue({ code: 'custom', message: `Item '${r}' is marked unscored but is in the total.` });
        }
      });
    } else if (instrument.scoring.subscores.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'A max-of-subscores total needs subscores.' });
    }
    instrument.scoring.subscores.forEach((s) => s.items.forEach((r) => checkRef(r, `Subscore '${s.id}'`)));
    const last = instrument.cutoffs[instrument.cutoffs.length - 1];
    if (last && Object.keys(last.when).length > 0) {
      ctx.addIssue({ code: 'custom', message: 'The last cut-off rule must apply to everyone (an empty `when`).' });
    }
    for (const rule of instrument.cutoffs) {
      if (rule.atLeast < rule.allowed.min || rule.atLeast > rule.allowed.max) {
        ctx.addIssue({ code: 'custom', message: `Cut-off '${rule.id}' default ${rule.atLeast} is outside its allowed range.` });
      }
    }
  });

export type Instrument = z.infer<typeof instrumentSchema>;
export type InstrumentInput = z.input<typeof instrumentSchema>;

/** Thrown when instrument data does not validate; names the instrument and every problem. */
export class InstrumentDefinitionError extends Error {
  override readonly name = 'InstrumentDefinitionError';
  constructor(
    readonly instrumentId: string,
    readonly problems: readonly string[],
  ) {
    super(`Instrument '${instrumentId}' is not valid: ${problems.join(' ')}`);
  }
}

/** Validates instrument data at module load, so a bad edit fails every test that imports it. */
export function defineInstrument(input: InstrumentInput): Instrument {
  const parsed = instrumentSchema.safeParse(input);
  if (!parsed.success) {
    throw new InstrumentDefinitionError(
      String((input as { id?: unknown }).id ?? '?'),
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}.`),
    );
  }
  return parsed.data;
}

/** True when a patient rule applies to this sex and age (an unknown age never matches an age bound). */
export function patientRuleMatches(rule: PatientRule, patient: { sex: Sex; ageYears: number | null }): boolean {
  if (rule.sex && !rule.sex.includes(patient.sex)) return false;
  if (rule.minAge !== undefined && (patient.ageYears === null || patient.ageYears < rule.minAge)) return false;
  if (rule.maxAge !== undefined && (patient.ageYears === null || patient.ageYears > rule.maxAge)) return false;
  return true;
}

/** The message key for an item's question, with the sex/age-specific wording where there is one. */
export function promptKeyFor(item: InstrumentItem, patient: { sex: Sex; ageYears: number | null }): string {
  const variant = item.promptVariants?.find((v) => patientRuleMatches(v.when, patient));
  return variant?.key ?? item.promptKey;
}

/** Every message key an instrument refers to, for locale completeness checks. */
export function messageKeysOf(instrument: Instrument): string[] {
  const keys = new Set<string>([instrument.introKey]);
  if (instrument.lookbackKey) keys.add(instrument.lookbackKey);
  for (const item of instrument.items) {
    keys.add(item.promptKey);
    if (item.sectionKey) keys.add(item.sectionKey);
    item.promptVariants?.forEach((v) => keys.add(v.key));
    if (item.kind === 'choice') item.options.forEach((o) => keys.add(o.labelKey));
    else keys.add(item.unitKey);
  }
  return [...keys];
}
