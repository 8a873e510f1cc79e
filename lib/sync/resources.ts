import { consentSchema, consentStatus, type Consent } from '../consent/consent';
import { carePlanSchema } from '../careplan/plan';
import type { CarePlan } from '../careplan/plan';
import type { VersionedCarePlan } from '../careplan/versioning';
import { answerValue, BRIDGE_FHIR_BASE, BRIDGE_IDENTIFIER_SYSTEM, bridgeIdentifier, PURPOSE_CODE } from '../fhir/bundle';
import { carePlanBundle, carePlanNarrative } from '../fhir/careplan';
import { sudSecurityLabels } from '../fhir/security';
import { referralRecordSchema, type ReferralRecord, type ReferralStatus } from '../referral/status';
import { instrumentById } from '../screening/instruments';
import type { ScreeningRecord } from '../db/database';

/**
 * Bridge records as FHIR R4 resources for the clinic's server, and back.
 *
 * Each record kind maps to one or more resources ("parts"); the first part is the carrier: it holds
 * the whole Bridge record (extension `bridge-record`, JSON) so another Bridge rebuilds it exactly,
 * while the standard elements say the same thing to every other FHIR client. Every part has Bridge's
 * own identifier (`https://sud-bridge.example/fhir/identifier/<part>|<record id>`), so a conditional
 * create never makes the same item twice, and the SUD security labels (lib/fhir/security.ts).
 * A care plan has a part per goal besides its fixed parts (`goalPart`), so its parts are the ones
 * `resourcesOf` returns, not only `PARTS`.
 */

export type SyncKind = 'screening' | 'consent' | 'referral' | 'care-plan';
export const SYNC_KINDS: readonly SyncKind[] = ['consent', 'screening', 'referral', 'care-plan'];

/** The extension holding the Bridge record on the carrier resource. */
export const BRIDGE_RECORD_EXTENSION = `${BRIDGE_FHIR_BASE}/StructureDefinition/bridge-record`;

export type FhirResource = { resourceType: string; id?: string; meta?: { versionId?: string; lastUpdated?: string; security?: unknown[] }; [key: string]: unknown };

/** One resource of a record: `part` names it in the link key, `identifierKind` in its identifier system. */
export interface PartSpec {
  part: string;
  resourceType: string;
  identifierKind: string;
  /** The search parameter pointing at the patient. */
  patientParam: string;
}

/** The fixed resources of each kind, carrier first (a care plan adds one `goalPart` per goal). */
export const PARTS: Record<SyncKind, readonly PartSpec[]> = {
  screening: [
    { part: 'response', resourceType: 'QuestionnaireResponse', identifierKind: 'screening', patientParam: 'subject' },
    { part: 'score', resourceType: 'Observation', identifierKind: 'screening-score', patientParam: 'subject' },
  ],
  consent: [{ part: 'consent', resourceType: 'Consent', identifierKind: 'consent', patientParam: 'patient' }],
  referral: [
    { part: 'request', resourceType: 'ServiceRequest', identifierKind: 'referral', patientParam: 'subject' },
    { part: 'task', resourceType: 'Task', identifierKind: 'referral-task', patientParam: 'patient' },
  ],
  'care-plan': [
    { part: 'plan', resourceType: 'CarePlan', identifierKind: 'care-plan', patientParam: 'subject' },
    { part: 'team', resourceType: 'CareTeam', identifierKind: 'care-team', patientParam: 'subject' },
  ],
};

/** The part of one goal of a care plan: a `Goal` identified as `goal|<plan id>:<goal id>` (as lib/fhir/careplan writes it). */
export const goalPart = (goalId: string): PartSpec => ({ part: `goal:${goalId}`, resourceType: 'Goal', identifierKind: 'goal', patientParam: 'subject' });

/** The carrier of each kind is where the Bridge record travels; referrals travel on the Task (status changes there). */
export const CARRIER_PART: Record<SyncKind, string> = { screening: 'response', consent: 'consent', referral: 'task', 'care-plan': 'plan' };

/** Identifier system of one part, e.g. https://sud-bridge.example/fhir/identifier/referral-task. */
export const identifierSystemOf = (spec: PartSpec) => `${BRIDGE_IDENTIFIER_SYSTEM}/${spec.identifierKind}`;

/** The value of Bridge's identifier on a part's resource (the record id, or `<plan id>:<goal id>` for a Goal). */
export function identifierValueOf(spec: PartSpec, resource: FhirResource): string | null {
  const system = identifierSystemOf(spec);
  const ids = ([] as unknown[]).concat(resource.identifier ?? []) as { system?: string; value?: string }[];
  return ids.find((i) => i.system === system)?.value ?? null;
}

/** A local record of any kind, as stored (care plans are lib/careplan's VersionedCarePlan plus the table keys). */
export type LocalRecord = { id: string; patientFingerprint: string; [field: string]: unknown };

/** The content of a record that is shared: everything but the local bookkeeping (`updatedAt`). */
export function sharedContent(record: LocalRecord): Record<string, unknown> {
  const { updatedAt: _updatedAt, patientFingerprint: _fp, ...rest } = record;
  return rest;
}

const LOINC = 'http://loinc.org';
const TASK_STATUS: Record<ReferralStatus, string> = {
  drafted: 'draft',
  sent: 'requested',
  scheduled: 'accepted',
  attended: 'in-progress',
  declined: 'rejected',
  'no-show': 'on-hold',
  closed: 'completed',
};

function carrierExtension(record: LocalRecord) {
  return [{ url: BRIDGE_RECORD_EXTENSION, valueString: JSON.stringify(sharedContent(record)) }];
}

const labelled = (resource: FhirResource): FhirResource => ({ ...resource, meta: { security: sudSecurityLabels() } });

/**
 * The resources of one record, in push order (carrier first). `patient` is the server's Patient
 * reference; `serverIdOf(part)` gives a part already pushed (for references between parts).
 * `agreed` is the record as the server last held it (the carrier link's base): a care plan's goal
 * that was there and is gone now is sent once more as a cancelled Goal.
 */
export function resourcesOf(
  kind: SyncKind,
  record: LocalRecord,
  patient: string,
  serverIdOf: (part: string) => string | null,
  agreed: unknown = null,
): { spec: PartSpec; resource: FhirResource }[] {
  const subject = { reference: patient };
  const id = (spec: PartSpec) => [bridgeIdentifier(spec.identifierKind, record.id)];
  const [first, second] = PARTS[kind];
  switch (kind) {
    case 'screening': {
      const s = record as unknown as ScreeningRecord;
      const result = s.result as { score?: number };
      const instrument = safeInstrument(s.instrumentId);
      const response = labelled({
        resourceType: 'QuestionnaireResponse',
        extension: carrierExtension(record),
        identifier: id(first!)[0],
        questionnaire: `${BRIDGE_FHIR_BASE}/Questionnaire/${s.instrumentId}`,
        status: 'completed',
        subject,
        authored: s.completedAt,
        item: [
          ...Object.entries(s.answers).map(([linkId, value]) => ({ linkId, answer: [answerValue(value)] })),
          ...(typeof result.score === 'number' ? [{ linkId: 'total-score', answer: [answerValue(result.score)] }] : []),
        ],
      });
      const parts = [{ spec: first!, resource: response }];
      if (typeof result.score === 'number') {
        const responseId = serverIdOf(first!.part);
        parts.push({
          spec: second!,
          resource: labelled({
            resourceType: 'Observation',
            identifier: id(second!),
            status: 'final',
            category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' }] }],
            code: instrument?.loinc.total
              ? { coding: [{ system: LOINC, code: instrument.loinc.total }], text: `${instrument.shortName} total score` }
              : { text: `${instrument?.shortName ?? s.instrumentId} total score` },
            subject,
            effectiveDateTime: s.completedAt,
            valueInteger: Math.round(result.score),
            ...(responseId ? { derivedFrom: [{ reference: `QuestionnaireResponse/${responseId}` }] } : {}),
          }),
        });
      }
      return parts;
    }
    case 'consent': {
      const c = record as unknown as Consent;
      const purpose = PURPOSE_CODE[c.purpose.kind];
      return [
        {
          spec: first!,
          resource: labelled({
            resourceType: 'Consent',
            extension: carrierExtension(record),
            identifier: id(first!),
            status: consentStatus(c, new Date()) === 'active' ? 'active' : 'inactive',
            scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy', display: 'Privacy Consent' }] },
            category: [{ coding: [{ system: LOINC, code: '59284-0' }] }],
            patient: subject,
            dateTime: c.signature.date,
            policy: [{ authority: 'https://www.hhs.gov', uri: 'https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2' }],
            provision: {
              type: 'permit',
              period: { start: c.signature.date, ...(c.expiry.kind === 'date' ? { end: c.expiry.date } : {}) },
              ...(purpose ? { purpose: [purpose] } : {}),
            },
          }),
        },
      ];
    }
    case 'referral': {
      const r = record as unknown as ReferralRecord;
      const requestId = serverIdOf(first!.part);
      return [
        {
          spec: first!,
          resource: labelled({
            resourceType: 'ServiceRequest',
            identifier: id(first!),
            status: r.status === 'closed' ? 'completed' : r.status === 'declined' ? 'revoked' : 'active',
            intent: 'order',
            category: [{ coding: [{ system: 'http://snomed.info/sct', code: '3457005', display: 'Patient referral' }] }],
            code: { text: 'Referral for substance use treatment' },
            priority: r.packet.urgency,
            subject,
            authoredOn: r.packet.createdAt,
            performer: r.packet.providers.map((p) => ({ display: p.name })),
            reasonCode: [{ text: r.packet.reason }],
            note: [{ text: r.packet.redisclosureNotice }],
          }),
        },
        {
          spec: second!,
          resource: labelled({
            resourceType: 'Task',
            extension: carrierExtension(record),
            identifier: id(second!),
            status: TASK_STATUS[r.status],
            businessStatus: { text: r.status },
            intent: 'order',
            ...(requestId ? { focus: { reference: `ServiceRequest/${requestId}` } } : {}),
            for: subject,
            authoredOn: r.history[0]?.at ?? r.packet.createdAt,
            lastModified: r.history.at(-1)?.at ?? r.packet.createdAt,
            ...(r.followUpOn ? { restriction: { period: { end: r.followUpOn } } } : {}),
          }),
        },
      ];
    }
    case 'care-plan': {
      const v = record as unknown as VersionedCarePlan;
      const { team, goals } = carePlanParts(record.id, v.current, patient);
      const teamId = serverIdOf(second!.part);
      const goalRefs = v.current.goals.flatMap((g) => {
        const serverId = serverIdOf(goalPart(g.id).part);
        return serverId ? [{ reference: `Goal/${serverId}`, display: g.patientWords }] : [];
      });
      const current = new Set(v.current.goals.map((g) => g.id));
      const gone = ((agreed as Partial<VersionedCarePlan> | null)?.current?.goals ?? []).filter((g) => !current.has(g.id));
      const cancelled = gone.length
        ? carePlanParts(record.id, { ...(agreed as VersionedCarePlan).current, goals: gone.map((g) => ({ ...g, status: 'stopped' as const })), interventions: [], decisions: [] }, patient).goals
        : [];
      return [
        {
          spec: first!,
          resource: labelled({
            resourceType: 'CarePlan',
            extension: carrierExtension(record),
            identifier: id(first!),
            text: { status: 'generated', div: carePlanNarrative(v.current) },
            status: v.current.status === 'active' ? 'active' : 'completed',
            intent: 'plan',
            title: 'Shared care plan for substance use',
            subject,
            ...(teamId ? { careTeam: [{ reference: `CareTeam/${teamId}` }] } : {}),
            ...(goalRefs.length ? { goal: goalRefs } : {}),
          }),
        },
        { spec: second!, resource: labelled(team) },
        ...[...goals, ...cancelled].map((g) => ({ spec: goalPart(g.goalId), resource: labelled(g.resource) })),
      ];
    }
  }
}

/**
 * The CareTeam and the Goals of a plan, as lib/fhir/careplan builds them (one FHIR mapping). Its
 * bundle points at Condition and care team member entries that are not sent to the clinic's
 * server; those references keep only their display (the patient's stays a reference).
 */
function carePlanParts(recordId: string, plan: CarePlan, patient: string): { team: FhirResource; goals: { goalId: string; resource: FhirResource }[] } {
  let n = 0;
  const bundle = carePlanBundle({
    plan: { ...plan, id: recordId },
    version: 1,
    versionAt: '1970-01-01T00:00:00Z',
    patientReference: patient,
    type: 'collection',
    uuid: () => `part-${++n}`,
  });
  const strip = (resource: Record<string, unknown>): FhirResource => {
    const { id: _id, ...rest } = withoutBundleReferences(resource) as Record<string, unknown>;
    return rest as FhirResource;
  };
  const team = bundle.entry.find((e) => e.resource.resourceType === 'CareTeam')!.resource;
  const goalPrefix = `${recordId}:`;
  const goals = bundle.entry
    .filter((e) => e.resource.resourceType === 'Goal')
    .map((e) => {
      const value = (e.resource.identifier as { value: string }[])[0]!.value;
      return { goalId: value.slice(goalPrefix.length), resource: strip(e.resource) };
    });
  return { team: strip(team), goals };
}

/** A copy with every `urn:uuid:` reference (an entry of the export bundle) reduced to its display. */
function withoutBundleReferences(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutBundleReferences);
  if (!value || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if (typeof object.reference === 'string' && object.reference.startsWith('urn:uuid:')) {
    const { reference: _reference, ...rest } = object;
    return rest;
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, withoutBundleReferences(v)]));
}

function safeInstrument(id: string) {
  try {
    return instrumentById(id);
  } catch {
    return null;
  }
}

/** The server's resource is not one Bridge can read back; `why` says what was wrong. */
export class UnreadableResourceError extends Error {
  override readonly name = 'UnreadableResourceError';
}

/**
 * The Bridge record a carrier resource holds, re-filed under this machine's fingerprint of the
 * patient, and validated as its kind. Throws `UnreadableResourceError` when it is missing or invalid.
 */
export function recordFromCarrier(kind: SyncKind, resource: FhirResource, patientFingerprint: string): LocalRecord {
  const ext = (resource.extension as { url: string; valueString?: string }[] | undefined)?.find((e) => e.url === BRIDGE_RECORD_EXTENSION);
  if (!ext?.valueString) throw new UnreadableResourceError(`${resource.resourceType}/${resource.id} has no Bridge record.`);
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(ext.valueString) as Record<string, unknown>;
  } catch {
    throw new UnreadableResourceError(`${resource.resourceType}/${resource.id}: the Bridge record is not JSON.`);
  }
  const fail = (what: string) => new UnreadableResourceError(`${resource.resourceType}/${resource.id}: not a valid ${what}.`);
  switch (kind) {
    case 'screening': {
      if (typeof raw.id !== 'string' || typeof raw.instrumentId !== 'string' || typeof raw.completedAt !== 'string' || typeof raw.answers !== 'object' || typeof raw.result !== 'object') throw fail('screening');
      return { ...raw, id: raw.id, patientFingerprint } as LocalRecord;
    }
    case 'consent': {
      const parsed = consentSchema.safeParse({ ...raw, patientFingerprint });
      if (!parsed.success) throw fail('consent');
      return parsed.data as unknown as LocalRecord;
    }
    case 'referral': {
      const r = raw as { packet?: { patient?: Record<string, unknown> } };
      const withPatient = { ...raw, packet: { ...r.packet, patient: { ...r.packet?.patient, fingerprint: patientFingerprint } } };
      const parsed = referralRecordSchema.safeParse(withPatient);
      if (!parsed.success) throw fail('referral');
      return { ...parsed.data, patientFingerprint } as unknown as LocalRecord;
    }
    case 'care-plan': {
      const v = raw as unknown as VersionedCarePlan & { id?: string };
      const refile = (plan: unknown) => ({ ...(plan as object), patientFingerprint });
      const current = carePlanSchema.safeParse(refile(v.current));
      const initial = carePlanSchema.safeParse(refile(v.initial));
      if (typeof v.id !== 'string' || !current.success || !initial.success || !Array.isArray(v.history) || typeof v.version !== 'number') throw fail('care plan');
      return { ...v, id: v.id, patientFingerprint, initial: initial.data, current: current.data } as unknown as LocalRecord;
    }
  }
}
