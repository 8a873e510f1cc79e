import { collectFields } from '../../../lib/referral/collect.dom';
import { fillForm, undoFill } from '../../../lib/referral/fill.dom';
import { packetFillValues, planFill } from '../../../lib/referral/plan';
import { samplePacket } from '../../fixtures/forms/sample-packet';

const TEXT_LABELS = [
  'Patient name', 'Date of birth (mm/dd/yyyy)', 'MRN', 'Referred to', 'Receiving facility phone', 'Receiving facility address',
  'Referring provider', 'Referring provider NPI', 'Referring provider phone', 'Referring clinic', 'Diagnosis',
  'Screening results', 'Insurance plan', 'Member ID', 'Group number', 'Emergency contact', 'Emergency contact phone',
  'Preferred language', 'Interpreter needed for', 'Authorization number',
];

/**
 * Builds a 30-field referral form in `doc` of the kinds real EHR forms mix: 20 labelled text
 * inputs (half of them irrelevant to the referral), 4 selects, 2 radio groups, 2 checkboxes and
 * 2 textareas, inside a table layout.
 */
export function buildThirtyFieldForm(doc: Document): void {
  const form = doc.createElement('form');
  const table = doc.createElement('table');
  form.append(table);
  let n = 0;
  const row = (label: string, control: Element) => {
    const tr = doc.createElement('tr');
    const th = doc.createElement('td');
    const td = doc.createElement('td');
    const l = doc.createElement('label');
    const id = `f${n++}`;
    l.htmlFor = id;
    l.textContent = label;
    control.id = id;
    th.append(l);
    td.append(control);
    tr.append(th, td);
    table.append(tr);
  };
  for (const label of TEXT_LABELS) row(label, doc.createElement('input'));
  const select = (label: string, options: [string, string][]) => {
    const s = doc.createElement('select');
    for (const [value, text] of options) {
      const o = doc.createElement('option');
      o.value = value;
      o.textContent = text;
      s.append(o);
    }
    row(label, s);
  };
  select('Priority', [['R', 'Routine'], ['U', 'Urgent'], ['S', 'STAT']]);
  select('Specialty', [['CARD', 'Cardiology'], ['ADDM', 'Addiction Medicine'], ['BH', 'Behavioral Health']]);
  select('Level of care', [['', ''], ['L1', 'ASAM 1 Outpatient'], ['L21', 'ASAM 2.1 Intensive outpatient']]);
  select('Visit type', [['NEW', 'New patient'], ['FU', 'Follow-up']]);
  const radios = (legend: string, name: string, options: [string, string][]) => {
    const fs = doc.createElement('fieldset');
    const lg = doc.createElement('legend');
    lg.textContent = legend;
    fs.append(lg);
    for (const [value, text] of options) {
      const r = doc.createElement('input');
      r.type = 'radio';
      r.name = name;
      r.value = value;
      r.id = `${name}-${value}`;
      const l = doc.createElement('label');
      l.htmlFor = r.id;
      l.textContent = text;
      fs.append(r, l);
    }
    form.append(fs);
  };
  radios('Sex', 'sex', [['F', 'Female'], ['M', 'Male']]);
  radios('Appointment preference', 'pref', [['AM', 'Morning'], ['PM', 'Afternoon']]);
  for (const label of ['Patient consent obtained', 'Needs transportation']) {
    const c = doc.createElement('input');
    c.type = 'checkbox';
    row(label, c);
  }
  row('Reason for referral', doc.createElement('textarea'));
  row('Comments', doc.createElement('textarea'));
  doc.body.replaceChildren(form);
}

export interface FillBenchResult {
  runs: number;
  fields: number;
  stepsFilled: number;
  medianMs: { collect: number; plan: number; fill: number; planPlusFill: number; total: number };
  p95TotalMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Times collect, plan and fill on the 30-field form `runs` times (undoing between runs, untimed)
 * and returns medians in milliseconds. Runs in any DOM: happy-dom under Vitest, or a Chromium
 * page in the e2e harness.
 */
export async function measurePlanAndFill(doc: Document, runs = 200, now: () => number = () => performance.now()): Promise<FillBenchResult> {
  buildThirtyFieldForm(doc);
  const values = packetFillValues(samplePacket(), { consentOnFile: true });
  const times = { collect: [] as number[], plan: [] as number[], fill: [] as number[], total: [] as number[] };
  let fields = 0;
  let stepsFilled = 0;
  for (let i = 0; i < runs + 10; i++) {
    const t0 = now();
    const form = collectFields(doc);
    const t1 = now();
    const plan = planFill(form, values);
    const t2 = now();
    const outcome = await fillForm(doc, plan, { verify: () => ({ ok: true }) });
    const t3 = now();
    if (!outcome.ok) throw new Error(outcome.reason);
    undoFill(doc, outcome.undo);
    if (i < 10) continue; // warm-up
    fields = form.fields.length;
    stepsFilled = outcome.filled.length;
    times.collect.push(t1 - t0);
    times.plan.push(t2 - t1);
    times.fill.push(t3 - t2);
    times.total.push(t3 - t0);
  }
  const sorted = [...times.total].sort((a, b) => a - b);
  return {
    runs,
    fields,
    stepsFilled,
    medianMs: {
      collect: median(times.collect),
      plan: median(times.plan),
      fill: median(times.fill),
      planPlusFill: median(times.plan.map((p, i) => p + times.fill[i]!)),
      total: median(times.total),
    },
    p95TotalMs: sorted[Math.floor(sorted.length * 0.95)]!,
  };
}
