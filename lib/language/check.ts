import { stigmaTerms, type LanguageSource, type StigmaTerm, type TermLanguage } from './terms';

/**
 * Why a span of text is exempt from the check. Exempt spans hold words Bridge did not choose and
 * must not change:
 * - `code-title`: an ICD-10-CM code title quoted as a code ("F10.20 Alcohol dependence,
 *   uncomplicated"); the title is the code's official name, not a description of the person.
 * - `instrument-item`: the published wording of a validated instrument (DAST-10 keeps "abuse");
 *   changing it would invalidate the instrument.
 * - `quotation`: someone else's words quoted as written (the patient's own words, a letter received).
 * - `proper-name`: a name (an agency, a program, a meeting).
 */
export type AllowKind = 'code-title' | 'instrument-item' | 'quotation' | 'proper-name';

/** A span `[start, end)` of the text, in UTF-16 offsets like `String.prototype.slice`. */
export interface AllowSpan {
  start: number;
  end: number;
  kind: AllowKind;
}

export interface CheckOptions {
  lang: TermLanguage;
  /** Spans the caller marks as exempt (see {@link AllowKind}). */
  allow?: readonly AllowSpan[];
  /**
   * Find ICD-10-CM code titles next to an F1x/Z72 code and exempt them (default true):
   * "F10.20 Alcohol dependence, uncomplicated", "F11.10: Opioid abuse, uncomplicated",
   * "Opioid abuse, uncomplicated (F11.10)".
   */
  detectCodeTitles?: boolean;
  /** Exempt text between double quotes ("…", “…”, «…») as quotations (default false: opt in). */
  detectQuotations?: boolean;
  /** The term list (default: Bridge's list); for tests and clinic additions. */
  terms?: readonly StigmaTerm[];
}

export interface StigmaFinding {
  /** The listed form that matched, as written in the term list. */
  term: string;
  start: number;
  end: number;
  suggestion: string;
  source: LanguageSource[];
  termId: string;
  severity: 'avoid' | 'consider';
}

// Letters, marks and digits (any script) make a word; anything else is a boundary.
const WORD_CHAR = '[\\p{L}\\p{M}\\p{N}_]';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A form as a regex source: literal words, any whitespace run between them, whole-word. */
function formSource(form: string): string {
  return form.split(' ').map(escapeRegExp).join('\\s+');
}

/** What counts as "the same words": case-insensitive, whitespace runs collapsed. */
export function foldForCompare(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ');
}

interface CompiledTerm {
  term: StigmaTerm;
  /** All the entry's forms in one whole-word alternation, longest first (so the longest wins at a position). */
  re: RegExp;
  /** Folded form → the form as listed. */
  formByFolded: Map<string, string>;
  notWithin: RegExp | null;
}

const compiledCache = new WeakMap<readonly StigmaTerm[], CompiledTerm[]>();

function compile(terms: readonly StigmaTerm[]): CompiledTerm[] {
  const cached = compiledCache.get(terms);
  if (cached) return cached;
  const compiled = terms.map((term) => ({
    term,
    re: new RegExp(
      `(?<!${WORD_CHAR})(?:${[...term.forms].sort((a, b) => b.length - a.length).map(formSource).join('|')})(?!${WORD_CHAR})`,
      'giu',
    ),
    formByFolded: new Map(term.forms.map((f) => [foldForCompare(f), f])),
    notWithin: term.notWithin.length
      ? new RegExp(`(?<!${WORD_CHAR})(?:${[...term.notWithin].sort((a, b) => b.length - a.length).map(formSource).join('|')})(?!${WORD_CHAR})`, 'giu')
      : null,
  }));
  compiledCache.set(terms, compiled);
  return compiled;
}

// An ICD-10-CM substance code (F10–F19 with optional subcodes) or Z72.0 "Tobacco use".
const ICD_CODE = '(?:F1\\d(?:\\.[0-9A-Z]{1,4})?|Z72\\.0)';
// The part of an F1x code title that holds "abuse"/"dependence": the substance and the condition
// (ICD-10-CM FY2024, F10–F19), in English and in Spanish (CIE-10-MC: "Abuso de alcohol", "Dependencia
// de opioides"). Qualifiers after a comma ("uncomplicated", "in remission") hold no listed word.
const EN_TITLE =
  '(?:other psychoactive substance|psychoactive substance|sedative, hypnotic,? or anxiolytic|sedative|other stimulant|stimulant|' +
  'alcohol|opioid|opiate|cannabis|cocaine|hallucinogen|nicotine|inhalant|tobacco|drug)\\s+(?:abuse|dependence|use)';
const ES_TITLE =
  '(?:abuso|dependencia|uso|consumo)\\s+(?:de(?:l| la| los| las)?|a(?:l| los| las)?)\\s+' +
  '(?:otras sustancias psicoactivas|sustancias psicoactivas|otros estimulantes|estimulantes|sedantes|hipnóticos|ansiolíticos|' +
  'alcohol|opioides|opiáceos|cannabis|cannabinoides|cocaína|alucinógenos|nicotina|tabaco|inhalantes|drogas)';
const TITLE = `(?:${EN_TITLE}|${ES_TITLE})`;
// "F10.20 Alcohol dependence, uncomplicated", "F11.10: Opioid abuse", "F10.20 – Dependencia del alcohol".
const CODE_THEN_TITLE = new RegExp(`(?<![\\p{L}\\p{N}])${ICD_CODE}[ \\t]*[:\\-–—]?[ \\t]*(${TITLE})(?![\\p{L}\\p{N}])`, 'giu');
// "Opioid abuse, uncomplicated (F11.10)".
const TITLE_THEN_CODE = new RegExp(`(?<![\\p{L}\\p{N}])(${TITLE})(?:,[^\\n;:().!?"“”]{0,60})?[ \\t]*\\([ \\t]*${ICD_CODE}[ \\t]*\\)`, 'giu');

/**
 * Code-title spans: the "<substance> abuse/dependence" part of an ICD-10-CM F1x code title written
 * right after its code ("F10.20 Alcohol dependence") or right before it in brackets ("Opioid abuse,
 * uncomplicated (F11.10)"). A title anywhere else is prose and is checked.
 */
export function codeTitleSpans(text: string): AllowSpan[] {
  const spans: AllowSpan[] = [];
  for (const m of text.matchAll(CODE_THEN_TITLE)) {
    const title = m[1] ?? '';
    const start = m.index + m[0].length - title.length;
    spans.push({ start, end: start + title.length, kind: 'code-title' });
  }
  for (const m of text.matchAll(TITLE_THEN_CODE)) {
    spans.push({ start: m.index, end: m.index + (m[1] ?? '').length, kind: 'code-title' });
  }
  return spans;
}

const QUOTED = /"[^"\n]*"|“[^”\n]*”|«[^»\n]*»/gu;

/** Quotation spans: text between straight, curly or angle double quotes on one line. */
export function quotationSpans(text: string): AllowSpan[] {
  return [...text.matchAll(QUOTED)].map((m) => ({ start: m.index, end: m.index + m[0].length, kind: 'quotation' as const }));
}

const inside = (spans: readonly { start: number; end: number }[], start: number, end: number) =>
  spans.some((s) => s.start <= start && end <= s.end);

/**
 * Stigmatizing terms in `text` for one language, in text order, with what to say instead and the
 * source. Matching is whole-word and case-insensitive; when forms overlap the longest wins
 * ("substance abuse" rather than "abuse"). Not flagged: matches inside an allowed span (passed in,
 * or a detected ICD-10-CM code title) and matches inside an entry's `notWithin` phrase. Never throws
 * on any string; offsets are UTF-16 like `slice`.
 */
export function findStigmatizingTerms(text: string, options: CheckOptions): StigmaFinding[] {
  const allow: AllowSpan[] = [...(options.allow ?? [])];
  if (options.detectCodeTitles ?? true) allow.push(...codeTitleSpans(text));
  if (options.detectQuotations ?? false) allow.push(...quotationSpans(text));

  const candidates: StigmaFinding[] = [];
  // Compiled once per term list (the cache is keyed by the list, so filter by language here).
  for (const { term, re, formByFolded, notWithin } of compile(options.terms ?? stigmaTerms)) {
    if (term.lang !== options.lang) continue;
    const exempt = notWithin ? [...text.matchAll(notWithin)].map((m) => ({ start: m.index, end: m.index + m[0].length })) : [];
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      // Unicode case folding can equate characters that lower-case differently (e.g. "ſ" and "s");
      // report only what reads as a listed form.
      const form = formByFolded.get(foldForCompare(m[0]));
      if (form === undefined || inside(exempt, start, end) || inside(allow, start, end)) continue;
      candidates.push({ term: form, start, end, suggestion: term.suggestion, source: [...term.sources], termId: term.id, severity: term.severity });
    }
  }
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const findings: StigmaFinding[] = [];
  let reached = -1;
  for (const c of candidates) {
    if (c.start < reached) continue;
    findings.push(c);
    reached = c.end;
  }
  return findings;
}
