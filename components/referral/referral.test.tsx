// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import axe from 'axe-core';
import { FillPreview, confidenceWord } from './FillPreview';
import { ConsentForm } from './ConsentForm';
import { ConsentList } from './ConsentList';
import { ReferralLetter } from './ReferralLetter';
import { ReferralList } from './ReferralList';
import type { FillPlan } from '@/lib/referral/plan';
import { recordConsent, revoke } from '@/lib/consent/consent';
import { draftReferral, transition } from '@/lib/referral/status';
import { PART2_REDISCLOSURE_NOTICE } from '@/lib/referral/packet';
import { samplePacket } from '@/tests/fixtures/forms/sample-packet';
import { sampleConsentInput } from '@/tests/fixtures/forms/sample-consent';
import { useActMount } from '@/tests/support/render-root';

const mount = useActMount();

function type(el: Element, value: string) {
  act(() => {
    (el as HTMLInputElement).value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
function choose(el: Element, value: string) {
  act(() => {
    (el as HTMLSelectElement).value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}
function click(el: Element | null) {
  act(() => (el as HTMLElement).click());
}
const button = (root: Element, text: RegExp) => Array.from(root.querySelectorAll('button')).find((b) => text.test(b.textContent ?? ''))!;

async function axeViolations(root: Element) {
  const result = await axe.run(root, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const plan: FillPlan = {
  url: 'http://ehr.example/referral',
  steps: [
    { fieldKey: '#to', fieldLabel: 'Referred to', control: 'text', valueId: 'provider.name', value: 'Harbor Recovery Center', display: 'Harbor Recovery Center', confidence: 0.92, source: 'label', include: true, options: [] },
    {
      fieldKey: '#pri',
      fieldLabel: 'Priority',
      control: 'select',
      valueId: 'referral.urgency',
      value: 'U',
      display: 'Urgent',
      confidence: 0.6,
      source: 'label',
      include: true,
      options: [
        { value: 'R', label: 'Routine', disabled: false },
        { value: 'U', label: 'Urgent', disabled: false },
      ],
    },
  ],
  unplaced: [{ valueId: 'clinician.npi', reason: 'no field on this form looks like it' }],
  warnings: [],
};

describe('the axe check itself', () => {
  it('does report an unlabelled input under happy-dom (so a clean result means something)', async () => {
    const root = mount(<form><input type="text" /></form>);
    expect((await axeViolations(root)).join()).toContain('label');
  });
});

describe('FillPreview', () => {
  it('shows each planned field with its value, confidence and include box', () => {
    const root = mount(<FillPreview plan={plan} onChange={() => {}} onConfirm={() => {}} onCancel={() => {}} />);
    const rows = root.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('Referred to');
    expect(rows[0]!.textContent).toContain('High');
    expect(rows[1]!.textContent).toContain('Check');
    expect((root.querySelector('select[aria-label="Value for Priority"]') as HTMLSelectElement).value).toBe('U');
    expect(root.textContent).toContain('1 item(s) have no field');
    expect(confidenceWord(0.7)).toBe('Medium');
  });

  it('edits a value and the include box through onChange, and confirms the edited plan', () => {
    const onChange = vi.fn();
    const onConfirm = vi.fn();
    const root = mount(<FillPreview plan={plan} onChange={onChange} onConfirm={onConfirm} onCancel={() => {}} />);
    type(root.querySelector('input[aria-label="Value for Referred to"]')!, 'Harbor Recovery Center (Main St)');
    expect(onChange.mock.calls[0]![0].steps[0]).toMatchObject({ value: 'Harbor Recovery Center (Main St)', source: 'clinician' });
    choose(root.querySelector('select[aria-label="Value for Priority"]')!, 'R');
    expect(onChange.mock.calls[1]![0].steps[1]).toMatchObject({ value: 'R', display: 'Routine' });
    click(root.querySelector('input[aria-label="Include Priority"]'));
    expect(onChange.mock.calls[2]![0].steps[1].include).toBe(false);
    click(button(root, /Fill 2 fields/));
    expect(onConfirm).toHaveBeenCalledWith(plan);
  });

  it('cannot confirm when nothing is included, and shows an abort message', () => {
    const none = { ...plan, steps: plan.steps.map((s) => ({ ...s, include: false })) };
    const root = mount(<FillPreview plan={none} message="The patient on the page changed; nothing was filled." onChange={() => {}} onConfirm={() => {}} onCancel={() => {}} />);
    expect(button(root, /Fill 0 fields/).disabled).toBe(true);
    expect(root.querySelector('[role="alert"]')!.textContent).toContain('patient on the page changed');
  });

  it('has no axe violations', async () => {
    const root = mount(<FillPreview plan={plan} onChange={() => {}} onConfirm={() => {}} onCancel={() => {}} />);
    expect(await axeViolations(root)).toEqual([]);
  });
});

describe('ConsentForm', () => {
  const props = {
    patientName: 'Jane Q Testpatient',
    patientFingerprint: 'fp-abcdef0123',
    discloser: 'Riverside Family Medicine',
    recipients: [{ id: 'prov-harbor', name: 'Harbor Recovery Center' }],
    today: '2026-11-23',
    nowIso: '2026-11-23T13:00:00.000Z',
    newId: () => 'consent-new',
    onCancel: () => {},
  };
  const field = (root: Element, label: RegExp) => {
    const l = Array.from(root.querySelectorAll('label')).find((x) => label.test(x.textContent ?? ''))!;
    return l.querySelector('input, select, textarea')!;
  };

  it('requires the attestation, then lists the missing §2.31 elements', () => {
    const onSave = vi.fn();
    const root = mount(<ConsentForm {...props} onSave={onSave} />);
    click(button(root, /Save consent/));
    expect(root.querySelector('[role="alert"]')!.textContent).toContain('Confirm that the patient');
    click(field(root, /I confirm the patient/));
    click(button(root, /Save consent/));
    expect(root.querySelector('[role="alert"]')!.textContent).toContain('expiry.date');
    expect(onSave).not.toHaveBeenCalled();
  });

  it('saves a complete consent that consent rules accept', () => {
    const onSave = vi.fn();
    const root = mount(<ConsentForm {...props} onSave={onSave} />);
    type(field(root, /Expiry date/), '2027-11-23');
    choose(field(root, /How it was signed/), 'verbal-attested');
    type(field(root, /Staff member attesting/), 'M. Okafor, RN');
    click(field(root, /I confirm the patient/));
    click(button(root, /Save consent/));
    expect(onSave).toHaveBeenCalledOnce();
    const consent = onSave.mock.calls[0]![0];
    expect(consent).toMatchObject({
      id: 'consent-new',
      recipients: [{ kind: 'named', id: 'prov-harbor', name: 'Harbor Recovery Center' }],
      expiry: { kind: 'date', date: '2027-11-23' },
      signature: { signedBy: 'patient', method: 'verbal-attested', attestedBy: 'M. Okafor, RN', date: '2026-11-23' },
    });
    expect(() => recordConsent(consent)).not.toThrow();
  });

  it('every control has a label and the form has no axe violations', async () => {
    const root = mount(<ConsentForm {...props} onSave={() => {}} />);
    for (const c of Array.from(root.querySelectorAll('input, select, textarea'))) expect(c.closest('label'), c.outerHTML).not.toBeNull();
    expect(await axeViolations(root)).toEqual([]);
  });
});

describe('ConsentList', () => {
  const now = new Date('2026-11-24T10:00:00Z');
  const active = recordConsent(sampleConsentInput());
  const revoked = revoke(recordConsent(sampleConsentInput({ id: 'c2' })), new Date('2026-11-24T09:00:00Z'), 'Jane (phone)');

  it('shows status now, and revokes in two steps naming who revoked', () => {
    const onRevoke = vi.fn();
    const root = mount(<ConsentList consents={[active, revoked]} now={now} onRevoke={onRevoke} />);
    const items = root.querySelectorAll('li');
    expect(items[0]!.textContent).toContain('Active');
    expect(items[1]!.textContent).toContain('Revoked');
    expect(items[1]!.querySelector('button')).toBeNull();
    click(button(items[0]!, /Revoke/));
    type(items[0]!.querySelector('input')!, 'Jane Q Testpatient');
    click(button(items[0]!, /Confirm revocation/));
    expect(onRevoke).toHaveBeenCalledWith('consent-0001', 'Jane Q Testpatient');
  });
});

describe('ReferralLetter', () => {
  it('renders the letter with the §2.32 notice last, print and copy buttons', () => {
    const onPrint = vi.fn();
    const root = mount(<ReferralLetter packet={samplePacket()} onPrint={onPrint} onCopy={() => {}} />);
    const sections = root.querySelectorAll('section');
    expect(sections[sections.length - 1]!.textContent).toContain(PART2_REDISCLOSURE_NOTICE);
    expect(root.querySelector('h1')!.textContent).toBe('Referral for substance use treatment');
    click(button(root, /Print/));
    expect(onPrint).toHaveBeenCalled();
  });

  it('renders text, never markup, from the packet', () => {
    const root = mount(<ReferralLetter packet={samplePacket({ notes: '<img src=x onerror=alert(1)>' })} />);
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('ReferralList', () => {
  const t0 = new Date('2026-11-20T12:00:00Z');
  const sent = transition(draftReferral(samplePacket({ id: 'r1' }), t0), 'sent', t0); // follow-up 11-27
  const closed = transition(draftReferral(samplePacket({ id: 'r2' }), t0), 'closed', t0);

  it('flags due follow-ups with a badge and offers only allowed next statuses', () => {
    const onChange = vi.fn();
    const root = mount(<ReferralList referrals={[sent, closed]} today="2026-11-27" showPatient onChangeStatus={onChange} />);
    expect(root.querySelector('.bridge-referral-badge')!.getAttribute('aria-label')).toBe('1 follow-up due');
    const select = root.querySelector('tbody tr select') as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.value)).toEqual(['', 'scheduled', 'declined', 'closed']);
    choose(select, 'scheduled');
    type(Array.from(root.querySelectorAll('label')).find((l) => /Appointment/.test(l.textContent ?? ''))!.querySelector('input')!, '2026-12-02');
    click(button(root, /^Save$/));
    expect(onChange).toHaveBeenCalledWith('r1', 'scheduled', { appointmentOn: '2026-12-02' });
    expect(root.querySelectorAll('tbody tr')[1]!.textContent).toContain('No further steps');
  });

  it('has no axe violations', async () => {
    const root = mount(<ReferralList referrals={[sent]} today="2026-11-27" onChangeStatus={() => {}} onExportCsv={() => {}} />);
    expect(await axeViolations(root)).toEqual([]);
  });
});
