import type { Sex } from '../ehr/patient';
import {
  patientRuleMatches,
  type AnswerValue,
  type Answers,
  type Condition,
  type Instrument,
  type InstrumentItem,
  type SbirtAction,
  type Threshold,
} from './instrument';

/** The patient facts scoring depends on, and a clinic's cut-off overrides keyed by cut-off rule id. */
export interface ScoringContext {
  sex: Sex;
  ageYears: number | null;
  cutoffOverrides?: Readonly<Record<string, number>>;
}

export type IncompleteScreening = {
  status: 'incomplete';
  instrumentId: string;
  /** Items that are asked (not skipped) and still unanswered, in form order. */
  missing: string[];
};

export type CompleteScreening = {
  status: 'complete';
  instrumentId: string;
  instrumentVersion: string;
  score: number;
  subscores: Record<string, number>;
  riskLevel: string;
  riskLabel: string;
  positive: boolean;
  /** The positive cut-off used for this patient, and the rule it came from. */
  cutoff: { id: string; atLeast: number };
  action: SbirtAction;
  guidance: string;
  rationale: string;
  advisories: string[];
  /** Only the answers to asked items: enough to re-score the result and export it. */
  answers: Record<string, AnswerValue>;
};

export type ScreeningResult = IncompleteScreening | CompleteScreening;

/** Thrown for an answer the item cannot take (unknown option, out-of-range count, unknown item). */
export class InvalidAnswerError extends Error {
  override readonly name = 'InvalidAnswerError';
  constructor(
    readonly instrumentId: string,
    readonly itemId: string,
    message: string,
  ) {
    super(`${instrumentId} item '${itemId}': ${message}`);
  }
}

/** Thrown when a clinic's cut-off override is unknown or outside what the source allows. */
export class CutoffOverrideError extends Error {
  override readonly name = 'CutoffOverrideError';
}

function checkAnswer(instrument: Instrument, item: InstrumentItem, value: AnswerValue): void {
  if (item.kind === 'choice') {
    if (typeof value !== 'string' || !item.options.some((o) => o.value === value)) {
      const allowed = item.options.map((o) => o.value).join(', ');
      throw new InvalidAnswerError(instrument.id, item.id, `'${String(value)}' is not one of ${allowed}.`);
    }
  } else if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > item.max) {
    throw new InvalidAnswerError(instrument.id, item.id, `must be a whole number from 0 to ${item.max}, got '${String(value)}'.`);
  }
}

/** Points for an answered item: the option's points, or the number itself for count items. */
function pointsOf(item: InstrumentItem, value: AnswerValue): number {
  if (item.kind === 'count') return value as number;
  return item.options.find((o) => o.value === value)?.points ?? 0;
}

interface EvalContext {
  instrument: Instrument;
  answers: Answers;
  byId: Map<string, InstrumentItem>;
  score?: number;
  cutoff?: number;
}

function resolveThreshold(t: Threshold, ctx: EvalContext): number {
  if (t === 'positive-cutoff') {
    if (ctx.cutoff === undefined) throw new Error('A positive-cutoff threshold can only be used after scoring.');
    return ctx.cutoff;
  }
  return t;
}

function inRange(n: number, atLeast?: number, atMost?: number): boolean {
  return (atLeast === undefined || n >= atLeast) && (atMost === undefined || n <= atMost);
}

function holds(c: Condition, ctx: EvalContext): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, ctx));
  if ('any' in c) return c.any.some((x) => holds(x, ctx));
  if ('not' in c) return !holds(c.not, ctx);
  if ('score' in c) {
    if (ctx.score === undefined) throw new Error('A score condition can only be used after scoring.');
    const { atLeast, below } = c.score;
    return (
      (atLeast === undefined || ctx.score >= resolveThreshold(atLeast, ctx)) &&
      (below === undefined || ctx.score < resolveThreshold(below, ctx))
    );
  }
  if ('points' in c) {
    let sum = 0;
    for (const ref of c.points) {
      const value = ctx.answers[ref];
      const item = ctx.byId.get(ref);
      if (value === undefined || !item) return false;
      sum += pointsOf(item, value);
    }
    return inRange(sum, c.atLeast, c.atMost);
  }
  const value = ctx.answers[c.answer];
  if (value === undefined) return false;
  if ('is' in c) return value === c.is;
  if ('in' in c) return typeof value === 'string' && c.in.includes(value);
  const item = ctx.byId.get(c.answer);
  return item !== undefined && inRange(pointsOf(item, value), c.atLeast, c.atMost);
}

function itemsById(instrument: Instrument): Map<string, InstrumentItem> {
  return new Map(instrument.items.map((i) => [i.id, i]));
}

/**
 * The items asked given the answers so far, in form order. An item is skipped when its `skipIf`
 * holds; answers to skipped items are ignored everywhere (they neither score nor block).
 */
export function visibleItems(instrument: Instrument, answers: Answers): InstrumentItem[] {
  const ctx: EvalContext = { instrument, answers, byId: itemsById(instrument) };
  return instrument.items.filter((item) => !item.skipIf || !holds(item.skipIf, ctx));
}

/** Asked items that are still unanswered; empty means the instrument can be scored. */
export function missingItems(instrument: Instrument, answers: Answers): string[] {
  return visibleItems(instrument, answers)
    .filter((item) => answers[item.id] === undefined)
    .map((item) => item.id);
}

/** The positive cut-off for this patient: the first matching rule, after any clinic override. */
export function positiveCutoff(instrument: Instrument, context: ScoringContext): { id: string; atLeast: number } {
  const overrides = context.cutoffOverrides ?? {};
  for (const key of Object.keys(overrides)) {
    const rule = instrument.cutoffs.find((r) => r.id === key);
    if (!rule) continue; // overrides for other instruments share one settings object
    const value = overrides[key]!;
    if (!Number.isInteger(value) || value < rule.allowed.min || value > rule.allowed.max) {
      throw new CutoffOverrideError(
        `Cut-off '${key}' must be a whole number from ${rule.allowed.min} to ${rule.allowed.max}, got ${value}. The default is ${rule.atLeast}.`,
      );
    }
  }
  const rule = instrument.cutoffs.find((r) => patientRuleMatches(r.when, context)) ?? instrument.cutoffs.at(-1)!;
  return { id: rule.id, atLeast: overrides[rule.id] ?? rule.atLeast };
}

function aggregate(kind: 'sum' | 'max', refs: readonly string[], ctx: EvalContext, asked: Set<string>): number {
  const points = refs.map((ref) => {
    const item = ctx.byId.get(ref)!;
    const value = ctx.answers[ref];
    if (!asked.has(ref) || value === undefined) return 0;
    return pointsOf(item, value);
  });
  return kind === 'sum' ? points.reduce((a, b) => a + b, 0) : Math.max(0, ...points);
}

/**
 * Scores one administration exactly as the instrument's source publishes it. Returns `incomplete`
 * with the missing item ids until every asked item is answered; skipped items count 0. Throws
 * `InvalidAnswerError` for an answer the item cannot take and `CutoffOverrideError` for a bad override.
 */
export function scoreScreening(instrument: Instrument, answers: Answers, context: ScoringContext): ScreeningResult {
  const byId = itemsById(instrument);
  for (const [itemId, value] of Object.entries(answers)) {
    const item = byId.get(itemId);
    if (!item) throw new InvalidAnswerError(instrument.id, itemId, 'there is no such item.');
    checkAnswer(instrument, item, value);
  }
  const cutoff = positiveCutoff(instrument, context);
  const asked = visibleItems(instrument, answers);
  const missing = asked.filter((i) => answers[i.id] === undefined).map((i) => i.id);
  if (missing.length > 0) return { status: 'incomplete', instrumentId: instrument.id, missing };

  const askedIds = new Set(asked.map((i) => i.id));
  const ctx: EvalContext = { instrument, answers, byId };
  const subscores: Record<string, number> = {};
  for (const s of instrument.scoring.subscores) subscores[s.id] = aggregate(s.kind, s.items, ctx, askedIds);
  const total = instrument.scoring.total;
  const score =
    total.kind === 'max-of-subscores'
      ? Math.max(0, ...Object.values(subscores))
      : aggregate(total.kind, total.items, ctx, askedIds);

  const scored: EvalContext = { ...ctx, score, cutoff: cutoff.atLeast };
  const level = instrument.riskLevels.find((l) => holds(l.when, scored));
  if (!level) {
    throw new Error(`${instrument.id}: no risk level covers score ${score}; the instrument data has a gap.`);
  }
  const positive = score >= cutoff.atLeast;
  const advisories = instrument.advisories.filter((a) => holds(a.when, scored)).map((a) => a.text);
  const keptAnswers: Record<string, AnswerValue> = {};
  for (const item of asked) keptAnswers[item.id] = answers[item.id]!;

  const { min, max } = instrument.scoring.range;
  const rationale =
    `${instrument.shortName} score ${score} (range ${min}–${max}); ` +
    `${positive ? 'positive' : 'negative'} at the cut-off of ${cutoff.atLeast} or more` +
    ` (${instrument.cutoffs.find((r) => r.id === cutoff.id)?.source ?? cutoff.id}). ` +
    `${level.label}: ${level.guidance}`;

  return {
    status: 'complete',
    instrumentId: instrument.id,
    instrumentVersion: instrument.version,
    score,
    subscores,
    riskLevel: level.id,
    riskLabel: level.label,
    positive,
    cutoff,
    action: level.action,
    guidance: level.guidance,
    rationale,
    advisories,
    answers: keptAnswers,
  };
}

/** True when the condition holds for these answers (and, for score conditions, this score). */
export function conditionHolds(
  instrument: Instrument,
  condition: Condition,
  answers: Answers,
  scored?: { score: number; cutoff: number },
): boolean {
  return holds(condition, { instrument, answers, byId: itemsById(instrument), ...scored });
}
