import type { CarePlan, CareTeamMember, Goal, Intervention, Problem } from '../careplan/plan';
import { BRIDGE_IDENTIFIER_SYSTEM, type FhirBundle } from './bundle';
import { sudSecurityLabels } from './security';

/**
 * A care plan as FHIR R4: CarePlan + CareTeam + Goal, with a Condition per problem (CarePlan and
 * Goal `addresses` must point at Conditions) and the team members as Patient, RelatedPerson,
 * Practitioner or Organization. The referral's ServiceRequest and the screening's
 * QuestionnaireResponse are referenced, not copied: pass their references when the plan goes
 * inside the referral bundle. Every resource carrying SUD information has the R / ETH /
 * 42CFRPart2 / NORDSCLCD labels; the plan's version is the CarePlan's `meta.versionId`.
 */

const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const CONDITION_VER = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
const GOAL_ACHIEVEMENT = 'http://terminology.hl7.org/CodeSystem/goal-achievement';

type Resource = { resourceType: string; [key: string]: unknown };
type Reference = { reference: string; display?: string };

export interface CarePlanExportInput {
  plan: CarePlan;
  /** The plan's version number (lib/careplan/versioning), written as `meta.versionId`. */
  version: number;
  /** When that version was made (ISO date-time), written as `meta.lastUpdated`. */
  versionAt: string;
  /** A Patient already in the bundle (the referral bundle's); otherwise one is added. */
  patientReference?: string;
  /**
   * What the added Patient says about who the plan is for (as the chart shows it), so a
   * colleague's Bridge can refuse the plan on the wrong chart. Fingerprints only match between
   * installations sharing a salt; the name and birth date let it match elsewhere.
   */
  patient?: { name: string; birthDate: string | null };
  /** ServiceRequest references by lib/referral id, for referral interventions. */
  serviceRequests?: Readonly<Record<string, string>>;
  /** QuestionnaireResponse references of the screenings behind the plan. */
  questionnaireResponses?: readonly string[];
  type: 'collection' | 'transaction';
  uuid?: () => string;
}

/** Care team roles as written in the CareTeam (and read back by careplan-import.ts). */
export const ROLE_LABEL: Record<CareTeamMember['role'], string> = {
  patient: 'Patient',
  'support-person': 'Support person',
  'primary-care-clinician': 'Primary care clinician',
  'behavioral-health-care-manager': 'Behavioral health care manager',
  'psychiatric-consultant': 'Psychiatric consultant',
  'addiction-specialist': 'Addiction medicine specialist',
  'peer-recovery-specialist': 'Peer recovery specialist',
  'treatment-program': 'Treatment program',
  'community-service': 'Community service',
  other: 'Other',
};

/** Intervention kinds as written in each activity's `code.text`. */
export const INTERVENTION_LABEL: Record<Intervention['kind'], string> = {
  moud: 'Medication for opioid use disorder',
  counseling: 'Counseling',
  'brief-intervention-follow-up': 'Brief intervention follow-up',
  referral: 'Referral to treatment',
  'peer-support': 'Peer support',
  housing: 'Housing services',
  vocational: 'Vocational services',
  'harm-reduction': 'Harm reduction services',
  other: 'Other',
};

/** Intervention status → CarePlan activity status. */
export const ACTIVITY_STATUS: Record<Intervention['status'], string> = {
  planned: 'not-started',
  active: 'in-progress',
  completed: 'completed',
  stopped: 'stopped',
};

/** Goal status → Goal.lifecycleStatus. */
export const GOAL_STATUS: Record<Goal['status'], string> = { proposed: 'proposed', active: 'active', achieved: 'completed', stopped: 'cancelled' };

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const identifier = (kind: string, value: string) => ({ system: `${BRIDGE_IDENTIFIER_SYSTEM}/${kind}`, value });

/** The plan's narrative in plain words (checked by lib/language in tests). */
export function carePlanNarrative(plan: CarePlan): string {
  const list = (heading: string, items: string[]) => (items.length ? `<p>${escapeXml(heading)}</p><ul>${items.map((i) => `<li>${escapeXml(i)}</li>`).join('')}</ul>` : '');
  return (
    '<div xmlns="http://www.w3.org/1999/xhtml">' +
    list('Goals, in the patient\'s words', plan.goals.map((g) => `${g.patientWords} (by ${g.targetDate})`)) +
    list('What we will do', plan.interventions.map((i) => `${INTERVENTION_LABEL[i.kind]}: ${i.description}`)) +
    list('Care team', plan.careTeam.map((m) => `${m.name}, ${ROLE_LABEL[m.role]}${m.organisation ? `, ${m.organisation}` : ''}`)) +
    '</div>'
  );
}

/**
 * The plan as a FHIR R4 Bundle (collection or transaction). References are `urn:uuid:` fullUrls,
 * as in the referral bundle, so the entries can be merged into it.
 */
export function carePlanBundle(input: CarePlanExportInput): FhirBundle {
  const { plan, type } = input;
  const uuid = input.uuid ?? (() => globalThis.crypto.randomUUID());
  const entries: FhirBundle['entry'] = [];
  const add = (resource: Resource): string => {
    const id = uuid();
    const fullUrl = `urn:uuid:${id}`;
    entries.push({ fullUrl, resource: type === 'collection' ? { ...resource, id } : resource, ...(type === 'transaction' ? { request: { method: 'POST' as const, url: resource.resourceType } } : {}) });
    return fullUrl;
  };
  const security = () => ({ security: sudSecurityLabels() });

  const patientMember = plan.careTeam.find((m) => m.role === 'patient');
  const patient: Reference = {
    reference:
      input.patientReference ??
      add({
        resourceType: 'Patient',
        identifier: [identifier('patient-fingerprint', plan.patientFingerprint)],
        ...(input.patient ? { name: [{ text: input.patient.name }] } : patientMember ? { name: [{ text: patientMember.name }] } : {}),
        ...(input.patient?.birthDate ? { birthDate: input.patient.birthDate } : {}),
      }),
    ...(patientMember ? { display: patientMember.name } : {}),
  };

  const conditionRefs = new Map<string, Reference>();
  for (const problem of plan.problems) conditionRefs.set(problem.id, { reference: add(condition(problem, patient)), display: problem.description });

  const memberRefs = new Map<string, Reference>();
  for (const m of plan.careTeam) memberRefs.set(m.id, { reference: m.role === 'patient' ? patient.reference : add(memberResource(m, patient)), display: m.name });

  const careTeamRef = add({
    resourceType: 'CareTeam',
    meta: security(),
    identifier: [identifier('care-team', plan.id)],
    status: plan.status === 'active' ? 'active' : 'inactive',
    name: 'Care team',
    subject: patient,
    // Element ids carry Bridge's item ids, so a colleague's Bridge can import the plan item by item.
    participant: plan.careTeam.map((m) => ({
      id: m.id,
      role: [{ text: ROLE_LABEL[m.role] }],
      member: memberRefs.get(m.id)!,
      // onBehalfOf is only allowed for a Practitioner member (ctm-1).
      ...(m.organisation && memberKind(m) === 'Practitioner' ? { onBehalfOf: { display: m.organisation } } : {}),
    })),
    ...(plan.careTeam.some((m) => m.responsibilities.length)
      ? { note: plan.careTeam.filter((m) => m.responsibilities.length).map((m) => ({ text: `${m.name} (${ROLE_LABEL[m.role]}): ${m.responsibilities.join('; ')}` })) }
      : {}),
  });

  const goalRefs = new Map<string, Reference>();
  for (const g of plan.goals) {
    goalRefs.set(
      g.id,
      {
        reference: add({
          resourceType: 'Goal',
          meta: security(),
          identifier: [identifier('goal', `${plan.id}:${g.id}`)],
          lifecycleStatus: GOAL_STATUS[g.status],
          ...(g.status === 'achieved' ? { achievementStatus: { coding: [{ system: GOAL_ACHIEVEMENT, code: 'achieved', display: 'Achieved' }] } } : {}),
          description: { text: g.patientWords },
          subject: patient,
          expressedBy: patient,
          target: [
            {
              ...(g.measure
                ? {
                    measure: { text: `${g.measure.instrumentId} score` },
                    detailRange: g.measure.direction === 'decrease' ? { high: { value: g.measure.target } } : { low: { value: g.measure.target } },
                  }
                : {}),
              dueDate: g.targetDate,
            },
          ],
          ...(g.problemIds.length ? { addresses: g.problemIds.map((p) => conditionRefs.get(p)!) } : {}),
        }),
        display: g.patientWords,
      },
    );
  }

  const activity = plan.interventions.map((iv) => {
    const serviceRequest = iv.referralId ? input.serviceRequests?.[iv.referralId] : undefined;
    // A CarePlan activity has a reference or a detail, not both (cpl-3).
    if (serviceRequest) return { id: iv.id, reference: { reference: serviceRequest, display: iv.description } };
    const performer = iv.assignedTo ? memberRefs.get(iv.assignedTo) : undefined;
    return {
      id: iv.id,
      detail: {
        kind: iv.kind === 'referral' ? 'ServiceRequest' : iv.kind === 'moud' ? 'MedicationRequest' : 'Task',
        code: { text: INTERVENTION_LABEL[iv.kind] },
        ...(iv.goalIds.length ? { goal: iv.goalIds.map((g) => goalRefs.get(g)!) } : {}),
        status: ACTIVITY_STATUS[iv.status],
        ...(iv.startOn || iv.dueOn ? { scheduledPeriod: { ...(iv.startOn ? { start: iv.startOn } : {}), ...(iv.dueOn ? { end: iv.dueOn } : {}) } } : iv.frequency ? { scheduledString: iv.frequency } : {}),
        ...(performer ? { performer: [performer] } : {}),
        ...(iv.medication ? { productCodeableConcept: { text: iv.medication } } : {}),
        description: iv.description,
      },
    };
  });

  add({
    resourceType: 'CarePlan',
    meta: { versionId: String(input.version), lastUpdated: input.versionAt, ...security() },
    identifier: [identifier('care-plan', plan.id)],
    text: { status: 'generated', div: carePlanNarrative(plan) },
    status: plan.status === 'active' ? 'active' : 'completed',
    intent: 'plan',
    title: 'Shared care plan for substance use',
    subject: patient,
    careTeam: [{ reference: careTeamRef }],
    ...(conditionRefs.size ? { addresses: [...conditionRefs.values()] } : {}),
    ...(goalRefs.size ? { goal: [...goalRefs.values()] } : {}),
    ...(input.questionnaireResponses?.length ? { supportingInfo: input.questionnaireResponses.map((r) => ({ reference: r })) } : {}),
    ...(activity.length ? { activity } : {}),
    ...(plan.decisions.length
      ? {
          note: plan.decisions.map((d) => ({
            id: d.id,
            ...(memberRefs.has(d.recordedBy) ? { authorReference: memberRefs.get(d.recordedBy)! } : {}),
            time: `${d.on}T00:00:00Z`,
            text:
              `Shared decision, ${d.topic}. Options discussed: ${d.optionsDiscussed.join('; ')}. ` +
              `The patient's preference: ${d.patientPreference}${d.decision ? ` Decision: ${d.decision}` : ''}`,
          })),
        }
      : {}),
  });

  return { resourceType: 'Bundle', type, meta: { security: sudSecurityLabels() }, entry: entries };
}

function condition(problem: Problem, patient: Reference): Resource {
  return {
    resourceType: 'Condition',
    meta: { security: sudSecurityLabels() },
    identifier: [identifier('problem', problem.id)],
    clinicalStatus: { coding: [{ system: CONDITION_CLINICAL, code: problem.status === 'active' ? 'active' : 'resolved' }] },
    // Bridge suggests; the clinician confirms (domain.md "DSM-5 severity and ICD-10-CM").
    verificationStatus: { coding: [{ system: CONDITION_VER, code: 'provisional' }] },
    category: [{ coding: [{ system: CONDITION_CATEGORY, code: 'problem-list-item', display: 'Problem List Item' }] }],
    code: {
      ...(problem.icd ? { coding: [{ system: ICD10CM, code: problem.icd.code, display: problem.icd.title }] } : {}),
      text: problem.description,
    },
    subject: patient,
    recordedDate: problem.identifiedOn,
  };
}

function memberKind(m: CareTeamMember): 'RelatedPerson' | 'Practitioner' | 'Organization' {
  if (m.role === 'support-person') return 'RelatedPerson';
  if (m.role === 'treatment-program' || m.role === 'community-service') return 'Organization';
  return 'Practitioner';
}

function memberResource(m: CareTeamMember, patient: Reference): Resource {
  const telecom = [
    ...(m.contact?.phone ? [{ system: 'phone', value: m.contact.phone }] : []),
    ...(m.contact?.email ? [{ system: 'email', value: m.contact.email }] : []),
  ];
  const address = m.contact?.address ? { address: [{ text: m.contact.address }] } : {};
  const common = { identifier: [identifier('care-team-member', m.id)], ...(telecom.length ? { telecom } : {}), ...address };
  switch (memberKind(m)) {
    case 'RelatedPerson':
      return { resourceType: 'RelatedPerson', ...common, patient, name: [{ text: m.name }] };
    case 'Organization':
      return { resourceType: 'Organization', ...common, name: m.organisation ? `${m.name}, ${m.organisation}` : m.name };
    case 'Practitioner':
      return { resourceType: 'Practitioner', ...common, name: [{ text: m.name }] };
  }
}

/**
 * The referral bundle (lib/fhir/bundle.ts) with the care plan inside it: the plan's resources are
 * added to the same bundle, its subject is the referral's Patient, the referral intervention
 * points at the referral's ServiceRequest and the CarePlan's supportingInfo at the screening's
 * QuestionnaireResponse. The referral's entries are left exactly as they were.
 */
export function referralBundleWithCarePlan(
  referral: FhirBundle,
  input: Omit<CarePlanExportInput, 'type' | 'patientReference' | 'serviceRequests' | 'questionnaireResponses' | 'patient'> & { referralId: string },
): FhirBundle {
  const find = (type: string) => referral.entry.filter((e) => e.resource.resourceType === type);
  const patient = find('Patient')[0];
  if (!patient) throw new Error('The referral bundle has no Patient; the care plan cannot be added to it.');
  const serviceRequest = find('ServiceRequest').find((e) => {
    const ids = e.resource.identifier as { system?: string; value?: string }[] | undefined;
    return ids?.some((i) => i.system === `${BRIDGE_IDENTIFIER_SYSTEM}/referral` && i.value === input.referralId);
  });
  const { referralId, ...rest } = input;
  const plan = carePlanBundle({
    ...rest,
    type: referral.type,
    patientReference: patient.fullUrl,
    ...(serviceRequest ? { serviceRequests: { [referralId]: serviceRequest.fullUrl } } : {}),
    questionnaireResponses: find('QuestionnaireResponse').map((e) => e.fullUrl),
  });
  return { ...referral, entry: [...referral.entry, ...plan.entry] };
}
