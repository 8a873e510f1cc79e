/* eslint-disable @typescript-eslint/no-explicit-any -- tests edit FHIR JSON freely. */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ValidateFunction } from 'ajv';
import { carePlanFromBundle, importPreview, type ChartPatient } from './careplan-import';
import { carePlanBundle, referralBundleWithCarePlan } from './careplan';
import { referralBundle, type ScreeningResultInput } from './bundle';
import { carePlan } from '../careplan/plan';
import { samplePlanInput } from '../careplan/test-support';
import { diffPlans } from '../careplan/versioning';
import { recordConsent } from '../consent/consent';
import { samplePacket } from '../../tests/fixtures/forms/sample-packet';
import { sampleConsentInput } from '../../tests/fixtures/forms/sample-consent';
import { fhirR4Validator } from '../../tests/support/fhir-r4-schema';

let validate: ValidateFunction;
beforeAll(() => {
  validate = fhirR4Validator();
}, 120_000);

const plan = carePlan(samplePlanInput());
const chart: ChartPatient = { fingerprint: plan.patientFingerprint, name: 'Jane Q Testpatient', birthDate: '1980-04-02' };
const exported = (p = plan, patient?: { name: string; birthDate: string | null }) =>
  JSON.parse(JSON.stringify(carePlanBundle({ plan: p, version: 4, versionAt: '2026-11-24T09:00:00Z', type: 'collection', ...(patient ? { patient } : {}) }))) as any;
const resource = (bundle: any, type: string) => bundle.entry.find((e: any) => e.resource.resourceType === type).resource;

describe('carePlanFromBundle', () => {
  it('reads back exactly the plan Bridge exported (nothing changes on a round trip)', () => {
    const result = carePlanFromBundle(exported(), chart, plan);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(diffPlans(plan, result.plan)).toEqual([]);
    expect(result).toMatchObject({ sourceVersion: '4', matchedBy: 'fingerprint', warnings: [] });
  });

  it('reads a plan into an empty chart (no plan yet) with every item, and the preview lists them as added', () => {
    const result = carePlanFromBundle(exported(), chart, null);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.careTeam.map((m) => m.id)).toEqual(plan.careTeam.map((m) => m.id));
    expect(result.plan.interventions.map((i) => [i.id, i.kind, i.assignedTo])).toEqual(plan.interventions.map((i) => [i.id, i.kind, i.assignedTo]));
    expect(result.plan.decisions).toEqual(plan.decisions);
    const preview = importPreview(null, result.plan);
    expect(preview.lines).toContain('Added goal: I want to be sober enough to drive my kids to school every morning.');
    expect(preview.lines).toContain('Added care team member: Sam Testpatient');
  });

  it('previews what a colleague changed: a goal reworded, a member added, an intervention stopped', () => {
    const bundle = exported();
    resource(bundle, 'Goal').description.text = 'I want to drive my kids to school and coach soccer.';
    const cp = resource(bundle, 'CarePlan');
    cp.activity.find((a: any) => a.id === 'i-peer').detail.status = 'stopped';
    const team = resource(bundle, 'CareTeam');
    team.participant.push({ id: 'm-new', role: [{ text: 'Addiction medicine specialist' }], member: { display: 'Dr. Kim Osei' } });
    const result = carePlanFromBundle(bundle, chart, plan);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(importPreview(plan, result.plan).lines).toEqual([
      'Changed goal I want to drive my kids to school and coach soccer.: patientWords',
      'Changed intervention SMART Recovery meeting, Thursdays 6 pm: status',
      'Added care team member: Dr. Kim Osei',
    ]);
  });

  it('refuses a plan for another patient, naming them, and accepts the same person from another installation by name and birth date', () => {
    const other = exported(carePlan(samplePlanInput({ patientFingerprint: 'pf1m-someoneelse00' })), { name: 'John R Otherpatient', birthDate: '1975-01-01' });
    const refused = carePlanFromBundle(other, chart, plan);
    expect(refused).toEqual({ ok: false, message: expect.stringMatching(/for another patient \(John R Otherpatient, born 1975-01-01\), not the patient on this chart\. Nothing was imported/) });
    const sameElsewhere = exported(carePlan(samplePlanInput({ patientFingerprint: 'pf1m-otherinstall0' })), { name: 'TESTPATIENT, Jane', birthDate: '1980-04-02' });
    expect(carePlanFromBundle(sameElsewhere, chart, plan)).toMatchObject({ ok: true, matchedBy: 'name-and-birth-date' });
    const sameNameOtherBirthday = exported(carePlan(samplePlanInput({ patientFingerprint: 'pf1m-otherinstall0' })), { name: 'Jane Testpatient', birthDate: '1980-04-03' });
    expect(carePlanFromBundle(sameNameOtherBirthday, chart, plan).ok).toBe(false);
  });

  it('refuses what is not a bundle with one care plan, or a plan with no patient', () => {
    expect(carePlanFromBundle({ resourceType: 'Patient' }, chart, plan)).toMatchObject({ ok: false, message: /not a FHIR R4 Bundle/ });
    const noPlan = exported();
    noPlan.entry = noPlan.entry.filter((e: any) => e.resource.resourceType !== 'CarePlan');
    expect(carePlanFromBundle(noPlan, chart, plan)).toMatchObject({ ok: false, message: /no CarePlan/ });
    const noSubject = exported();
    delete resource(noSubject, 'CarePlan').subject;
    expect(carePlanFromBundle(noSubject, chart, plan)).toMatchObject({ ok: false, message: /does not say which patient/ });
  });

  it('property: never throws on any JSON, and any accepted plan is for the chart’s patient', () => {
    const base = exported();
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: base.entry.length - 1 }), fc.constantFrom('resource', 'subject', 'participant', 'goal', 'activity', 'note'), (junk, at, where) => {
        const bundle = structuredClone(base);
        const cp = resource(bundle, 'CarePlan');
        if (where === 'resource') bundle.entry[at].resource = junk;
        else if (where === 'participant') resource(bundle, 'CareTeam').participant = junk;
        else cp[where] = junk;
        const result = carePlanFromBundle(bundle, chart, plan);
        if (result.ok) expect(result.plan.patientFingerprint).toBe(chart.fingerprint);
        expect(carePlanFromBundle(junk, chart, null).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('referralBundleWithCarePlan', () => {
  const screening: ScreeningResultInput = {
    instrumentId: 'audit-c',
    instrumentName: 'AUDIT-C',
    loincPanel: '72109-2',
    totalScoreLoinc: '75626-2',
    completedAt: '2026-11-20T15:00:00.000Z',
    score: 9,
    answers: [{ linkId: 'q1', text: 'How often do you have a drink containing alcohol?', answer: 4 }],
  };
  const packet = samplePacket();
  let n = 0;
  const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  const referral = referralBundle({ packet, screening, consent: recordConsent(sampleConsentInput()), type: 'collection', now: new Date('2026-11-23T12:00:00Z'), uuid });
  const merged = referralBundleWithCarePlan(referral, { plan, version: 2, versionAt: '2026-11-23T13:00:00Z', referralId: packet.id, uuid });

  it('validates against the FHIR R4 schema and keeps every referral entry as it was', () => {
    expect(validate(merged), JSON.stringify(validate.errors)).toBe(true);
    expect(merged.entry.slice(0, referral.entry.length)).toEqual(referral.entry);
    expect(merged.entry.filter((e) => e.resource.resourceType === 'Patient')).toHaveLength(1);
  });
  it("points the plan at the referral's Patient, ServiceRequest and QuestionnaireResponse", () => {
    const url = (type: string) => merged.entry.find((e) => e.resource.resourceType === type)!.fullUrl;
    const cp = resource(merged, 'CarePlan');
    expect(cp.subject.reference).toBe(url('Patient'));
    expect(cp.supportingInfo).toEqual([{ reference: url('QuestionnaireResponse') }]);
    const sample = samplePlanInput();
    const referralIntervention = sample.interventions!.find((i) => i.referralId)!;
    // The sample plan's referral id differs from the packet's, so link it and check the reference.
    const linked = carePlan(samplePlanInput({ interventions: sample.interventions!.map((i) => (i.id === referralIntervention.id ? { ...i, referralId: packet.id } : i)) }));
    const withLink = referralBundleWithCarePlan(referral, { plan: linked, version: 2, versionAt: '2026-11-23T13:00:00Z', referralId: packet.id, uuid });
    expect(resource(withLink, 'CarePlan').activity.find((a: any) => a.id === referralIntervention.id).reference.reference).toBe(url('ServiceRequest'));
    expect(validate(withLink), JSON.stringify(validate.errors)).toBe(true);
  });
  it('is imported from inside the referral bundle too', () => {
    const chartFromPacket: ChartPatient = { fingerprint: packet.patient.fingerprint, name: packet.patient.name, birthDate: packet.patient.birthDate };
    const result = carePlanFromBundle(JSON.parse(JSON.stringify(merged)), chartFromPacket, plan);
    expect(result).toMatchObject({ ok: true, matchedBy: 'fingerprint' });
    if (result.ok) expect(diffPlans(plan, result.plan)).toEqual([]);
  });
});
