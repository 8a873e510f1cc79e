import { z } from 'zod';
import {
  fieldControlSchema,
  fieldOptionSchema,
  normalizeText,
  type CollectedField,
  type CollectedForm,
  type FieldOption,
  type LabelSource,
} from './fields';
import { levelOfCareLabel, PART2_REDISCLOSURE_NOTICE_SHORT, type ReferralPacket } from './packet';
import { screeningLine, urgencyLabel } from './letter';
import {
  packetValueIdSchema,
  REFERRAL_FIELD_VOCABULARY,
  type FieldVocabulary,
  type PacketValueId,
} from './vocabulary';

/** A value from the packet, ready to be matched to a field. */
export interface FillValue {
  /** What goes into a free-text field. For dates: ISO YYYY-MM-DD. For booleans: "true". */
  text: string;
  kind: 'text' | 'date' | 'choice' | 'boolean';
  /** Other words and codes that name the same value, for picking an `<option>` or radio. */
  choices: string[];
}
export type FillValues = Partial<Record<PacketValueId, FillValue>>;

/** One planned write: which field, what value, and how sure the planner is. Plain data. */
export const fillStepSchema = z.object({
  fieldKey: z.string().min(1),
  /** What the clinician sees in the preview: the field's label on the page. */
  fieldLabel: z.string(),
  control: fieldControlSchema,
  /** Which packet value this is; null when the clinician typed it in the preview. */
  valueId: packetValueIdSchema.nullable(),
  /** What is written: text, the `<option>`/radio `value`, or "true"/"false" for a checkbox. */
  value: z.string(),
  /** The value as a person reads it (an option's label rather than its code). */
  display: z.string(),
  confidence: z.number().min(0).max(1),
  source: z.enum(['adapter', 'autocomplete', 'label', 'name', 'clinician']),
  include: z.boolean(),
  /** For select and radio fields: the choices, so the preview can offer them. */
  options: z.array(fieldOptionSchema).default([]),
});
export type FillStep = z.infer<typeof fillStepSchema>;

export const fillPlanSchema = z.object({
  url: z.string(),
  steps: z.array(fillStepSchema),
  /** Packet values that found no field, with why, so the preview can say what to type by hand. */
  unplaced: z.array(z.object({ valueId: packetValueIdSchema, reason: z.string() })),
  /** Things the clinician should know, e.g. an adapter mapping that no longer finds its field. */
  warnings: z.array(z.string()).default([]),
});
export type FillPlan = z.infer<typeof fillPlanSchema>;

/**
 * Where an EHR adapter already knows a value goes: a field key, `#id`, or `[name="..."]`.
 * Adapter mappings win over label matching.
 */
export type AdapterMapping = Partial<Record<PacketValueId, string>>;

export interface PlanOptions {
  adapter?: AdapterMapping;
  vocabulary?: FieldVocabulary;
  /** Matches below this confidence are left out of the plan (default 0.55). */
  minConfidence?: number;
}

const SPECIALTY_WORDS = [
  'substance use treatment',
  'substance use disorder treatment',
  'substance use',
  'sud',
  'addiction medicine',
  'addiction',
  'chemical dependency',
  'alcohol and drug',
  'alcohol and other drug',
  'aod',
  'behavioral health',
];

const URGENCY_WORDS: Record<ReferralPacket['urgency'], string[]> = {
  routine: ['routine', 'normal', 'standard', 'non urgent', 'elective', 'r', 'rt'],
  urgent: ['urgent', 'u', 'high', 'soon'],
  asap: ['asap', 'as soon as possible', 'expedited', 'a', 'within 24 hours'],
  stat: ['stat', 's', 'emergent', 'immediate', 'emergency'],
};

const LEVEL_ABBREVIATIONS: Record<string, string[]> = {
  '1': ['op', 'outpatient'],
  '1.5': ['op', 'outpatient'],
  '2.1': ['iop', 'intensive outpatient'],
  '2.5': ['php', 'partial hospitalization'],
  '3.1': ['residential', 'low intensity residential'],
  '3.5': ['residential', 'high intensity residential'],
  '3.7': ['inpatient', 'medically monitored inpatient'],
  '4': ['inpatient', 'hospital'],
  '4.0': ['inpatient', 'hospital'],
  OTP: ['otp', 'opioid treatment program', 'methadone'],
};

const SEX_WORDS: Record<string, string[]> = {
  female: ['female', 'f', 'woman'],
  male: ['male', 'm', 'man'],
  other: ['other', 'o', 'x', 'nonbinary'],
};

/** Splits "Last, First" or "First Middle Last" without guessing beyond that. */
export function splitPersonName(name: string): { first: string; last: string } {
  const trimmed = name.trim();
  if (trimmed.includes(',')) {
    const [last = '', first = ''] = trimmed.split(',', 2).map((s) => s.trim());
    return { first, last };
  }
  const parts = trimmed.split(/\s+/);
  return { first: parts.slice(0, -1).join(' ') || (parts[0] ?? ''), last: parts.length > 1 ? (parts[parts.length - 1] ?? '') : '' };
}

/**
 * The values a referral packet offers to a form. `consentOnFile` is true only when a consent
 * covering this disclosure is active (lib/consent `consentCovers`). The notes carry §2.32's
 * short notice unless `appendPart2Notice` is false.
 */
export function packetFillValues(
  packet: ReferralPacket,
  options: { consentOnFile: boolean; appendPart2Notice?: boolean },
): FillValues {
  const v: FillValues = {};
  const text = (t: string | null | undefined, choices: string[] = []): FillValue | undefined =>
    t ? { text: t, kind: 'text', choices } : undefined;
  const put = (id: PacketValueId, value: FillValue | undefined) => {
    if (value) v[id] = value;
  };
  const p = packet.patient;
  const { first, last } = splitPersonName(p.name);
  const provider = packet.providers[0];
  put('patient.name', text(p.name));
  put('patient.firstName', text(first));
  put('patient.lastName', text(last));
  if (p.birthDate) put('patient.birthDate', { text: p.birthDate, kind: 'date', choices: [] });
  put('patient.mrn', text(p.mrn));
  if (p.sex !== 'unknown') {
    put('patient.sex', { text: p.sex[0]!.toUpperCase() + p.sex.slice(1), kind: 'choice', choices: SEX_WORDS[p.sex] ?? [] });
  }
  put('patient.postalCode', text(p.postalCode));
  if (provider) {
    put('provider.name', { text: provider.name, kind: 'choice', choices: [provider.id] });
    put('provider.address', text(provider.address));
    put('provider.phone', text(provider.phone));
  }
  put('referral.specialty', { text: 'Substance use treatment', kind: 'choice', choices: SPECIALTY_WORDS });
  put('referral.reason', text(packet.reason));
  const dx = packet.diagnoses[0];
  if (dx) put('referral.diagnosis', { text: `${dx.code} ${dx.display}`, kind: 'choice', choices: [dx.code, dx.display] });
  put('referral.urgency', {
    text: urgencyLabel(packet.urgency),
    kind: 'choice',
    choices: [packet.urgency, ...URGENCY_WORDS[packet.urgency]],
  });
  if (packet.urgency !== 'routine') put('referral.urgentFlag', { text: 'true', kind: 'boolean', choices: [] });
  if (packet.levelOfCare) {
    const loc = packet.levelOfCare;
    put('referral.levelOfCare', {
      text: levelOfCareLabel(loc),
      kind: 'choice',
      choices: [`asam ${loc.level}`, `level ${loc.level}`, loc.level, ...(LEVEL_ABBREVIATIONS[loc.level] ?? [])],
    });
  }
  put('referral.screening', text(screeningLine(packet)));
  const notes = [packet.notes.trim(), options.appendPart2Notice === false ? '' : PART2_REDISCLOSURE_NOTICE_SHORT]
    .filter(Boolean)
    .join('\n\n');
  put('referral.notes', text(notes));
  put('referral.date', { text: packet.createdAt.slice(0, 10), kind: 'date', choices: [] });
  if (options.consentOnFile) put('referral.consentOnFile', { text: 'true', kind: 'boolean', choices: [] });
  put('clinician.name', text(packet.referringClinician.name));
  put('clinician.npi', text(packet.referringClinician.npi));
  put('clinician.phone', text(packet.referringClinician.phone));
  put('clinic.name', text(packet.clinic.name));
  return v;
}

const SOURCE_WEIGHT: Record<LabelSource | 'placeholder' | 'name', number> = {
  label: 1,
  'aria-labelledby': 1,
  'aria-label': 0.98,
  legend: 0.95,
  'row-header': 0.95,
  'table-header': 0.9,
  title: 0.85,
  nearby: 0.8,
  placeholder: 0.8,
  name: 0.7,
  section: 0,
};

/** A normalized phrase with its tokens, prepared once. */
interface Prepared {
  text: string;
  /** The text with a space each side, for whole-word phrase search. */
  padded: string;
  tokens: string[];
  set: Set<string>;
}

function prepare(normalized: string): Prepared {
  const tokens = normalized ? normalized.split(' ') : [];
  return { text: normalized, padded: ` ${normalized} `, tokens, set: new Set(tokens) };
}

function similarity(text: Prepared, phrase: Prepared): number {
  if (!text.text || !phrase.text) return 0;
  if (text.text === phrase.text) return 1;
  let shared = 0;
  for (const t of phrase.tokens) if (text.set.has(t)) shared++;
  if (shared === 0) return 0;
  const extra = Math.max(0, text.tokens.length - phrase.tokens.length);
  // A one-word synonym inside a long label is weak evidence ("patient" in "patient consent obtained").
  const single = phrase.tokens.length === 1;
  const perExtra = single ? 0.06 : 0.04;
  if (shared === phrase.tokens.length) {
    if (text.padded.includes(phrase.padded)) return Math.max(0.5, (single ? 0.8 : 0.92) - perExtra * extra);
    return Math.max(0.45, 0.82 - perExtra * extra);
  }
  const union = new Set([...text.tokens, ...phrase.tokens]).size;
  const jaccard = shared / union;
  return jaccard >= 0.5 ? 0.6 * jaccard : 0;
}

/** 0..1: how well a normalized label names a normalized phrase. */
export function phraseSimilarity(text: string, phrase: string): number {
  return similarity(prepare(text), prepare(phrase));
}

interface PreparedEntry {
  synonyms: Prepared[];
  exclude: string[];
  autocomplete: string[];
}

const preparedVocabularies = new WeakMap<FieldVocabulary, Map<PacketValueId, PreparedEntry>>();

function preparedVocabulary(vocabulary: FieldVocabulary): Map<PacketValueId, PreparedEntry> {
  let prepared = preparedVocabularies.get(vocabulary);
  if (!prepared) {
    prepared = new Map();
    for (const [id, entry] of Object.entries(vocabulary) as [PacketValueId, FieldVocabulary[PacketValueId]][]) {
      if (!entry) continue;
      prepared.set(id, {
        synonyms: entry.synonyms.map((x) => prepare(normalizeText(x))),
        exclude: entry.exclude.map(normalizeText),
        autocomplete: entry.autocomplete,
      });
    }
    preparedVocabularies.set(vocabulary, prepared);
  }
  return prepared;
}

interface LabelText {
  text: string;
  prepared: Prepared;
  weight: number;
  source: 'label' | 'name';
}

function fieldTexts(field: CollectedField): LabelText[] {
  const out: LabelText[] = [];
  const sections = field.labels.filter((l) => l.source === 'section').map((l) => normalizeText(l.text));
  for (const l of field.labels) {
    if (l.source === 'section') continue;
    const text = normalizeText(l.text);
    if (!text) continue;
    out.push({ text, prepared: prepare(text), weight: SOURCE_WEIGHT[l.source], source: 'label' });
    for (const s of sections) {
      if (s) out.push({ text: `${s} ${text}`, prepared: prepare(`${s} ${text}`), weight: 0.92 * SOURCE_WEIGHT[l.source], source: 'label' });
    }
  }
  if (field.placeholder && !/^[mdy/\-. ]+$/i.test(field.placeholder)) {
    const text = normalizeText(field.placeholder);
    out.push({ text, prepared: prepare(text), weight: SOURCE_WEIGHT.placeholder, source: 'label' });
  }
  for (const raw of [field.name, field.id]) {
    const text = normalizeText(raw.replace(/\d+$/, ''));
    if (text) out.push({ text, prepared: prepare(text), weight: SOURCE_WEIGHT.name, source: 'name' });
  }
  return out;
}

const COMPATIBLE: Record<FillValue['kind'], ReadonlySet<string>> = {
  text: new Set(['text', 'textarea', 'tel', 'email', 'number', 'other']),
  date: new Set(['text', 'date', 'datetime-local', 'other']),
  choice: new Set(['text', 'textarea', 'select', 'radio-group', 'other']),
  boolean: new Set(['checkbox']),
};

function compatible(field: CollectedField, id: PacketValueId, value: FillValue): boolean {
  if (!COMPATIBLE[value.kind].has(field.control)) return false;
  if (field.control === 'tel') return id.endsWith('phone');
  if (field.control === 'number') return id === 'clinician.npi' || id === 'patient.mrn' || id === 'patient.postalCode';
  return true;
}

function scoreFieldFor(
  field: CollectedField,
  texts: LabelText[],
  entry: PreparedEntry | undefined,
): { score: number; source: FillStep['source'] } {
  if (!entry) return { score: 0, source: 'label' };
  if (field.autocomplete) {
    const auto = field.autocomplete.toLowerCase().split(/\s+/);
    if (entry.autocomplete.some((a) => auto.includes(a))) return { score: 0.9, source: 'autocomplete' };
  }
  let best = 0;
  let source: FillStep['source'] = 'label';
  for (const t of texts) {
    if (t.weight * 1 <= best) continue;
    if (entry.exclude.some((x) => t.prepared.padded.includes(` ${x} `))) continue;
    for (const syn of entry.synonyms) {
      const s = similarity(t.prepared, syn) * t.weight;
      if (s > best) {
        best = s;
        source = t.source;
      }
    }
  }
  return { score: best, source };
}

/** The best `<option>`/radio for a value, by label, value and code, or null if none is close. */
export function chooseOption(options: readonly FieldOption[], value: FillValue): { option: FieldOption; score: number } | null {
  const phrases = [value.text, ...value.choices].map(normalizeText).filter(Boolean).map(prepare);
  let best: { option: FieldOption; score: number } | null = null;
  for (const option of options) {
    if (option.disabled) continue;
    const label = prepare(normalizeText(option.label));
    const code = prepare(normalizeText(option.value));
    if (!label.text && !code.text) continue;
    let score = 0;
    // Earlier phrases are the better names for the value: "addiction medicine" before "behavioral health".
    phrases.forEach((phrase, i) => {
      const rank = 1 - 0.01 * i;
      const s = Math.max(
        code.text && code.text === phrase.text ? 1 : 0,
        similarity(label, phrase),
        0.9 * similarity(phrase, label),
        0.95 * similarity(code, phrase),
      );
      score = Math.max(score, s * rank);
    });
    if (!best || score > best.score) best = { option, score };
  }
  return best && best.score >= 0.6 ? best : null;
}

type DateFormat = 'iso' | 'us' | 'us-dash' | 'us-short-year' | 'dmy' | 'datetime-local';

/** Which date format a field wants: type=date is ISO; text fields say so in placeholder or pattern. */
export function dateFormatFor(field: CollectedField): { format: DateFormat; certain: boolean } {
  if (field.control === 'date') return { format: 'iso', certain: true };
  if (field.control === 'datetime-local') return { format: 'datetime-local', certain: true };
  const hint = [field.placeholder, field.pattern, ...field.labels.map((l) => l.text)].join(' ').toLowerCase();
  if (/y{4}-m{1,2}-d{1,2}/.test(hint)) return { format: 'iso', certain: true };
  if (/d{1,2}\/m{1,2}\/y{4}/.test(hint)) return { format: 'dmy', certain: true };
  if (/m{1,2}-d{1,2}-y{4}/.test(hint)) return { format: 'us-dash', certain: true };
  if (/m{1,2}\/d{1,2}\/y{2}(?!y)/.test(hint)) return { format: 'us-short-year', certain: true };
  if (/m{1,2}\/d{1,2}\/y{4}/.test(hint)) return { format: 'us', certain: true };
  return { format: 'us', certain: false };
}

/** Formats an ISO date (YYYY-MM-DD) the way the field wants it. */
export function formatDate(iso: string, format: DateFormat): string {
  const [y = '', m = '', d = ''] = iso.split('-');
  switch (format) {
    case 'iso':
      return iso;
    case 'datetime-local':
      return `${iso}T00:00`;
    case 'dmy':
      return `${d}/${m}/${y}`;
    case 'us-dash':
      return `${m}-${d}-${y}`;
    case 'us-short-year':
      return `${m}/${d}/${y.slice(2)}`;
    case 'us':
      return `${m}/${d}/${y}`;
  }
}

/** The label a clinician would recognise the field by. */
export function fieldDisplayLabel(field: CollectedField): string {
  const own = field.labels.find((l) => l.source !== 'section' && l.text.trim());
  return (own?.text ?? field.placeholder ?? '').trim() || field.name || field.id || field.key;
}

function selectorMatches(selector: string, field: CollectedField): boolean {
  return (
    selector === field.key ||
    field.key.endsWith(` >>> ${selector}`) ||
    (field.id !== '' && selector === `#${field.id}`) ||
    (field.name !== '' && (selector === `[name="${field.name}"]` || selector === `[name=${field.name}]`))
  );
}

/** Turns a matched (field, value) pair into a step, or explains why it cannot be filled. */
function buildStep(
  field: CollectedField,
  id: PacketValueId,
  value: FillValue,
  matchScore: number,
  source: FillStep['source'],
): FillStep | string {
  const base = {
    fieldKey: field.key,
    fieldLabel: fieldDisplayLabel(field),
    control: field.control,
    valueId: id,
    source,
    include: true,
    options: field.options,
  };
  if (field.control === 'select' || field.control === 'radio-group') {
    const chosen = chooseOption(field.options, value);
    if (!chosen) return `no choice in "${base.fieldLabel}" matches "${value.text}"`;
    return { ...base, value: chosen.option.value, display: chosen.option.label || chosen.option.value, confidence: matchScore * chosen.score };
  }
  if (field.control === 'checkbox') {
    return { ...base, value: 'true', display: 'checked', confidence: matchScore };
  }
  let text = value.text;
  let confidence = matchScore;
  if (value.kind === 'date') {
    const { format, certain } = dateFormatFor(field);
    text = formatDate(value.text, format);
    if (!certain) confidence *= 0.9;
  }
  if (field.maxLength !== null && field.maxLength >= 0 && text.length > field.maxLength) {
    if (value.kind !== 'text' || field.maxLength < 20) return `"${base.fieldLabel}" holds only ${field.maxLength} characters`;
    text = text.slice(0, field.maxLength);
    confidence *= 0.7;
  }
  return { ...base, value: text, display: text, confidence };
}

/**
 * Plans a fill: which packet value goes into which field. Pure: reads only the collected
 * description. Adapter mappings are placed first (confidence 1), then the remaining values by
 * label matching against the vocabulary, best match first, each field and each value used at
 * most once. Disabled and read-only fields are never planned.
 */
export function planFill(form: CollectedForm, values: FillValues, options: PlanOptions = {}): FillPlan {
  const vocabulary = preparedVocabulary(options.vocabulary ?? REFERRAL_FIELD_VOCABULARY);
  const min = options.minConfidence ?? 0.55;
  const fillable = form.fields.filter((f) => !f.disabled && !f.readOnly);
  const usedFields = new Set<string>();
  const placed = new Map<PacketValueId, FillStep>();
  const problems = new Map<PacketValueId, string>();
  const warnings: string[] = [];
  const ids = (Object.keys(values) as PacketValueId[]).filter((id) => values[id]);

  for (const [id, selector] of Object.entries(options.adapter ?? {}) as [PacketValueId, string][]) {
    const value = values[id];
    if (!value || !selector) continue;
    const field = fillable.find((f) => !usedFields.has(f.key) && selectorMatches(selector, f));
    if (!field) {
      // Fall back to label matching, but say so: the adapter may be out of date for this page.
      warnings.push(`The EHR adapter expected ${id} in ${selector}, which is not on this page or cannot be edited.`);
      continue;
    }
    const step = buildStep(field, id, value, 1, 'adapter');
    if (typeof step === 'string') problems.set(id, step);
    else {
      placed.set(id, step);
      usedFields.add(field.key);
    }
  }

  const candidates: { field: CollectedField; id: PacketValueId; score: number; source: FillStep['source']; order: number }[] = [];
  fillable.forEach((field, order) => {
    if (usedFields.has(field.key)) return;
    const texts = fieldTexts(field);
    for (const id of ids) {
      if (placed.has(id)) continue;
      const value = values[id]!;
      if (!compatible(field, id, value)) continue;
      const { score, source } = scoreFieldFor(field, texts, vocabulary.get(id));
      if (score >= min) candidates.push({ field, id, score, source, order });
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.order - b.order);
  for (const c of candidates) {
    if (usedFields.has(c.field.key) || placed.has(c.id)) continue;
    const step = buildStep(c.field, c.id, values[c.id]!, c.score, c.source);
    if (typeof step === 'string') {
      if (!problems.has(c.id)) problems.set(c.id, step);
      continue;
    }
    if (step.confidence < min) continue;
    placed.set(c.id, step);
    usedFields.add(c.field.key);
  }

  const order = new Map(form.fields.map((f, i) => [f.key, i]));
  const steps = [...placed.values()].sort((a, b) => (order.get(a.fieldKey) ?? 0) - (order.get(b.fieldKey) ?? 0));
  const unplaced = ids
    .filter((id) => !placed.has(id))
    .map((id) => ({ valueId: id, reason: problems.get(id) ?? 'no field on this form looks like it' }));
  return { url: form.url, steps, unplaced, warnings };
}

/**
 * The plan after the clinician edits one step in the preview (value typed, option chosen, or
 * include ticked off). Returns a new plan; an edited value gets source "clinician" and
 * confidence 1 because a person chose it.
 */
export function editStep(plan: FillPlan, fieldKey: string, change: { value?: string; include?: boolean }): FillPlan {
  return {
    ...plan,
    steps: plan.steps.map((s) => {
      if (s.fieldKey !== fieldKey) return s;
      const next = { ...s };
      if (change.include !== undefined) next.include = change.include;
      if (change.value !== undefined && change.value !== s.value) {
        next.value = change.value;
        next.display = s.options.find((o) => o.value === change.value)?.label || change.value;
        next.source = 'clinician';
        next.confidence = 1;
      }
      return next;
    }),
  };
}
