// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collectFields, resolveFieldKey } from './collect.dom';
import { fillForm, HIGHLIGHT_OUTLINE, undoFill, FillPlanError } from './fill.dom';
import { packetFillValues, planFill, type FillPlan, type FillStep } from './plan';
import { loadFormFixture } from '../../tests/fixtures/forms/load';
import { samplePacket } from '../../tests/fixtures/forms/sample-packet';

const values = packetFillValues(samplePacket(), { consentOnFile: true });
const pass = () => ({ ok: true as const });

async function planned(name: string) {
  const states = await loadFormFixture(document, name);
  const form = collectFields(document);
  return { states, form, plan: planFill(form, values) };
}

describe('fillForm', () => {
  it('fills React-controlled inputs so the component state takes the values', async () => {
    const { states, plan } = await planned('09-react-controlled');
    const outcome = await fillForm(document, plan, { verify: pass });
    expect(outcome.ok).toBe(true);
    expect(states.get('r-name')!()).toBe('Jane Q Testpatient');
    expect(states.get('r-to')!()).toBe('Harbor Recovery Center');
    expect(states.get('r-phone')!()).toBe('(617) 555-0142');
    expect(states.get('r-reason')!()).toContain('AUDIT-C');
  });

  it('plans and fills the demo SPA snapshot end to end, state included', async () => {
    const { states, plan } = await planned('15-demo-spa');
    const outcome = await fillForm(document, plan, { verify: pass });
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.skipped).toEqual([]);
    expect(states.get('spa-referTo')!()).toBe('Harbor Recovery Center');
    expect(states.get('spa-programPhone')!()).toBe('(617) 555-0142');
    expect(states.get('spa-requestedDate')!()).toBe('2026-11-23');
    expect(states.get('spa-notes')!()).toContain('42 CFR part 2');
    expect((document.querySelector('select[name="urgency"]') as HTMLSelectElement).value).toBe('URGENT');
    expect((document.getElementById('spa-consent') as HTMLInputElement).checked).toBe(true);
  });

  it('a plain assignment would be lost by the emulated React input (the emulation is honest)', async () => {
    const { states } = await planned('09-react-controlled');
    const input = document.getElementById('r-name') as HTMLInputElement;
    input.value = 'typed by script';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    expect(states.get('r-name')!()).toBe('');
    expect(input.value).toBe('');
  });

  it('fills selects, radios, checkboxes and dates, fires bubbling input and change, and highlights', async () => {
    const { plan } = await planned('05-fieldset-radios');
    const seen: string[] = [];
    document.addEventListener('change', (e) => seen.push(`change:${(e.target as Element).id}`));
    document.addEventListener('input', (e) => seen.push(`input:${(e.target as Element).id}`));
    const outcome = await fillForm(document, plan, { verify: pass });
    expect(outcome.ok && outcome.filled.length).toBe(plan.steps.length);
    expect((document.getElementById('pr_u') as HTMLInputElement).checked).toBe(true);
    expect((document.getElementById('sex_f') as HTMLInputElement).checked).toBe(true);
    expect((document.getElementById('roi') as HTMLInputElement).checked).toBe(true);
    expect((document.getElementById('transport') as HTMLInputElement).checked).toBe(false);
    expect((document.getElementById('p_dob') as HTMLInputElement).value).toBe('04/09/1980');
    expect(seen).toEqual(expect.arrayContaining(['input:p_name', 'change:p_name', 'change:pr_u', 'change:roi']));
    expect(document.getElementById('p_name')!.style.outline).not.toBe('');
    expect(HIGHLIGHT_OUTLINE).toContain('solid');
    expect(document.getElementById('transport')!.style.outline).toBe('');
  });

  it('fills inside a same-origin iframe and an open shadow root', async () => {
    const { plan } = await planned('07-iframe');
    await fillForm(document, plan, { verify: pass });
    const frameDoc = (document.getElementById('refFrame') as HTMLIFrameElement).contentDocument!;
    expect((frameDoc.getElementById('to') as HTMLInputElement).value).toBe('Harbor Recovery Center');
    expect((frameDoc.getElementById('pri') as HTMLSelectElement).value).toBe('urgent');
    expect((frameDoc.getElementById('dob') as HTMLInputElement).value).toBe('1980-04-09');
    const shadow = await planned('08-shadow-dom');
    await fillForm(document, shadow.plan, { verify: pass });
    const host = document.getElementById('fPrio')!;
    expect((host.shadowRoot!.getElementById('i') as HTMLSelectElement).value).toBe('high');
  });

  it('aborts with the reason and writes nothing when verify() fails', async () => {
    const { plan, form } = await planned('02-label-for');
    const before = form.fields.map((f) => f.currentValue);
    const outcome = await fillForm(document, plan, { verify: () => ({ ok: false, reason: 'the patient on the page changed' }) });
    expect(outcome).toEqual({ ok: false, reason: 'Nothing was filled: the patient on the page changed' });
    expect(collectFields(document).fields.map((f) => f.currentValue)).toEqual(before);
    const thrown = await fillForm(document, plan, { verify: () => Promise.reject(new Error('tab closed')) });
    expect(thrown.ok).toBe(false);
  });

  it('skips fields that became disabled or read-only after planning, and missing ones', async () => {
    const { plan } = await planned('02-label-for');
    (document.getElementById('patientName') as HTMLInputElement).disabled = true;
    (document.getElementById('reason') as HTMLTextAreaElement).readOnly = true;
    document.getElementById('notes')!.remove();
    const outcome = await fillForm(document, plan, { verify: pass });
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.skipped.map((s) => s.reason).sort()).toEqual(['the field is disabled', 'the field is no longer on the page', 'the field is read-only']);
    expect((document.getElementById('patientName') as HTMLInputElement).value).toBe('');
  });

  it('leaves out steps the clinician unticked', async () => {
    const { plan } = await planned('02-label-for');
    const edited: FillPlan = { ...plan, steps: plan.steps.map((s) => (s.valueId === 'referral.reason' ? { ...s, include: false } : s)) };
    await fillForm(document, edited, { verify: pass });
    expect((document.getElementById('reason') as HTMLTextAreaElement).value).toBe('');
    expect((document.getElementById('receivingFacility') as HTMLInputElement).value).toBe('Harbor Recovery Center');
  });

  it('undo restores previous values, checks and outlines', async () => {
    const { plan } = await planned('05-fieldset-radios');
    (document.getElementById('pr_r') as HTMLInputElement).checked = true;
    (document.getElementById('p_name') as HTMLInputElement).value = 'already typed';
    document.getElementById('p_name')!.style.outline = '1px dotted red';
    const ownOutline = document.getElementById('p_name')!.style.outline;
    const outcome = await fillForm(document, plan, { verify: pass });
    if (!outcome.ok) throw new Error(outcome.reason);
    expect((document.getElementById('pr_u') as HTMLInputElement).checked).toBe(true);
    const undone = undoFill(document, outcome.undo);
    expect(undone.missing).toEqual([]);
    expect((document.getElementById('p_name') as HTMLInputElement).value).toBe('already typed');
    expect(document.getElementById('p_name')!.style.outline).toBe(ownOutline);
    expect((document.getElementById('pr_r') as HTMLInputElement).checked).toBe(true);
    expect((document.getElementById('pr_u') as HTMLInputElement).checked).toBe(false);
    expect((document.getElementById('roi') as HTMLInputElement).checked).toBe(false);
    expect((document.getElementById('sex_f') as HTMLInputElement).checked).toBe(false);
    expect(document.getElementById('p_dob')!.style.outline).toBe('');
  });

  it('undo puts React state back too', async () => {
    const { plan, states } = await planned('09-react-controlled');
    const outcome = await fillForm(document, plan, { verify: pass });
    if (!outcome.ok) throw new Error(outcome.reason);
    undoFill(document, outcome.undo);
    expect(states.get('r-to')!()).toBe('');
  });

  it('refuses a plan that is not valid data', async () => {
    await expect(fillForm(document, { url: '', steps: [{ fieldKey: '' }] } as unknown as FillPlan, { verify: pass })).rejects.toBeInstanceOf(FillPlanError);
  });
});

describe('property: fill never writes to a field the plan did not name', () => {
  // 10,000 runs take 15-60 s under happy-dom on a shared machine; run them with BRIDGE_PROPERTY_RUNS=10000.
  const RUNS = Number(process.env.BRIDGE_PROPERTY_RUNS ?? 1_000);

  it(`holds over ${RUNS} random plans on a mixed form`, async () => {
    await loadFormFixture(document, '02-label-for');
    // Add every kind of control so the random plans touch all of them.
    const extra = document.createElement('div');
    for (let i = 0; i < 4; i++) {
      const t = document.createElement('input');
      t.id = `extra-text-${i}`;
      extra.append(t);
    }
    const sel = document.createElement('select');
    sel.id = 'extra-select';
    for (const v of ['a', 'b', 'c']) {
      const o = document.createElement('option');
      o.value = v;
      o.textContent = v.toUpperCase();
      sel.append(o);
    }
    extra.append(sel);
    for (const v of ['x', 'y']) {
      const r = document.createElement('input');
      r.type = 'radio';
      r.name = 'extra-radio';
      r.value = v;
      r.id = `extra-radio-${v}`;
      extra.append(r);
    }
    document.body.append(extra);
    const form = collectFields(document);
    const snapshot = () => {
      const s: Record<string, string> = {};
      for (const f of form.fields) {
        const keys = f.control === 'radio-group' ? f.options.map((o) => o.key!) : [f.key];
        for (const k of keys) {
          const e = resolveFieldKey(document, k) as HTMLInputElement;
          s[k] = `${e.type === 'checkbox' || e.type === 'radio' ? e.checked : e.value}|${e.style.outline}`;
        }
      }
      return s;
    };
    const pristine = snapshot();
    const restore = () => {
      for (const f of form.fields) {
        const keys = f.control === 'radio-group' ? f.options.map((o) => o.key!) : [f.key];
        for (const k of keys) {
          const e = resolveFieldKey(document, k) as HTMLInputElement;
          if (e.type === 'checkbox' || e.type === 'radio') e.checked = false;
          else if (e.tagName === 'SELECT') (e as unknown as HTMLSelectElement).selectedIndex = 0;
          else e.value = '';
          e.style.outline = '';
          e.style.outlineOffset = '';
        }
      }
    };
    const stepFor = fc.record({
      index: fc.nat({ max: form.fields.length - 1 }),
      include: fc.boolean(),
      text: fc.string({ maxLength: 12 }),
      pick: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(stepFor, { maxLength: 8 }), async (raw) => {
        restore();
        const seen = new Set<number>();
        const steps: FillStep[] = [];
        for (const r of raw) {
          if (seen.has(r.index)) continue;
          seen.add(r.index);
          const f = form.fields[r.index]!;
          const option = f.options.length ? f.options[r.pick % f.options.length]! : null;
          const value = f.control === 'checkbox' ? String(r.pick % 2 === 0) : option ? option.value : r.text;
          steps.push({ fieldKey: f.key, fieldLabel: 'x', control: f.control, valueId: null, value, display: value, confidence: 1, source: 'clinician', include: r.include, options: f.options });
        }
        const outcome = await fillForm(document, { url: '', steps, warnings: [], unplaced: [] }, { verify: pass });
        if (!outcome.ok) return false;
        const named = new Set<string>();
        for (const s of steps) {
          if (!s.include) continue;
          // A radio group's buttons are one field: choosing one unchecks its siblings.
          if (s.control === 'radio-group') for (const o of s.options) named.add(o.key!);
          else named.add(s.fieldKey);
        }
        const after = snapshot();
        return Object.keys(pristine).every((k) => named.has(k) || after[k] === pristine[k]);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
