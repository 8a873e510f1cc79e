// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collectFields } from './collect.dom';
import { chooseOption, dateFormatFor, editStep, formatDate, packetFillValues, planFill, splitPersonName, type FillPlan } from './plan';
import type { CollectedField } from './fields';
import type { PacketValueId } from './vocabulary';
import { formFixtureNames, loadFormFixture } from '../../tests/fixtures/forms/load';
import { samplePacket } from '../../tests/fixtures/forms/sample-packet';
import { plannerMappingOf } from './adapter-mapping';

const values = packetFillValues(samplePacket(), { consentOnFile: true });

/** valueId planned for each field, keyed by the field's id, else name, else placeholder. */
function byField(plan: FillPlan, fields: CollectedField[]): Record<string, { valueId: PacketValueId | null; value: string }> {
  const out: Record<string, { valueId: PacketValueId | null; value: string }> = {};
  for (const step of plan.steps) {
    const f = fields.find((x) => x.key === step.fieldKey)!;
    out[f.id || f.name || f.placeholder || f.key] = { valueId: step.valueId, value: step.value };
  }
  return out;
}

async function planFor(name: string) {
  await loadFormFixture(document, name);
  const form = collectFields(document, { url: `fixture:${name}` });
  const plan = planFill(form, values);
  return { form, plan, got: byField(plan, form.fields) };
}

/** Expected placements per fixture: field → value id. Fields not listed must not be planned. */
const EXPECTED: Record<string, Record<string, PacketValueId>> = {
  '01-table-layout': {
    ptName: 'patient.name',
    ptDob: 'patient.birthDate',
    ptMrn: 'patient.mrn',
    refToProv: 'provider.name',
    refSpec: 'referral.specialty',
    refPriority: 'referral.urgency',
    refReason: 'referral.reason',
    refDx: 'referral.diagnosis',
    refByProv: 'clinician.name',
    refComments: 'referral.notes',
  },
  '02-label-for': {
    patientName: 'patient.name',
    patientDob: 'patient.birthDate',
    receivingFacility: 'provider.name',
    receivingPhone: 'provider.phone',
    urgency: 'referral.urgency',
    reason: 'referral.reason',
    icd: 'referral.diagnosis',
    notes: 'referral.notes',
    refDate: 'referral.date',
    consent: 'referral.consentOnFile',
  },
  '03-aria-labelledby': {},
  '04-placeholder-only': {
    'Patient name': 'patient.name',
    dob: 'patient.birthDate',
    'Medical record number': 'patient.mrn',
    'Referred to (facility)': 'provider.name',
    'Facility phone': 'provider.phone',
    'Reason for referral': 'referral.reason',
    'Additional comments': 'referral.notes',
  },
  '05-fieldset-radios': {
    p_name: 'patient.name',
    p_dob: 'patient.birthDate',
    sex_f: 'patient.sex',
    pr_r: 'referral.urgency',
    scr: 'referral.screening',
    roi: 'referral.consentOnFile',
  },
  '06-select-codes': {
    svc: 'referral.specialty',
    dx: 'referral.diagnosis',
    pri: 'referral.urgency',
    perf: 'provider.name',
    npi: 'clinician.npi',
  },
  '07-iframe': { to: 'provider.name', why: 'referral.reason', pri: 'referral.urgency', dob: 'patient.birthDate' },
  '08-shadow-dom': {},
  '09-react-controlled': {
    'r-name': 'patient.name',
    'r-to': 'provider.name',
    'r-reason': 'referral.reason',
    'r-phone': 'provider.phone',
  },
  '10-column-headers': {
    c1: 'provider.name',
    c2: 'referral.specialty',
    c3: 'provider.phone',
    c4: 'referral.urgency',
    d1: 'clinician.name',
    d2: 'clinician.npi',
    d3: 'referral.date',
  },
  '11-nearby-text': {
    ctl00$ref$name: 'clinician.name',
    ctl00$ref$phone: 'clinician.phone',
    ctl00$to$name: 'provider.name',
    ctl00$to$phone: 'provider.phone',
    ctl00$rsn: 'referral.reason',
    ctl00$date: 'referral.date',
  },
  '12-disabled-readonly': { to: 'provider.name', d: 'referral.date', why: 'referral.reason' },
  '13-demo-classic': {
    'ref-to': 'provider.name',
    'ref-phone': 'provider.phone',
    'ref-address': 'provider.address',
    'ref-date': 'referral.date',
    'ref-urgency': 'referral.urgency',
    levelOfCare: 'referral.levelOfCare',
    'ref-dx': 'referral.diagnosis',
    'ref-reason': 'referral.reason',
    consentOnFile: 'referral.consentOnFile',
    'ref-notes': 'referral.notes',
  },
  '14-demo-iframe': {
    facility: 'provider.name',
    facilityPhone: 'provider.phone',
    priority: 'referral.urgency',
    dateOfReferral: 'referral.date',
    icd10: 'referral.diagnosis',
    indication: 'referral.reason',
    roi: 'referral.consentOnFile',
    comments: 'referral.notes',
  },
  '15-demo-spa': {
    'spa-referTo': 'provider.name',
    'spa-programPhone': 'provider.phone',
    'spa-reason': 'referral.reason',
    'spa-diagnosis': 'referral.diagnosis',
    'spa-requestedDate': 'referral.date',
    urgency: 'referral.urgency',
    'spa-consent': 'referral.consentOnFile',
    'spa-notes': 'referral.notes',
  },
};

describe('planFill against the form corpus', () => {
  it('has at least 10 fixtures, each with expectations', () => {
    const names = formFixtureNames();
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const n of names) expect(EXPECTED, n).toHaveProperty(n);
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    if (Object.keys(expected).length === 0) continue;
    it(`${name}: places each value in the right field and nothing else`, async () => {
      const { got } = await planFor(name);
      const placed = Object.fromEntries(Object.entries(got).map(([k, v]) => [k, v.valueId]));
      expect(placed).toEqual(expected);
    });
  }

  it('01: picks coded options by label and formats a text date as the placeholder asks', async () => {
    const { got } = await planFor('01-table-layout');
    expect(got.refPriority!.value).toBe('U');
    expect(got.refSpec!.value).toBe('ADDM');
    expect(got.ptDob!.value).toBe('04/09/1980');
    expect(got.refDx!.value).toBe('F10.20 Alcohol dependence, uncomplicated');
  });

  it('02: type=date gets ISO; the fax and the internal note stay out', async () => {
    const { got } = await planFor('02-label-for');
    expect(got.patientDob!.value).toBe('1980-04-09');
    expect(got.refDate!.value).toBe('2026-11-23');
    expect(got.receivingFax).toBeUndefined();
    expect(got.internalNote).toBeUndefined();
    expect(got.consent!.value).toBe('true');
  });

  it('03: aria-labelledby labels, an ARIA radio group and a level-of-care select', async () => {
    const { plan, form } = await planFor('03-aria-labelledby');
    const byLabel = Object.fromEntries(plan.steps.map((s) => [s.fieldLabel, s]));
    expect(byLabel['Patient']?.valueId).toBe('patient.name');
    expect(byLabel['Refer to (organization)']?.valueId).toBe('provider.name');
    expect(byLabel['Clinical indication']?.valueId).toBe('referral.reason');
    expect(byLabel['Order priority']).toMatchObject({ valueId: 'referral.urgency', value: '2', display: 'Urgent' });
    expect(byLabel['Recommended level of care']).toMatchObject({ valueId: 'referral.levelOfCare', value: 'L21' });
    expect(byLabel['Comments']?.valueId).toBe('referral.notes');
    expect(plan.steps).toHaveLength(6);
    expect(form.fields).toHaveLength(6);
  });

  it('05: radios chosen by label; the unrelated checkbox is left alone', async () => {
    const { plan, got } = await planFor('05-fieldset-radios');
    expect(plan.steps.find((s) => s.valueId === 'referral.urgency')!.value).toBe('urgent');
    expect(plan.steps.find((s) => s.valueId === 'patient.sex')!.value).toBe('F');
    expect(got.transport).toBeUndefined();
    expect(got.p_dob!.value).toBe('04/09/1980');
  });

  it('06: ICD-10 code, numeric priority code and provider from a directory dropdown', async () => {
    const { got } = await planFor('06-select-codes');
    expect(got.dx!.value).toBe('F10.20');
    expect(got.pri!.value).toBe('3');
    expect(got.perf!.value).toBe('81');
    expect(got.svc!.value).toBe('215');
  });

  it('demo forms: coded and worded choices, radio level of care, text date in the iframe', async () => {
    const classic = await planFor('13-demo-classic');
    expect(classic.got['ref-urgency']!.value).toBe('urgent');
    expect(classic.got.levelOfCare!.value).toBe('iop');
    expect(classic.got['ref-date']!.value).toBe('2026-11-23');
    const framed = await planFor('14-demo-iframe');
    expect(framed.got.priority!.value).toBe('U');
    expect(framed.got.dateOfReferral!.value).toBe('11/23/2026');
    const spa = await planFor('15-demo-spa');
    expect(spa.got.urgency!.value).toBe('URGENT');
  });

  it('07: fields inside a same-origin iframe are keyed through the frame', async () => {
    const { plan } = await planFor('07-iframe');
    expect(plan.steps.every((s) => s.fieldKey.startsWith('#refFrame >>> '))).toBe(true);
  });

  it('08: fields inside open shadow roots are found and keyed through their hosts', async () => {
    const { plan } = await planFor('08-shadow-dom');
    const keys = Object.fromEntries(plan.steps.map((s) => [s.valueId, s.fieldKey]));
    expect(keys).toEqual({
      'provider.name': '#fTo >>> #i',
      'referral.reason': '#fReason >>> #i',
      'referral.urgency': '#fPrio >>> #i',
      'referral.notes': '#fNote >>> #i',
    });
  });

  it('12: never plans locked fields; truncates only long free text, and says so in the confidence', async () => {
    const { plan, got } = await planFor('12-disabled-readonly');
    expect(got.d!.value).toBe('2026-11-23');
    expect(got.why!.value).toHaveLength(40);
    expect(plan.steps.find((s) => s.valueId === 'referral.reason')!.confidence).toBeLessThan(0.75);
    expect(plan.unplaced.map((u) => u.valueId)).toContain('patient.name');
  });

  it('every step has a readable label and a confidence between 0 and 1', async () => {
    for (const name of formFixtureNames()) {
      const { plan } = await planFor(name);
      for (const s of plan.steps) {
        expect(s.fieldLabel.length, `${name} ${s.fieldKey}`).toBeGreaterThan(0);
        expect(s.confidence).toBeGreaterThan(0);
        expect(s.confidence).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('adapter mappings', () => {
  it('win over label matching and get confidence 1', async () => {
    await loadFormFixture(document, '01-table-layout');
    const form = collectFields(document);
    const plan = planFill(form, values, { adapter: { 'referral.notes': '[name="refDx"]' } });
    const notes = plan.steps.find((s) => s.valueId === 'referral.notes')!;
    expect(form.fields.find((f) => f.key === notes.fieldKey)!.name).toBe('refDx');
    expect(notes).toMatchObject({ source: 'adapter', confidence: 1 });
    expect(plan.steps.find((s) => s.valueId === 'referral.diagnosis')?.fieldKey).not.toBe(notes.fieldKey);
  });

  it('warn about a mapping whose field is missing, then fall back to the labels', async () => {
    await loadFormFixture(document, '02-label-for');
    const plan = planFill(collectFields(document), values, { adapter: { 'referral.reason': '#nope' } });
    expect(plan.warnings).toEqual([expect.stringContaining('#nope')]);
    expect(plan.steps.find((s) => s.valueId === 'referral.reason')).toMatchObject({ source: 'label' });
  });
});

describe('plan pieces', () => {
  it('formats dates for each field convention', () => {
    expect(formatDate('1980-04-09', 'us')).toBe('04/09/1980');
    expect(formatDate('1980-04-09', 'dmy')).toBe('09/04/1980');
    expect(formatDate('1980-04-09', 'us-short-year')).toBe('04/09/80');
    expect(formatDate('1980-04-09', 'datetime-local')).toBe('1980-04-09T00:00');
    const f = { control: 'text', placeholder: 'DD/MM/YYYY', pattern: '', labels: [] } as unknown as CollectedField;
    expect(dateFormatFor(f)).toEqual({ format: 'dmy', certain: true });
  });

  it('splits names written either way', () => {
    expect(splitPersonName('Testpatient, Jane Q')).toEqual({ first: 'Jane Q', last: 'Testpatient' });
    expect(splitPersonName('Jane Q Testpatient')).toEqual({ first: 'Jane Q', last: 'Testpatient' });
  });

  it('chooses no option rather than a poor one', () => {
    expect(chooseOption([{ value: 'x', label: 'Cardiology', disabled: false }], values['referral.specialty']!)).toBeNull();
  });

  it('lets the clinician change a value or leave a field out, as plain data', async () => {
    await loadFormFixture(document, '02-label-for');
    const plan = planFill(collectFields(document), values);
    const key = plan.steps.find((s) => s.valueId === 'referral.urgency')!.fieldKey;
    const edited = editStep(editStep(plan, key, { value: 'emergent' }), plan.steps[0]!.fieldKey, { include: false });
    expect(edited.steps.find((s) => s.fieldKey === key)).toMatchObject({ value: 'emergent', display: 'Emergent', source: 'clinician', confidence: 1 });
    expect(edited.steps[0]!.include).toBe(false);
    expect(plan.steps[0]!.include).toBe(true);
    expect(JSON.parse(JSON.stringify(edited))).toEqual(edited);
  });

  it('puts the §2.32 short notice in the notes unless told not to', () => {
    expect(values['referral.notes']!.text).toContain('42 CFR part 2 prohibits unauthorized use or disclosure');
    const bare = packetFillValues(samplePacket(), { consentOnFile: false, appendPart2Notice: false });
    expect(bare['referral.notes']!.text).toBe('Prefers afternoon appointments.');
    expect(bare['referral.consentOnFile']).toBeUndefined();
  });
});

describe('property: plans over random mixes of real fields', () => {
  it('never target locked fields, use each field and each value once, and pick only offered choices (10,000 runs)', async () => {
    const pool: CollectedField[] = [];
    for (const name of formFixtureNames()) {
      await loadFormFixture(document, name);
      pool.push(...collectFields(document).fields.map((f) => ({ ...f, key: `${name}|${f.key}` })));
    }
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat({ max: pool.length - 1 }), { maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        (picks, locks) => {
          const fields = picks.map((i, n) => ({ ...pool[i]!, disabled: pool[i]!.disabled || locks[n]!, readOnly: pool[i]!.readOnly }));
          const plan = planFill({ url: 'x', fields }, values);
          const byKey = new Map(fields.map((f) => [f.key, f]));
          const keys = plan.steps.map((s) => s.fieldKey);
          const ids = plan.steps.map((s) => s.valueId);
          return (
            new Set(keys).size === keys.length &&
            new Set(ids).size === ids.length &&
            plan.steps.every((s) => {
              const f = byKey.get(s.fieldKey);
              if (!f || f.disabled || f.readOnly) return false;
              if (s.confidence <= 0 || s.confidence > 1) return false;
              if (f.control === 'select' || f.control === 'radio-group') return f.options.some((o) => o.value === s.value && !o.disabled);
              return true;
            })
          );
        },
      ),
      { numRuns: 10_000 },
    );
  }, 300_000);
});

describe('adapter mapping against misleading labels', () => {
  /** A form whose labels are swapped, as on an EHR screen re-purposed by a local build. */
  function misleadingForm() {
    document.body.replaceChildren();
    const form = document.createElement('form');
    for (const [id, label] of [
      ['rsn', 'Comments'],
      ['cmt', 'Reason for referral'],
    ] as const) {
      const l = document.createElement('label');
      l.htmlFor = id;
      l.textContent = label;
      const t = document.createElement('textarea');
      t.id = id;
      t.name = id;
      form.append(l, t);
    }
    document.body.append(form);
    return collectFields(document);
  }
  const idOf = (plan: FillPlan, form: ReturnType<typeof collectFields>, valueId: PacketValueId) =>
    form.fields.find((f) => f.key === plan.steps.find((s) => s.valueId === valueId)?.fieldKey)?.id;

  it('labels alone put the reason in the field labelled "Reason for referral"', () => {
    const form = misleadingForm();
    const plan = planFill(form, values);
    expect(idOf(plan, form, 'referral.reason')).toBe('cmt');
  });

  it('the adapter’s mapping (translated from its ReferralFieldKeys) wins over the labels', () => {
    const form = misleadingForm();
    const plan = planFill(form, values, { adapter: plannerMappingOf({ reason: 'textarea#rsn', notes: 'textarea[name="cmt"]' }) });
    expect(idOf(plan, form, 'referral.reason')).toBe('rsn');
    expect(idOf(plan, form, 'referral.notes')).toBe('cmt');
    expect(plan.steps.filter((s) => s.source === 'adapter')).toHaveLength(2);
    expect(plan.warnings).toEqual([]);
  });
});
