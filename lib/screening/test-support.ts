import fc from 'fast-check';
import type { Answers, AnswerValue, Instrument } from './instrument';

/**
 * Test support (imported only by tests): build answers by points, and generate answer sets.
 * `byPoints(audit, { q1: 4, q2: 0 })` picks, for each choice item, the option worth those points.
 */
export function byPoints(instrument: Instrument, points: Record<string, number>): Record<string, AnswerValue> {
  const answers: Record<string, AnswerValue> = {};
  for (const [id, p] of Object.entries(points)) {
    const item = instrument.items.find((i) => i.id === id);
    if (!item) throw new Error(`${instrument.id} has no item ${id}`);
    if (item.kind === 'count') {
      answers[id] = p;
      continue;
    }
    const option = item.options.find((o) => o.points === p);
    if (!option) throw new Error(`${instrument.id} ${id} has no option worth ${p}`);
    answers[id] = option.value;
  }
  return answers;
}

/** A valid answer for each item; count items lean towards 0 and small numbers, as real answers do. */
function valueArbitrary(instrument: Instrument, itemId: string): fc.Arbitrary<AnswerValue> {
  const item = instrument.items.find((i) => i.id === itemId)!;
  if (item.kind === 'count') return fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: item.max }));
  return fc.constantFrom(...item.options.map((o) => o.value));
}

/** Answer sets where every item is answered (answers to skipped items included, as a UI might leave them). */
export function fullAnswers(instrument: Instrument): fc.Arbitrary<Answers> {
  return fc.record(Object.fromEntries(instrument.items.map((i) => [i.id, valueArbitrary(instrument, i.id)])));
}

/** Answer sets where any item may be missing. */
export function partialAnswers(instrument: Instrument): fc.Arbitrary<Answers> {
  return fc
    .record(Object.fromEntries(instrument.items.map((i) => [i.id, valueArbitrary(instrument, i.id)])), { requiredKeys: [] })
    .map((a) => a as Answers);
}
