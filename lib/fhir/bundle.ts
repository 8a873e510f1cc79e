import type { Consent } from '../consent/consent';
import { consentStatus } from '../consent/consent';
import type { ReferralPacket } from '../referral/packet';
import { levelOfCareLabel } from '../referral/packet';
import { sudSecurityLabels, type Coding } from './security';

/**
 * Bridge's own identifier namespace. A placeholder until the project has a registered domain:
 * replace the host, keep the paths.
 */
export const BRIDGE_FHIR_BASE = 'https://sud-bridge.example/fhir';
export const BRIDGE_IDENTIFIER_SYSTEM = `${BRIDGE_FHIR_BASE}/identifier`;

const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const NPI = 'http://hl7.org/fhir/sid/us-npi';
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/** One answered item of a screening, as the screening module reports it. */
export interface ScreeningAnswer {
  linkId: string;
  text: string;
  /** LOINC code of the question, when the instrument has one (leave out rather than guess). */
  loinc?: string;
  answer: string | number | boolean | { code: string; display: string; system?: string };
}

/** A completed screening with its answers: the generic input the FHIR builder needs. */
export interface ScreeningResultInput {
  instrumentId: string;
  instrumentName: string;
  /** LOINC panel code (e.g. AUDIT-C 72109-2), if any. */
  loincPanel?: string;
  /** LOINC code of the total score item (e.g. AUDIT-C 75626-2), if any. */
  totalScoreLoinc?: string;
  /** Canonical URL of the Questionnaire; defaults to Bridge's own for the instrument. */
  questionnaire?: string;
  completedAt: string;
  score: number;
  answers: ScreeningAnswer[];
}

export interface ReferralBundleInput {
  packet: ReferralPacket;
  screening: ScreeningResultInput;
  /** The consent the disclosure relies on; its status is written as of `now`. */
  consent: Consent | null;
  /** `collection` to export or print, `transaction` to POST to a FHIR server. */
  type: 'collection' | 'transaction';
  now: Date;
  /** Makes the urn:uuid ids (tests pass a counter). */
  uuid?: () => string;
}

type Resource = { resourceType: string; [key: string]: unknown };
export interface FhirBundle {
  resourceType: 'Bundle';
  type: 'collection' | 'transaction';
  [key: string]: unknown;
  entry: { fullUrl: string; resource: Resource; request?: { method: 'POST'; url: string } }[];
}

/** Bridge's own identifier of one item: `${BRIDGE_IDENTIFIER_SYSTEM}/<kind>` | value. */
export function bridgeIdentifier(kind: string, value: string) {
  return { system: `${BRIDGE_IDENTIFIER_SYSTEM}/${kind}`, value };
}

/** A questionnaire answer as the FHIR `value[x]` that fits its type. */
export function answerValue(answer: ScreeningAnswer['answer']): Record<string, unknown> {
  if (typeof answer === 'boolean') return { valueBoolean: answer };
  if (typeof answer === 'number') return Number.isInteger(answer) ? { valueInteger: answer } : { valueDecimal: answer };
  if (typeof answer === 'string') return { valueString: answer };
  return { valueCoding: { ...(answer.system ? { system: answer.system } : {}), code: answer.code, display: answer.display } };
}

/** The v3-ActReason code of a consent's purpose (none for `other`). */
export const PURPOSE_CODE: Record<Consent['purpose']['kind'], Coding | null> = {
  treatment: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT', display: 'treatment' },
  payment: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'HPAYMT', display: 'healthcare payment' },
  'health-care-operations': { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'HOPERAT', display: 'healthcare operations' },
  other: null,
};

/**
 * Builds an R4 Bundle for a referral: Patient, Practitioner and Organization (referring side),
 * Organization and Location per chosen provider, Questionnaire + QuestionnaireResponse for the
 * screening (LOINC codes on the Questionnaire items),
 * Consent when given, and the ServiceRequest tying them together. Resources that carry SUD
 * information (ServiceRequest, QuestionnaireResponse, Consent, and the Bundle) carry the
 * R / ETH / 42CFRPart2 / NORDSCLCD labels; the §2.32 notice travels as a ServiceRequest note.
 * References are `urn:uuid:` fullUrls, so the same bundle works as collection or transaction.
 */
export function referralBundle(input: ReferralBundleInput): FhirBundle {
  const { packet, screening, consent, type, now } = input;
  const uuid = input.uuid ?? (() => globalThis.crypto.randomUUID());
  const entries: FhirBundle['entry'] = [];
  const add = (resource: Resource): string => {
    const id = uuid();
    const fullUrl = `urn:uuid:${id}`;
    const withId = type === 'collection' ? { ...resource, id } : resource;
    entries.push({ fullUrl, resource: withId, ...(type === 'transaction' ? { request: { method: 'POST' as const, url: resource.resourceType } } : {}) });
    return fullUrl;
  };
  const p = packet.patient;

  const patientRef = add({
    resourceType: 'Patient',
    identifier: [
      bridgeIdentifier('patient-fingerprint', p.fingerprint),
      ...(p.mrn ? [{ type: { coding: [{ system: V2_0203, code: 'MR', display: 'Medical record number' }] }, value: p.mrn }] : []),
    ],
    name: [{ text: p.name }],
    gender: p.sex,
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
    ...(p.postalCode ? { address: [{ postalCode: p.postalCode, country: 'US' }] } : {}),
  });

  const clinicRef = add({
    resourceType: 'Organization',
    identifier: [bridgeIdentifier('clinic', packet.clinic.name), ...(packet.clinic.npi ? [{ system: NPI, value: packet.clinic.npi }] : [])],
    name: packet.clinic.name,
    ...(packet.clinic.address ? { address: [{ text: packet.clinic.address }] } : {}),
  });

  const clinician = packet.referringClinician;
  const practitionerRef = add({
    resourceType: 'Practitioner',
    identifier: [bridgeIdentifier('clinician', clinician.name), ...(clinician.npi ? [{ system: NPI, value: clinician.npi }] : [])],
    name: [{ text: clinician.name }],
    ...(clinician.phone ? { telecom: [{ system: 'phone', value: clinician.phone, use: 'work' }] } : {}),
  });

  const performerRefs: { reference: string; display: string }[] = [];
  for (const provider of packet.providers) {
    const telecom = [
      ...(provider.phone ? [{ system: 'phone', value: provider.phone, use: 'work' }] : []),
      ...(provider.website ? [{ system: 'url', value: provider.website }] : []),
    ];
    const orgRef = add({
      resourceType: 'Organization',
      identifier: [bridgeIdentifier('provider', provider.id)],
      name: provider.name,
      ...(telecom.length ? { telecom } : {}),
      ...(provider.address ? { address: [{ text: provider.address }] } : {}),
    });
    add({
      resourceType: 'Location',
      identifier: [bridgeIdentifier('provider-location', provider.id)],
      status: 'active',
      name: provider.name,
      ...(provider.address ? { address: { text: provider.address } } : {}),
      ...(telecom.length ? { telecom } : {}),
      managingOrganization: { reference: orgRef, display: provider.name },
    });
    performerRefs.push({ reference: orgRef, display: provider.name });
  }

  // R4 puts item codes on the Questionnaire, not the response: a minimal Questionnaire carries the
  // LOINC codes (only those the screening module supplied) and the response points at it.
  const questionnaireUrl = screening.questionnaire ?? `${BRIDGE_FHIR_BASE}/Questionnaire/${screening.instrumentId}`;
  const itemType = (a: ScreeningAnswer['answer']) =>
    typeof a === 'boolean' ? 'boolean' : typeof a === 'number' ? (Number.isInteger(a) ? 'integer' : 'decimal') : typeof a === 'string' ? 'string' : 'choice';
  add({
    resourceType: 'Questionnaire',
    identifier: [bridgeIdentifier('instrument', screening.instrumentId)],
    url: questionnaireUrl,
    name: screening.instrumentId.replace(/[^A-Za-z0-9]/g, '_'),
    title: screening.instrumentName,
    status: 'active',
    ...(screening.loincPanel ? { code: [{ system: LOINC, code: screening.loincPanel, display: screening.instrumentName }] } : {}),
    item: [
      ...screening.answers.map((a) => ({
        linkId: a.linkId,
        text: a.text,
        type: itemType(a.answer),
        ...(a.loinc ? { code: [{ system: LOINC, code: a.loinc }] } : {}),
      })),
      {
        linkId: 'total-score',
        text: `${screening.instrumentName} total score`,
        type: Number.isInteger(screening.score) ? 'integer' : 'decimal',
        readOnly: true,
        ...(screening.totalScoreLoinc ? { code: [{ system: LOINC, code: screening.totalScoreLoinc }] } : {}),
      },
    ],
  });
  const qrRef = add({
    resourceType: 'QuestionnaireResponse',
    meta: { security: sudSecurityLabels() },
    identifier: bridgeIdentifier('screening', `${packet.id}:${screening.instrumentId}`),
    questionnaire: questionnaireUrl,
    status: 'completed',
    subject: { reference: patientRef },
    authored: screening.completedAt,
    author: { reference: practitionerRef },
    item: [
      ...screening.answers.map((a) => ({ linkId: a.linkId, text: a.text, answer: [answerValue(a.answer)] })),
      { linkId: 'total-score', text: `${screening.instrumentName} total score`, answer: [answerValue(screening.score)] },
    ],
  });

  let consentRef: string | null = null;
  if (consent) {
    const status = consentStatus(consent, now);
    const purpose = PURPOSE_CODE[consent.purpose.kind];
    consentRef = add({
      resourceType: 'Consent',
      meta: { security: sudSecurityLabels() },
      identifier: [bridgeIdentifier('consent', consent.id)],
      status: status === 'active' ? 'active' : 'inactive',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy', display: 'Privacy Consent' }] },
      // Display left out: sources disagree ("Patient Consent" in R4's value set, "Consent Document" elsewhere).
      category: [{ coding: [{ system: LOINC, code: '59284-0' }] }],
      patient: { reference: patientRef },
      dateTime: `${consent.signature.date}`,
      performer: [consent.signature.signedBy === 'patient' ? { reference: patientRef } : { display: `${consent.signature.name} (${consent.signature.authority ?? 'authorized person'})` }],
      organization: [{ reference: clinicRef }],
      policy: [{ authority: 'https://www.hhs.gov', uri: 'https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2' }],
      provision: {
        type: 'permit',
        period: {
          start: consent.signature.date,
          ...(consent.expiry.kind === 'date' ? { end: consent.expiry.date } : {}),
        },
        actor: consent.recipients.map((r) => ({
          role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' }] },
          reference:
            r.kind === 'named'
              ? (performerRefs.find((x) => x.display === r.name) ?? { display: r.name })
              : { display: r.designation },
        })),
        ...(purpose ? { purpose: [purpose] } : {}),
      },
    });
  }

  const dx = packet.diagnoses.map((d) => ({ coding: [{ system: ICD10CM, code: d.code, display: d.display }], text: d.display }));
  add({
    resourceType: 'ServiceRequest',
    meta: { security: sudSecurityLabels() },
    identifier: [bridgeIdentifier('referral', packet.id)],
    status: 'active',
    intent: 'order',
    category: [{ coding: [{ system: SNOMED, code: '3457005', display: 'Patient referral' }] }],
    // No standard code is asserted for "referral to SUD treatment": text only, so nothing is guessed.
    code: { text: packet.levelOfCare ? `Referral for substance use treatment: ${levelOfCareLabel(packet.levelOfCare)}` : 'Referral for substance use treatment' },
    priority: packet.urgency,
    subject: { reference: patientRef },
    authoredOn: packet.createdAt,
    requester: { reference: practitionerRef, display: clinician.name },
    performer: performerRefs,
    reasonCode: [{ text: packet.reason }, ...dx],
    supportingInfo: [{ reference: qrRef }, ...(consentRef ? [{ reference: consentRef }] : [])],
    note: [...(packet.notes.trim() ? [{ text: packet.notes.trim() }] : []), { text: packet.redisclosureNotice }],
  });

  return {
    resourceType: 'Bundle',
    meta: { security: sudSecurityLabels() },
    identifier: bridgeIdentifier('referral-bundle', packet.id),
    type,
    timestamp: now.toISOString(),
    entry: entries,
  };
}
