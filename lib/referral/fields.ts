import { z } from 'zod';

/** How a collected field is operated: what kind of value the fill writes into it. */
export const fieldControlSchema = z.enum([
  'text',
  'textarea',
  'select',
  'radio-group',
  'checkbox',
  'date',
  'datetime-local',
  'email',
  'tel',
  'number',
  'other',
]);
export type FieldControl = z.infer<typeof fieldControlSchema>;

/** Where a piece of label text came from; the planner trusts some sources more than others. */
export const labelSourceSchema = z.enum([
  'label',
  'aria-labelledby',
  'aria-label',
  'legend',
  'table-header',
  'row-header',
  'nearby',
  'title',
  'section',
]);
export type LabelSource = z.infer<typeof labelSourceSchema>;

export const fieldOptionSchema = z.object({
  value: z.string(),
  label: z.string(),
  /** For a radio group: the key of this radio button itself. */
  key: z.string().optional(),
  disabled: z.boolean().default(false),
});
export type FieldOption = z.infer<typeof fieldOptionSchema>;

/**
 * One fillable field as the collector saw it. `key` is stable for the same markup: the CSS path
 * of the field inside its root, prefixed by the paths of the iframes and shadow hosts that lead
 * to it, joined with " >>> ".
 */
export const collectedFieldSchema = z.object({
  key: z.string().min(1),
  /** CSS paths of the iframes on the way to this field, outermost first ([] = top document). */
  framePath: z.array(z.string()),
  control: fieldControlSchema,
  tagName: z.string(),
  /** The raw `type` attribute, lower-cased ('' for select/textarea). */
  inputType: z.string(),
  name: z.string(),
  id: z.string(),
  autocomplete: z.string(),
  labels: z.array(z.object({ text: z.string(), source: labelSourceSchema })),
  placeholder: z.string(),
  /** `pattern` attribute, which sometimes tells the date format. */
  pattern: z.string(),
  maxLength: z.number().int().nullable(),
  options: z.array(fieldOptionSchema),
  disabled: z.boolean(),
  readOnly: z.boolean(),
  /** The value on the page when collected (for a checkbox: "true"/"false"). */
  currentValue: z.string(),
});
export type CollectedField = z.infer<typeof collectedFieldSchema>;

/** The description of a page's fields that the planner works from. */
export const collectedFormSchema = z.object({
  url: z.string(),
  fields: z.array(collectedFieldSchema),
});
export type CollectedForm = z.infer<typeof collectedFormSchema>;

/** Lower-cases, drops punctuation and asterisks, splits camelCase and snake_case, collapses spaces. */
export function normalizeText(text: string): string {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[_\-./\\:*()[\]#?,;|]+/g, ' ')
    .replace(/[^\p{L}\p{N}\s&']/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
