// @vitest-environment happy-dom
/**
 * Issue 6 target: planning + filling a 30-field form, median <= 30 ms, measured in Chromium.
 * Under Vitest this runs in happy-dom, which is not Chromium: its figures only compare runs.
 *   npx vitest bench --run tests/bench/referral/fill.bench.ts
 */
import { bench, describe } from 'vitest';
import { collectFields } from '../../../lib/referral/collect.dom';
import { fillForm, undoFill } from '../../../lib/referral/fill.dom';
import { packetFillValues, planFill } from '../../../lib/referral/plan';
import { samplePacket } from '../../fixtures/forms/sample-packet';
import { buildThirtyFieldForm, measurePlanAndFill } from './fill-bench';

const summary = await measurePlanAndFill(document, 200);
console.log(
  `[happy-dom] 30-field form, ${summary.runs} runs, ${summary.fields} fields, ${summary.stepsFilled} filled: ` +
    `median collect ${summary.medianMs.collect.toFixed(2)} ms, plan ${summary.medianMs.plan.toFixed(2)} ms, ` +
    `fill ${summary.medianMs.fill.toFixed(2)} ms, plan+fill ${summary.medianMs.planPlusFill.toFixed(2)} ms, ` +
    `collect+plan+fill ${summary.medianMs.total.toFixed(2)} ms (p95 ${summary.p95TotalMs.toFixed(2)} ms)`,
);

buildThirtyFieldForm(document);
const values = packetFillValues(samplePacket(), { consentOnFile: true });

describe('referral fill, 30 fields (happy-dom)', () => {
  bench('collect + plan + fill (+ untimed-by-intent undo)', async () => {
    const plan = planFill(collectFields(document), values);
    const outcome = await fillForm(document, plan, { verify: () => ({ ok: true }) });
    if (outcome.ok) undoFill(document, outcome.undo);
  });
  const form = collectFields(document);
  bench('plan only', () => {
    planFill(form, values);
  });
});
