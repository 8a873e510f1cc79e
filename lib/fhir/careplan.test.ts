/* eslint-disable @typescript-eslint/no-explicit-any -- assertions walk FHIR JSON freely; the schema check types it. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import { carePlanBundle, carePlanNarrative } from './careplan';
import { referralBundle, type ScreeningResultInput } from './bundle';
import { SUD_SECURITY_LABELS } from './security';
import { carePlan } from '../careplan/plan';
import { samplePlanInput } from '../careplan/test-support';
import { findStigmatizingTerms } from '../language/check';
import { recordConsent } from '../consent/consent';
import { samplePacket } from '../../tests/fixtures/forms/sample-packet';
import { sampleConsentInput } from '../../tests/fixtures/forms/sample-consent';
import { fhirR4Validator } from '../../tests/support/fhir-r4-schema';

let validate: ValidateFunction;
beforeAll(() => {
  validate = fhirR4Validator();
}, 120_000);

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const plan = carePlan(samplePlanInput());
const build = (type: 'collection' | 'transaction' = 'collection') => carePlanBundle({ plan, version: 3, versionAt: '2026-11-23T14:05:00Z', type, uuid });
const byType = (b: { entry: { resource: { resourceType: string } }[] }, t: string) => b.entry.filter((e) => e.resource.resourceType === t).map((e) => e.resource as Record<string, any>);

describe('carePlanBundle', () => {
  it.each(['collection', 'transaction'] as const)('a %s bundle validates against the FHIR R4 JSON schema', (type) => {
    const bundle = build(type);
    const ok = validate(bundle);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
  it('the schema check is not vacuous (it sees inside entries; it does not check code value sets)', () => {
    const misspelt = build();
    byType(misspelt, 'Goal')[0]!.descriptions = {};
    expect(validate(misspelt)).toBe(false);
    const missing = build();
    delete byType(missing, 'CarePlan')[0]!.subject;
    expect(validate(missing)).toBe(false);
  });
  it('has a CarePlan, a CareTeam, a Goal per goal and a Condition per problem, all referenced', () => {
    const bundle = build();
    const urls = new Set(bundle.entry.map((e) => e.fullUrl));
    const cp = byType(bundle, 'CarePlan')[0]!;
    expect(cp).toMatchObject({ status: 'active', intent: 'plan', meta: { versionId: '3', lastUpdated: '2026-11-23T14:05:00Z' } });
    expect(byType(bundle, 'Goal')).toHaveLength(plan.goals.length);
    expect(byType(bundle, 'Condition')).toHaveLength(plan.problems.length);
    for (const ref of [...cp.goal, ...cp.addresses, ...cp.careTeam, cp.subject]) expect(urls.has(ref.reference)).toBe(true);
    expect(cp.activity).toHaveLength(plan.interventions.length);
    expect(cp.note[0].text).toMatch(/Options discussed: Naltrexone; Acamprosate; No medication for now\. The patient's preference: Wants to read/);
  });
  it("keeps the goal in the patient's words, expressed by the patient, with its measure and date", () => {
    const goal = byType(build(), 'Goal')[0]!;
    expect(goal.description.text).toBe(plan.goals[0]!.patientWords);
    expect(goal.expressedBy).toEqual(goal.subject);
    expect(goal.target).toEqual([{ measure: { text: 'audit-c score' }, detailRange: { high: { value: 3 } }, dueDate: '2027-02-20' }]);
  });
  it('puts the patient and a support person on the care team, with roles and responsibilities', () => {
    const bundle = build();
    const team = byType(bundle, 'CareTeam')[0]!;
    expect(team.participant.map((p: any) => p.role[0].text)).toEqual(['Patient', 'Support person', 'Primary care clinician', 'Behavioral health care manager', 'Peer recovery specialist']);
    expect(team.participant[0].member.reference).toBe(byType(bundle, 'CarePlan')[0]!.subject.reference);
    expect(byType(bundle, 'RelatedPerson')[0]!.name[0].text).toBe('Sam Testpatient');
    expect(team.note.map((x: any) => x.text)).toContain('Sam Testpatient (Support person): Drives Jane to meetings');
  });
  it('labels every SUD-bearing resource and quotes the ICD-10-CM title as a code', () => {
    const bundle = build();
    for (const t of ['CarePlan', 'CareTeam', 'Goal', 'Condition']) {
      for (const r of byType(bundle, t)) expect(r.meta.security).toEqual(SUD_SECURITY_LABELS);
    }
    const aud = byType(bundle, 'Condition').find((c) => c.code.coding)!;
    expect(aud.code.coding[0]).toEqual({ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'F10.20', display: 'Alcohol dependence, uncomplicated' });
    expect(aud.verificationStatus.coding[0].code).toBe('provisional');
  });
  it('writes a narrative with no stigmatizing terms, and escapes what people typed', () => {
    expect(findStigmatizingTerms(carePlanNarrative(plan), { lang: 'en' })).toEqual([]);
    const odd = carePlan(samplePlanInput({ goals: [{ id: 'g', patientWords: '<b>Stop</b> & "rest"', targetDate: '2027-01-01' }], interventions: [] }));
    expect(carePlanNarrative(odd)).toContain('&lt;b&gt;Stop&lt;/b&gt; &amp; &quot;rest&quot;');
  });
});

describe('a care plan inside the referral bundle', () => {
  it('references the referral ServiceRequest and the screening QuestionnaireResponse, and validates', () => {
    const screening: ScreeningResultInput = { instrumentId: 'audit-c', instrumentName: 'AUDIT-C', completedAt: '2026-11-20T15:04:00Z', score: 9, answers: [] };
    const referral = referralBundle({ packet: samplePacket(), screening, consent: recordConsent(sampleConsentInput()), type: 'collection', now: new Date('2026-11-23T14:00:00Z'), uuid });
    const urlOf = (t: string) => referral.entry.find((e) => e.resource.resourceType === t)!.fullUrl;
    const planPart = carePlanBundle({
      plan,
      version: 1,
      versionAt: '2026-11-23T14:00:00Z',
      patientReference: urlOf('Patient'),
      serviceRequests: { 'ref-0001': urlOf('ServiceRequest') },
      questionnaireResponses: [urlOf('QuestionnaireResponse')],
      type: 'collection',
      uuid,
    });
    const merged = { ...referral, entry: [...referral.entry, ...planPart.entry] };
    expect(validate(merged)).toBe(true);
    expect(byType(merged, 'Patient')).toHaveLength(1);
    const cp = byType(merged, 'CarePlan')[0]!;
    expect(cp.supportingInfo).toEqual([{ reference: urlOf('QuestionnaireResponse') }]);
    expect(cp.activity.find((a: any) => a.reference)).toEqual({ id: 'i-ref', reference: { reference: urlOf('ServiceRequest'), display: 'Intensive outpatient program at Harbor Recovery Center' } });
    const urls = new Set(merged.entry.map((e) => e.fullUrl));
    const refs = JSON.stringify(merged).match(/urn:uuid:[0-9a-f-]+/g)!;
    for (const r of refs) expect(urls.has(r)).toBe(true);
  });
});
