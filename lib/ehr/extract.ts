import { matchLabel, mayStartLabel, type BannerField, BANNER_FIELDS, LABEL_VOCABULARY, OTHER_BANNER_LABELS } from './labels';
import {
  parseBirthDate,
  parseIdentifier,
  parsePatientName,
  parsePostalCode,
  parseSex,
  type BirthDate,
  type DateOrder,
  type PatientName,
  type PostalCode,
} from './parse';
import type { Sex } from './patient';
import { isLetter, letterRuns } from './letters';

/** The banner fields a page yielded, each already parsed. */
export interface BannerFields {
  name?: PatientName;
  birthDate?: BirthDate;
  sex?: Sex;
  mrn?: string;
  postalCode?: PostalCode;
}

/** How a value was located; kept for tests and for the confidence, never shown with PHI. */
export type FoundBy =
  | 'selector'
  | 'key-value-text'
  | 'next-to-label'
  | 'table-column'
  | 'label-for'
  | 'aria-label'
  | 'heading'
  | 'unlabelled';

/** Why the chosen element was taken for the patient banner. */
export type BannerChoice = 'hinted' | 'densest' | 'given';

/** Why no banner was read: none found, or the page lists several patients (schedule, worklist). */
export type BannerProblem = 'no-banner' | 'several-patients';

export interface BannerExtraction {
  /** The element read from; `null` when no element looked like a patient banner. */
  banner: Element | null;
  bannerChoice: BannerChoice | null;
  bannerProblem: BannerProblem | null;
  fields: BannerFields;
  foundBy: Partial<Record<BannerField, FoundBy>>;
  found: BannerField[];
  missing: BannerField[];
  /** Fields for which the banner holds two different values (a list of patients, not one). */
  conflicts: BannerField[];
  /** Values seen and refused, with the parser's reason. Holds page text: never log or send it. */
  refused: { field: BannerField; reason: string }[];
  /** True when the name came from a heading outside the banner. */
  nameOutsideBanner: boolean;
  /** 0..1, see {@link extractionConfidence}. */
  confidence: number;
}

export interface ExtractOptions {
  /** ISO date birth dates must not be after; default: the machine's date. */
  today?: string;
  dateOrder?: DateOrder;
}

/** Elements whose role, tag or naming says "patient banner"; tested only on ancestors of labels. */
const BANNER_HINTS = [
  'header', '[role="banner"]', '[class*="patient" i]', '[id*="patient" i]', '[aria-label*="patient" i]',
  '[class*="banner" i]', '[id*="banner" i]', '[class*="demographic" i]', '[id*="demographic" i]',
  '[aria-label*="demographic" i]', '[data-testid*="patient" i]', '[aria-label*="paciente" i]',
].join(',');

const NAME_HINTS = 'h1,h2,h3,h4,[class*="name" i],[id*="name" i],[data-testid*="name" i],[aria-label*="name" i]';

const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'OPTION', 'TITLE']);
const FORM_VALUE_TAGS = new Set(['INPUT', 'SELECT', 'TEXTAREA']);
const SHOW_TEXT = 4;
const MAX_VALUE_LENGTH = 200;

/** Words that make a heading a screen title rather than a person ("Patient Summary"). */
const UI_WORDS = new Set(
  ('patient patients summary chart dashboard demographics overview medical record records details ' +
    'information info encounter encounters visit visits home welcome search results list schedule ' +
    'inbox orders notes note medications allergies problems history profile banner menu settings ' +
    'clinical care team sign logout login report reports referral referrals screening form new add ' +
    'edit view paciente resumen expediente datos').split(' '),
);

interface LabelHit {
  field: BannerField | null;
  /** The node holding only the label (climbed from the text node while nothing else is inside). */
  node: Node;
  /** Text after "Label:" in the same text node, when any. */
  inlineValue: string;
  by: FoundBy;
  /** For aria-label hits: the element whose text is the value. */
  valueElement?: Element;
}

const trimmed = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

function ownerDocumentOf(root: ParentNode): Document {
  const node = root as unknown as Node;
  return node.ownerDocument ?? (root as Document);
}

const NON_SPACE = /\S/;
const HAS_NUMBER = /[\d#]/;

const DIGIT = /\d/;

/** Labels start with a letter and hold no digit; most text on a chart fails this at once. */
function cannotBeLabel(text: string): boolean {
  const first = text.codePointAt(0);
  if (first === undefined) return true;
  const letter = first < 0x80 ? ((first | 32) >= 97 && (first | 32) <= 122) : isLetter(String.fromCodePoint(first));
  return !letter || DIGIT.test(text);
}

/** Splits "DOB: 02/03/1990" into a recognised label and the rest; null when it has no label. */
function labelIn(text: string): { field: BannerField | null; rest: string } | null {
  const t = text.trim();
  if (!t || t.length > 120 || !mayStartLabel(t)) return null;
  const colon = t.search(/[:：]/);
  if (colon > 0 && colon <= 40) {
    const head = t.slice(0, colon);
    const match = cannotBeLabel(head) ? null : matchLabel(head);
    if (match?.ok) return { field: match.field, rest: t.slice(colon + 1).trim() };
  }
  if (t.length <= 40 && !cannotBeLabel(t)) {
    const match = matchLabel(t);
    if (match.ok) return { field: match.field, rest: '' };
  }
  // "DOB 02/03/1990", "MRN #000123": a label and a value starting with a digit, no colon. Values
  // that start with a letter are not read this way ("Name change requested" is not a name).
  const bare = t.length <= 60 && HAS_NUMBER.test(t) ? labelThenNumber(t) : null;
  if (bare) {
    const match = matchLabel(bare.label);
    if (match.ok && match.field) return { field: match.field, rest: bare.rest.trim() };
  }
  return null;
}

// The two label searches below would be one regular expression each, an alternation of every
// label with the `iu` flags; V8 takes milliseconds to compile those, in every new EHR tab. They
// look labels up in a Set of lower-cased labels instead, and keep the expression, compiled on
// first use, only for text whose lower-case form changes length (so indices would not line up).
const escapeLabel = (l: string): string => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const byLengthDescending = (labels: readonly string[]): string[] => [...labels].sort((a, b) => b.length - a.length);

interface LabelLookup {
  labels: Set<string>;
  /** Distinct label lengths, longest first: the longest label wins, as in the alternation. */
  lengths: number[];
  /** Lower-cased labels, longest first. */
  ordered: string[];
}
const lookup = (labels: readonly string[]): LabelLookup => {
  const ordered = byLengthDescending(labels.map((l) => l.toLowerCase()));
  return { labels: new Set(ordered), lengths: [...new Set(ordered.map((l) => l.length))], ordered };
};
let fieldLabels: LabelLookup | undefined;
let anyLabels: LabelLookup | undefined;
const fieldLabelLookup = (): LabelLookup => (fieldLabels ??= lookup(BANNER_FIELDS.flatMap((f) => LABEL_VOCABULARY[f])));
const anyLabelLookup = (): LabelLookup => (anyLabels ??= lookup([...BANNER_FIELDS.flatMap((f) => LABEL_VOCABULARY[f]), ...OTHER_BANNER_LABELS]));

let keyInTextFallback: RegExp | undefined;
let labelThenNumberFallback: RegExp | undefined;
const WHITESPACE = /\s/;
const NUMBER_VALUE = /^\s+([#\d].*)$/;

/** True when the character before `index` is a letter or digit (so a label cannot start there). */
function wordCharacterBefore(text: string, index: number): boolean {
  if (index === 0) return false;
  const low = text.charCodeAt(index - 1);
  const ch = low >= 0xdc00 && low <= 0xdfff && index >= 2 ? text.slice(index - 2, index) : text.charAt(index - 1);
  return isLetter(ch) || DIGIT.test(ch);
}

/** "DOB 02/03/1990", "MRN #000123": the field label a text starts with and the number after it (exported for its test). */
export function labelThenNumber(text: string): { label: string; rest: string } | null {
  const lower = text.toLowerCase();
  if (lower.length !== text.length) {
    labelThenNumberFallback ??= new RegExp(`^(${fieldLabelLookup().ordered.map(escapeLabel).join('|')})\\s+([#\\d].*)$`, 'iu');
    const m = labelThenNumberFallback.exec(text);
    return m ? { label: m[1] ?? '', rest: m[2] ?? '' } : null;
  }
  for (const label of fieldLabelLookup().ordered) {
    if (!lower.startsWith(label)) continue;
    const value = NUMBER_VALUE.exec(text.slice(label.length));
    if (value) return { label: text.slice(0, label.length), rest: value[1] ?? '' };
  }
  return null;
}

/** Each known label followed by a colon in `text`, left to right: where it starts, where its colon ends (exported for its test). */
export function labelsBeforeColons(text: string): { index: number; end: number; label: string }[] {
  const starts: { index: number; end: number; label: string }[] = [];
  const lower = text.toLowerCase();
  if (lower.length !== text.length) {
    keyInTextFallback ??= new RegExp(`(?<![\\p{L}\\d])(${anyLabelLookup().ordered.map(escapeLabel).join('|')})\\s*[:：]`, 'giu');
    keyInTextFallback.lastIndex = 0;
    for (let m = keyInTextFallback.exec(text); m; m = keyInTextFallback.exec(text)) {
      starts.push({ index: m.index, end: m.index + m[0].length, label: m[1] ?? '' });
    }
    return starts;
  }
  const { labels, lengths } = anyLabelLookup();
  let from = 0;
  for (let colon = 0; colon < text.length; colon++) {
    if (text[colon] !== ':' && text[colon] !== '：') continue;
    // Labels hold no colon and do not end in a space: a label before this colon ends where the
    // spaces before the colon begin.
    let end = colon;
    while (end > from && WHITESPACE.test(text.charAt(end - 1))) end--;
    for (const length of lengths) {
      const index = end - length;
      if (index < from || !labels.has(lower.slice(index, end)) || wordCharacterBefore(text, index)) continue;
      starts.push({ index, end: colon + 1, label: text.slice(index, end) });
      from = colon + 1;
      break;
    }
  }
  return starts;
}

/** Splits a text node holding several "Key: value" pairs; null when it holds fewer than two. */
function keyValuePairs(text: string): { field: BannerField | null; rest: string }[] | null {
  const starts = labelsBeforeColons(text);
  if (starts.length < 2) return null;
  return starts.map((s, i) => {
    const match = matchLabel(s.label);
    const rest = text.slice(s.end, starts[i + 1]?.index ?? text.length).replace(/[\s|·•;,]+$/, '').trim();
    return { field: match.ok ? match.field : null, rest };
  });
}

/** Every label on the page under `root`: text nodes and aria-labels, in one pass each. */
function collectLabelHits(root: ParentNode): LabelHit[] {
  const hits: LabelHit[] = [];
  const doc = ownerDocumentOf(root);
  // The <head> holds no banner; its <title> often repeats words like "Chart".
  const start = (root as unknown) === doc && doc.body ? doc.body : (root as unknown as Node);
  const walker = doc.createTreeWalker(start, SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const data = text.nodeValue ?? '';
    if (data.length > 160 || data.length === 0) continue;
    const severalPairs = data.indexOf(':') !== data.lastIndexOf(':');
    const first = data.search(NON_SPACE);
    if (!severalPairs && (first < 0 || !mayStartLabel(data.substr(first, 2)))) continue;
    const parent = text.parentElement;
    if (!parent || SKIPPED_TAGS.has(parent.tagName)) continue;
    if (severalPairs) {
      const pairs = keyValuePairs(data);
      if (pairs) {
        for (const pair of pairs) hits.push({ field: pair.field, node: text, inlineValue: pair.rest, by: 'key-value-text' });
        continue;
      }
    }
    const label = labelIn(data);
    if (!label) continue;
    let node: Node = text;
    if (!label.rest) {
      const own = data.trim();
      for (let up = node.parentElement; up && up !== (root as unknown) && trimmed(up.textContent) === own; up = up.parentElement) {
        node = up;
      }
    }
    hits.push({ field: label.field, node, inlineValue: label.rest, by: label.rest ? 'key-value-text' : 'next-to-label' });
  }
  for (const el of Array.from(root.querySelectorAll('[aria-label]'))) {
    const label = labelIn(el.getAttribute('aria-label') ?? '');
    if (!label || !label.field) continue;
    hits.push({ field: label.field, node: el, inlineValue: label.rest, by: 'aria-label', valueElement: el });
  }
  return hits;
}

function depthOf(el: Element): number {
  let d = 0;
  for (let p = el.parentElement; p; p = p.parentElement) d += 1;
  return d;
}

/**
 * Chooses the element holding the patient banner: among elements whose tag, role, class, id or
 * aria-label says banner/patient/demographics, the one whose labels name the most distinct fields
 * (the innermost on a tie); failing that, the innermost element whose labels name the most
 * distinct fields, if at least two. Returns no banner, with the problem, on pages with no such
 * cluster or with several patients' labels.
 */
export function findPatientBanner(root: ParentNode): {
  banner: Element | null;
  choice: BannerChoice | null;
  hits: LabelHit[];
  problem: BannerProblem | null;
} {
  const hits = collectLabelHits(root);
  const fieldsUnder = new Map<Element, Set<BannerField>>();
  for (const hit of hits) {
    if (!hit.field) continue;
    const start = hit.node.nodeType === 1 ? (hit.node as Element) : hit.node.parentElement;
    for (let el = start; el; el = el.parentElement) {
      let set = fieldsUnder.get(el);
      if (!set) fieldsUnder.set(el, (set = new Set()));
      set.add(hit.field);
      if (el === (root as unknown)) break;
    }
  }
  // A hinted element needs one labelled field (banners often show the name and age unlabelled);
  // an unhinted one needs two, so a stray "ID:" on a page is not taken for a banner.
  const best = (onlyHinted: boolean): { el: Element; count: number } | null => {
    let chosen: Element | null = null;
    let chosenCount = onlyHinted ? 0 : 1;
    let chosenDepth = -1;
    for (const [el, fields] of fieldsUnder) {
      // Only ancestors of labels are candidates, so this runs a few dozen times, not per element.
      if (onlyHinted && !el.matches(BANNER_HINTS)) continue;
      const count = fields.size;
      if (count < chosenCount) continue;
      const depth = depthOf(el);
      if (count > chosenCount || depth > chosenDepth) {
        chosen = el;
        chosenCount = count;
        chosenDepth = depth;
      }
    }
    return chosen && chosenCount >= (onlyHinted ? 1 : 2) ? { el: chosen, count: chosenCount } : null;
  };
  // A hinted element wins unless an unhinted one outside it holds more distinct fields (a hinted
  // app header with one stray label must not beat the real, unhinted banner). An ancestor with more
  // fields does not count: that is the hinted banner plus stray labels elsewhere on the page.
  const hinted = best(true);
  const densest = best(false);
  const overruled = hinted && densest && densest.count > hinted.count && !densest.el.contains(hinted.el);
  const hintedBanner = hinted && !overruled ? hinted.el : null;
  const banner = hintedBanner ?? densest?.el ?? null;
  if (!banner) return { banner: null, choice: null, hits, problem: 'no-banner' };
  // Birth-date or MRN labels repeated outside the banner mean the page lists several patients
  // (a schedule, a worklist): reading the first would put the wrong patient on screen.
  const outside = new Map<BannerField, number>();
  for (const hit of hits) {
    if ((hit.field === 'birthDate' || hit.field === 'mrn') && !banner.contains(hit.node)) {
      if (parseFieldValue(hit.field, valueForLabel(hit).text).ok) outside.set(hit.field, (outside.get(hit.field) ?? 0) + 1);
    }
  }
  if ([...outside.values()].some((n) => n >= 2)) return { banner: null, choice: null, hits, problem: 'several-patients' };
  return { banner, choice: hintedBanner ? 'hinted' : 'densest', hits, problem: null };
}

function formValue(el: Element): string {
  if (el.tagName === 'SELECT') {
    const select = el as HTMLSelectElement;
    return trimmed(select.selectedOptions?.[0]?.textContent ?? select.value);
  }
  return trimmed((el as HTMLInputElement).value);
}

function textOf(node: Node): string {
  if (node.nodeType === 1 && FORM_VALUE_TAGS.has((node as Element).tagName)) return formValue(node as Element);
  const t = trimmed(node.textContent);
  return t.length > MAX_VALUE_LENGTH ? '' : t;
}

function isLabelText(text: string): boolean {
  return labelIn(text) !== null && !/\d/.test(text);
}

/** The value a label names, following the layouts EHR banners use. '' when none is found. */
function valueForLabel(hit: LabelHit): { text: string; by: FoundBy } {
  if (hit.inlineValue) return { text: hit.inlineValue, by: hit.by };
  if (hit.valueElement) {
    const own = textOf(hit.valueElement);
    return { text: own && !isLabelText(own) ? own : '', by: 'aria-label' };
  }
  const node = hit.node;
  const el = node.nodeType === 1 ? (node as Element) : null;

  if (el?.tagName === 'LABEL') {
    const doc = el.ownerDocument;
    const target = el.getAttribute('for') ? doc.getElementById(el.getAttribute('for') ?? '') : el.querySelector('input,select,textarea');
    if (target) return { text: textOf(target), by: 'label-for' };
  }

  let next: Node | null = node.nextSibling;
  while (next && !trimmed(next.textContent) && !(next.nodeType === 1 && FORM_VALUE_TAGS.has((next as Element).tagName))) {
    next = next.nextSibling;
  }
  const cell = el && (el.tagName === 'TH' || el.tagName === 'TD') ? el : null;
  const nextText = next ? textOf(next) : '';
  const headerRow = cell && (cell.tagName === 'TH' && !cell.parentElement?.querySelector('td') || (nextText && isLabelText(nextText)));
  if (cell && headerRow) return { text: columnValue(cell), by: 'table-column' };
  if (next && nextText && !isLabelText(nextText)) return { text: nextText, by: 'next-to-label' };
  return { text: '', by: 'next-to-label' };
}

/** Header-above-value tables: the cell in the same column of the next row. */
function columnValue(cell: Element): string {
  const row = cell.parentElement;
  if (!row) return '';
  const index = Array.prototype.indexOf.call(row.children, cell) as number;
  let nextRow = row.nextElementSibling;
  if (!nextRow && row.parentElement?.tagName === 'THEAD') {
    nextRow = row.parentElement.parentElement?.querySelector('tbody tr') ?? null;
  }
  // A header with several value rows is a list of patients, not one patient's banner.
  if (nextRow?.nextElementSibling) return '';
  const valueCell = nextRow?.children[index];
  return valueCell ? textOf(valueCell) : '';
}

type ParsedField =
  | { field: 'name'; value: PatientName; key: string }
  | { field: 'birthDate'; value: BirthDate; key: string }
  | { field: 'sex'; value: Sex; key: string }
  | { field: 'mrn'; value: string; key: string }
  | { field: 'postalCode'; value: PostalCode; key: string };

/** Parses a value read for `field`; a refusal carries the parser's reason. */
export function parseFieldValue(
  field: BannerField,
  text: string,
  options: ExtractOptions = {},
): { ok: true; parsed: ParsedField } | { ok: false; reason: string } {
  switch (field) {
    case 'name': {
      const r = parsePatientName(text);
      return r.ok ? { ok: true, parsed: { field, value: r.value, key: r.value.display.toLowerCase() } } : r;
    }
    case 'birthDate': {
      const r = parseBirthDate(text, { today: options.today, order: options.dateOrder });
      return r.ok ? { ok: true, parsed: { field, value: r.value, key: r.value.iso } } : r;
    }
    case 'sex': {
      const r = parseSex(text);
      return r.ok ? { ok: true, parsed: { field, value: r.value, key: r.value } } : r;
    }
    case 'mrn': {
      const r = parseIdentifier(text);
      return r.ok ? { ok: true, parsed: { field, value: r.value.value, key: r.value.value.toUpperCase() } } : r;
    }
    case 'postalCode': {
      const r = parsePostalCode(text);
      return r.ok ? { ok: true, parsed: { field, value: r.value, key: r.value.zip5 } } : r;
    }
  }
}

/** Collects parsed values per field, noticing when one field has two different values. */
class FieldCollector {
  readonly fields: BannerFields = {};
  readonly foundBy: Partial<Record<BannerField, FoundBy>> = {};
  readonly refused: { field: BannerField; reason: string }[] = [];
  private readonly keys = new Map<BannerField, string>();
  private readonly conflicting = new Set<BannerField>();

  constructor(private readonly options: ExtractOptions) {}

  offer(field: BannerField, text: string, by: FoundBy): boolean {
    if (!text) return false;
    const result = parseFieldValue(field, text, this.options);
    if (!result.ok) {
      this.refused.push({ field, reason: result.reason });
      return false;
    }
    const known = this.keys.get(field);
    if (known !== undefined) {
      if (known !== result.parsed.key && known !== '\u0000preset') this.conflicting.add(field);
      return true;
    }
    this.keys.set(field, result.parsed.key);
    (this.fields as Record<string, unknown>)[field] = result.parsed.value;
    this.foundBy[field] = by;
    return true;
  }

  /** Takes a value an adapter already read and parsed; later values for the field are ignored. */
  preset(field: BannerField, value: unknown, by: FoundBy): void {
    this.keys.set(field, '\u0000preset');
    (this.fields as Record<string, unknown>)[field] = value;
    this.foundBy[field] = by;
  }

  has(field: BannerField): boolean {
    return this.keys.has(field);
  }

  get conflicts(): BannerField[] {
    return [...this.conflicting];
  }
}

/** "Medical Record Dashboard - Belford, Phil" → try each part; skip screen titles. */
function nameFromHeading(text: string): PatientName | null {
  if (!text || text.length > 100) return null;
  for (const part of text.split(/\s[-–—|·•]\s|\s{2,}/)) {
    const words = letterRuns(part.toLowerCase());
    if (words.length === 0 || words.some((w) => UI_WORDS.has(w))) continue;
    if (isLabelText(part)) continue;
    const parsed = parsePatientName(part);
    if (parsed.ok) return parsed.value;
  }
  return null;
}

/** The banner's leading text, before its first label: where key-above-value banners put the name. */
function leadingName(banner: Element): PatientName | null {
  const walker = banner.ownerDocument.createTreeWalker(banner, SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const t = trimmed(text.nodeValue);
    if (!t) continue;
    if (labelIn(t)) return null;
    return nameFromHeading(t);
  }
  return null;
}

/** A heading or name-classed element directly in `scope` whose text is not a readable name. */
function hasUnreadableNameHeading(scope: Element): boolean {
  for (const el of Array.from(scope.querySelectorAll(':scope > h1, :scope > h2, :scope > [class*="name" i]'))) {
    const text = trimmed(el.textContent);
    if (text && !nameFromHeading(text)) return true;
  }
  return false;
}

function findUnlabelledName(scope: ParentNode): PatientName | null {
  // Headings and name-classed elements first, then the bold text or link many banners lead with.
  for (const selector of [NAME_HINTS, 'b,strong,a']) {
    for (const el of Array.from(scope.querySelectorAll(selector))) {
      if (el.children.length > 4) continue;
      const name = nameFromHeading(trimmed(el.textContent));
      if (name) return name;
    }
  }
  return null;
}

const AGE_SEX = /^(?:(\d{1,3})\s*(?:y|yo|y\.o\.?|yrs?|years?(?:\s+old)?|a|años)\.?\s*[,/·|]?\s*(female|male|f|m|woman|man|femenino|masculino))$|^(female|male|f|m|femenino|masculino)\s*[,/·|]?\s*(\d{1,3})\s*(?:y|yo|y\.o\.?|yrs?|years?(?:\s+old)?|a|años)\.?$|^(female|male|femenino|masculino)$/i;

/** Banners often show "36 y.o. F" or a date with an age and no label; read those last. */
function readUnlabelled(banner: Element, collect: FieldCollector): void {
  const walker = banner.ownerDocument.createTreeWalker(banner, SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const t = trimmed(text.nodeValue);
    if (!t || t.length > 40) continue;
    if (!collect.has('sex')) {
      const m = AGE_SEX.exec(t);
      if (m) collect.offer('sex', m[2] ?? m[3] ?? m[5] ?? '', 'unlabelled');
    }
    if (!collect.has('birthDate') && /\d/.test(t) && /[([]|\byo\b|\by\b|years/i.test(t)) {
      const r = parseBirthDate(t);
      if (r.ok && r.value.statedAge !== null) collect.offer('birthDate', t, 'unlabelled');
    }
  }
}

/**
 * Confidence that the fields describe the one patient on screen: higher for a hinted banner, a
 * name, birth date and MRN; lower for a name found outside the banner, a two-digit year or a
 * swapped day/month, a large "banner"; near zero when the banner holds two patients' values.
 */
export function extractionConfidence(x: Pick<BannerExtraction, 'bannerChoice' | 'fields' | 'conflicts' | 'nameOutsideBanner' | 'banner'>): number {
  let c = x.bannerChoice === 'given' ? 0.6 : x.bannerChoice === 'hinted' ? 0.45 : x.bannerChoice === 'densest' ? 0.3 : 0.1;
  const f = x.fields;
  if (f.name) c += x.nameOutsideBanner ? 0.05 : 0.15;
  if (f.birthDate) c += f.birthDate.centuryInferred || f.birthDate.orderSwapped ? 0.08 : 0.15;
  if (f.mrn) c += 0.15;
  if (f.sex && f.sex !== 'unknown') c += 0.05;
  if (f.postalCode) c += 0.03;
  if (x.banner && x.bannerChoice !== 'given' && x.banner.getElementsByTagName('*').length > 400) c -= 0.15;
  if (x.conflicts.length > 0) c *= 0.3;
  return Math.round(Math.max(0, Math.min(x.bannerChoice === 'given' ? 1 : 0.95, c)) * 100) / 100;
}

/**
 * Reads the banner fields inside one known banner element (an adapter's, or the one
 * {@link findPatientBanner} chose): labelled values first, then a heading for the name, then
 * unlabelled "36 y.o. F" and "02/03/1990 (36 y)". Reads nothing outside `banner` except, when the
 * banner has no name, a name heading among its ancestors' (up to 3 levels) or the page's `h1`.
 */
export function readBanner(
  banner: Element,
  options: ExtractOptions & { hits?: LabelHit[]; choice?: BannerChoice; preset?: BannerFields; presetBy?: FoundBy } = {},
): BannerExtraction {
  const collect = new FieldCollector(options);
  if (options.preset) {
    for (const [field, value] of Object.entries(options.preset) as [BannerField, unknown][]) {
      if (value !== undefined) collect.preset(field, value, options.presetBy ?? 'selector');
    }
  }
  const hits = (options.hits ?? collectLabelHits(banner)).filter((h) => h.field && banner.contains(h.node));
  for (const hit of hits) {
    const field = hit.field as BannerField;
    if (options.preset?.[field] !== undefined) continue;
    const { text, by } = valueForLabel(hit);
    collect.offer(field, text, by);
  }
  let nameOutsideBanner = false;
  if (!collect.has('name')) {
    const inside = findUnlabelledName(banner) ?? leadingName(banner);
    if (inside) {
      collect.fields.name = inside;
      collect.foundBy.name = 'heading';
    } else if (!hasUnreadableNameHeading(banner) && !(banner.parentElement && hasUnreadableNameHeading(banner.parentElement))) {
      // Looking further out is only safe when nothing next to the banner claims to be the name:
      // an unreadable name heading there (markup, a placeholder) must not be replaced by some
      // other page text, such as the application's own title.
      let scope: Element | null = banner.parentElement;
      for (let level = 0; scope && level < 3 && !collect.fields.name; level++, scope = scope.parentElement) {
        const outside = findUnlabelledName(scope) ?? (level === 0 ? leadingName(scope) : null);
        if (outside) {
          collect.fields.name = outside;
          collect.foundBy.name = 'heading';
          nameOutsideBanner = true;
        }
      }
      const h1 = collect.fields.name ? null : banner.ownerDocument.querySelector('h1');
      const fromH1 = h1 ? nameFromHeading(trimmed(h1.textContent)) : null;
      if (fromH1) {
        collect.fields.name = fromH1;
        collect.foundBy.name = 'heading';
        nameOutsideBanner = true;
      }
    }
  }
  if (!collect.has('sex') || !collect.has('birthDate')) readUnlabelled(banner, collect);
  const found = BANNER_FIELDS.filter((f) => collect.fields[f] !== undefined);
  const partial = {
    banner,
    bannerChoice: options.choice ?? ('given' as BannerChoice),
    fields: collect.fields,
    conflicts: collect.conflicts,
    nameOutsideBanner,
  };
  return {
    ...partial,
    bannerProblem: null,
    foundBy: collect.foundBy,
    found,
    missing: BANNER_FIELDS.filter((f) => !found.includes(f)),
    refused: collect.refused,
    confidence: extractionConfidence(partial),
  };
}

/**
 * The generic extractor, for EHRs Bridge has no adapter for: chooses the patient banner under
 * `root` ({@link findPatientBanner}) and reads it ({@link readBanner}). Label/value layouts read:
 * `<dl>`, table rows (th/td) and header-above-value columns, `aria-label`, `<label for>` and
 * wrapped inputs, "Key: value" text, key-above-value blocks. Never throws on odd markup.
 */
export function extractPatient(root: ParentNode, options: ExtractOptions = {}): BannerExtraction {
  const { banner, choice, hits, problem } = findPatientBanner(root);
  if (!banner) {
    return {
      banner: null,
      bannerChoice: null,
      bannerProblem: problem,
      fields: {},
      foundBy: {},
      found: [],
      missing: [...BANNER_FIELDS],
      conflicts: [],
      refused: [],
      nameOutsideBanner: false,
      confidence: 0,
    };
  }
  return readBanner(banner, { ...options, hits, choice: choice ?? 'densest' });
}
