import { z } from 'zod';
import { describeDifference } from '../careplan/changes';
import { carePlan, CarePlanError, type CarePlan, type CarePlanInput, type CareTeamMember, type Intervention } from '../careplan/plan';
import { diffPlans, type PlanDifference } from '../careplan/versioning';
import { nameKey } from '../ehr/fingerprint';
import { ACTIVITY_STATUS, GOAL_STATUS, INTERVENTION_LABEL, ROLE_LABEL } from './careplan';
import { BRIDGE_IDENTIFIER_SYSTEM } from './bundle';

/**
 * Importing a care plan a colleague sent as a FHIR R4 Bundle (CarePlan + CareTeam + Goal +
 * Condition, as lib/fhir/careplan.ts writes it, or a referral bundle carrying one). Pure: the bundle
 * and the chart's patient in, the plan it would become and what that changes out; nothing is
 * saved here. A plan for another patient is refused. Items keep Bridge's ids (carried as FHIR
 * element ids and identifiers), and what FHIR does not carry (where a problem came from, a goal's
 * minimum change, the review interval, contact dates, links to referrals and directory listings)
 * is kept from the plan already on this computer.
 */

const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';

type Json = Record<string, unknown>;
const resourceSchema = z.looseObject({ resourceType: z.string() });
const bundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  entry: z.array(z.looseObject({ fullUrl: z.string().optional(), resource: resourceSchema })).min(1),
});

/** The patient the chart shows, which the plan must be for. */
export interface ChartPatient {
  fingerprint: string;
  name: string;
  birthDate: string | null;
}

export type CarePlanImport =
  | {
      ok: true;
      plan: CarePlan;
      /** The CarePlan's meta.versionId and meta.lastUpdated in the file, when it has them. */
      sourceVersion: string | null;
      sourceUpdated: string | null;
      matchedBy: 'fingerprint' | 'name-and-birth-date';
      /** Parts of the file that could not be imported, and why. */
      warnings: string[];
    }
  | { ok: false; message: string };

/** What importing would change, for the preview the clinician confirms. */
export interface ImportPreview {
  differences: PlanDifference[];
  /** One line per difference, in the clinic's words. */
  lines: string[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Json[]) : []);
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const refOf = (v: unknown): string | undefined => str(obj(v)?.reference);
const reverse = <K extends string>(map: Record<K, string>, value: string | undefined): K | undefined =>
  (Object.entries(map) as [K, string][]).find(([, label]) => label === value)?.[0];
const bridgeId = (resource: Json | undefined, kind: string): string | undefined =>
  arr(resource?.identifier).find((i) => i.system === `${BRIDGE_IDENTIFIER_SYSTEM}/${kind}`)?.value as string | undefined;
const day = (v: unknown): string | undefined => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : undefined);
const fail = (message: string): CarePlanImport => ({ ok: false, message });

function patientName(patient: Json): string | undefined {
  const name = arr(patient.name)[0];
  if (!name) return undefined;
  return str(name.text) ?? [...(Array.isArray(name.given) ? name.given : []), name.family].filter((x) => typeof x === 'string').join(' ');
}

/**
 * Reads the care plan in `bundle` as a plan for `chart`, merged onto `current` (this computer's
 * plan, if any). Refuses, saying why, when the bundle is not a FHIR Bundle with one CarePlan, when
 * the plan is for another patient (a different Bridge fingerprint, or a name and birth date that
 * do not match the chart's), or when what it holds is not a valid plan. Never throws.
 */
export function carePlanFromBundle(bundle: unknown, chart: ChartPatient, current: CarePlan | null): CarePlanImport {
  const parsed = bundleSchema.safeParse(bundle);
  if (!parsed.success) return fail('This file is not a FHIR R4 Bundle. Nothing was imported.');
  const resources = parsed.data.entry.map((e) => e.resource as Json);
  const byRef = new Map<string, Json>();
  for (const e of parsed.data.entry) {
    const r = e.resource as Json;
    if (e.fullUrl) byRef.set(e.fullUrl, r);
    if (typeof r.id === 'string') byRef.set(`${String(r.resourceType)}/${r.id}`, r);
  }
  const resolve = (v: unknown) => {
    const ref = refOf(v);
    return ref ? byRef.get(ref) : undefined;
  };
  const plans = resources.filter((r) => r.resourceType === 'CarePlan');
  if (plans.length !== 1) return fail(plans.length ? `This bundle holds ${plans.length} care plans; Bridge imports one at a time. Nothing was imported.` : 'This bundle has no CarePlan. Nothing was imported.');
  const cp = plans[0]!;

  // Whose plan is it? Refuse anything that does not clearly belong to the chart's patient.
  const subject = resolve(cp.subject);
  if (!subject || subject.resourceType !== 'Patient') return fail('This care plan does not say which patient it is for, so it cannot be checked against the chart. Nothing was imported.');
  const fingerprint = bridgeId(subject, 'patient-fingerprint');
  const theirName = patientName(subject);
  const theirBirthDate = day(subject.birthDate);
  let matchedBy: 'fingerprint' | 'name-and-birth-date';
  if (fingerprint === chart.fingerprint) matchedBy = 'fingerprint';
  else if (theirName && theirBirthDate && chart.birthDate && nameKey(theirName) !== null && nameKey(theirName) === nameKey(chart.name) && theirBirthDate === chart.birthDate) {
    matchedBy = 'name-and-birth-date';
  } else {
    return fail(
      `This care plan is for another patient${theirName ? ` (${theirName}${theirBirthDate ? `, born ${theirBirthDate}` : ''})` : ''}, not the patient on this chart. Nothing was imported. Open that patient's chart to import it.`,
    );
  }

  const warnings: string[] = [];
  const planKey = bridgeId(cp, 'care-plan');
  const patientRef = refOf(cp.subject);

  // Problems: the Conditions the CarePlan addresses.
  const problemIdByRef = new Map<string, string>();
  const problems: NonNullable<CarePlanInput['problems']> = [];
  arr(cp.addresses).forEach((ref, i) => {
    const c = resolve(ref);
    if (!c) return warnings.push(`Problem ${i + 1}: its Condition is not in the bundle; left out.`);
    const id = bridgeId(c, 'problem') ?? `problem-${i + 1}`;
    const existing = current?.problems.find((p) => p.id === id);
    const code = obj(c.code);
    const icd = arr(code?.coding).find((x) => x.system === ICD10CM);
    const clinical = arr(obj(c.clinicalStatus)?.coding)[0]?.code;
    problemIdByRef.set(refOf(ref)!, id);
    problems.push({
      ...(existing?.instrumentId ? { instrumentId: existing.instrumentId } : {}),
      ...(existing?.score !== undefined ? { score: existing.score } : {}),
      id,
      source: existing?.source ?? 'clinician',
      description: str(code?.text) ?? str(icd?.display) ?? str(obj(ref)?.display) ?? 'Problem',
      ...(icd && str(icd.code) && str(icd.display) ? { icd: { code: icd.code as string, title: icd.display as string } } : {}),
      identifiedOn: day(c.recordedDate) ?? existing?.identifiedOn ?? day(obj(cp.meta)?.lastUpdated) ?? '1970-01-01',
      status: clinical === 'resolved' || clinical === 'inactive' || clinical === 'remission' ? 'resolved' : 'active',
    });
  });

  // Care team: the first CareTeam the CarePlan names.
  const team = resolve(arr(cp.careTeam)[0]);
  const memberIdByRef = new Map<string, string>();
  const careTeam: CareTeamMember[] = [];
  arr(team?.participant).forEach((p, i) => {
    const memberRef = refOf(p.member);
    const resource = resolve(p.member);
    const isPatient = memberRef !== undefined && memberRef === patientRef;
    const id = str(p.id) ?? bridgeId(resource, 'care-team-member') ?? `member-${i + 1}`;
    const existing = current?.careTeam.find((m) => m.id === id);
    const role: CareTeamMember['role'] = isPatient ? 'patient' : (reverse(ROLE_LABEL, str(arr(p.role)[0]?.text)) ?? existing?.role ?? 'other');
    const name = str(obj(p.member)?.display) ?? (resource ? (patientName(resource) ?? str(resource.name)) : undefined);
    if (!name) return warnings.push(`Care team member ${i + 1} has no name; left out.`);
    const telecom = arr(resource?.telecom);
    const phone = str(telecom.find((t) => t.system === 'phone')?.value);
    const email = str(telecom.find((t) => t.system === 'email')?.value);
    const address = str(arr(resource?.address)[0]?.text);
    const label = ROLE_LABEL[role];
    const note = arr(team?.note).map((n) => str(n.text) ?? '').find((text) => text.startsWith(`${name} (${label}): `));
    if (memberRef) memberIdByRef.set(memberRef, id);
    careTeam.push({
      id,
      role,
      name,
      ...((str(obj(p.onBehalfOf)?.display) ?? existing?.organisation) ? { organisation: str(obj(p.onBehalfOf)?.display) ?? existing!.organisation! } : {}),
      ...(phone || email || address ? { contact: { ...(phone ? { phone } : {}), ...(email ? { email } : {}), ...(address ? { address } : {}) } } : existing?.contact ? { contact: existing.contact } : {}),
      responsibilities: note ? note.slice(`${name} (${label}): `.length).split('; ').filter((x) => x.trim()) : (existing?.responsibilities ?? []),
    });
  });

  // Goals.
  const goalIdByRef = new Map<string, string>();
  const goals: NonNullable<CarePlanInput['goals']> = [];
  arr(cp.goal).forEach((ref, i) => {
    const g = resolve(ref);
    if (!g) return warnings.push(`Goal ${i + 1}: its Goal is not in the bundle; left out.`);
    const key = bridgeId(g, 'goal');
    const id = key && planKey && key.startsWith(`${planKey}:`) ? key.slice(planKey.length + 1) : (key ?? `goal-${i + 1}`);
    const existing = current?.goals.find((x) => x.id === id);
    const target = arr(g.target)[0];
    const range = obj(target?.detailRange);
    const high = obj(range?.high)?.value;
    const low = obj(range?.low)?.value;
    const instrument = str(obj(target?.measure)?.text)?.replace(/ score$/, '');
    const words = str(obj(g.description)?.text);
    const targetDate = day(target?.dueDate) ?? existing?.targetDate;
    if (!words || !targetDate) return warnings.push(`Goal ${i + 1} has no ${words ? 'target date' : 'description'}; left out.`);
    goalIdByRef.set(refOf(ref)!, id);
    goals.push({
      id,
      patientWords: words,
      targetDate,
      problemIds: arr(g.addresses).flatMap((a) => problemIdByRef.get(refOf(a) ?? '') ?? []),
      ...(instrument && (typeof high === 'number' || typeof low === 'number')
        ? {
            measure: {
              instrumentId: instrument,
              target: (typeof high === 'number' ? high : low) as number,
              direction: typeof high === 'number' ? 'decrease' : 'increase',
              ...(existing?.measure?.minimumChange ? { minimumChange: existing.measure.minimumChange } : {}),
            },
          }
        : {}),
      status: reverse(GOAL_STATUS, str(g.lifecycleStatus)) ?? 'active',
    });
  });

  // Interventions: the CarePlan's activities.
  const interventions: NonNullable<CarePlanInput['interventions']> = [];
  arr(cp.activity).forEach((a, i) => {
    const id = str(a.id) ?? `intervention-${i + 1}`;
    const existing = current?.interventions.find((x) => x.id === id);
    const links = { ...(existing?.referralId ? { referralId: existing.referralId } : {}), ...(existing?.directoryProviderId ? { directoryProviderId: existing.directoryProviderId } : {}) };
    const detail = obj(a.detail);
    if (!detail) {
      const description = str(obj(a.reference)?.display);
      if (!description) return warnings.push(`Activity ${i + 1} has neither a detail nor a described reference; left out.`);
      interventions.push({ ...links, id, kind: 'referral', description, goalIds: existing?.goalIds.filter((g) => goals.some((x) => x.id === g)) ?? [], status: existing?.status ?? 'active' });
      return;
    }
    const kind: Intervention['kind'] = reverse(INTERVENTION_LABEL, str(obj(detail.code)?.text)) ?? 'other';
    const description = str(detail.description) ?? str(obj(detail.code)?.text);
    if (!description) return warnings.push(`Activity ${i + 1} has no description; left out.`);
    const medication = z.enum(['buprenorphine', 'methadone', 'naltrexone-extended-release']).safeParse(str(obj(detail.productCodeableConcept)?.text));
    const period = obj(detail.scheduledPeriod);
    const performer = refOf(arr(detail.performer)[0]);
    interventions.push({
      ...links,
      id,
      kind,
      description,
      goalIds: arr(detail.goal).flatMap((g) => goalIdByRef.get(refOf(g) ?? '') ?? []),
      ...(performer && memberIdByRef.has(performer) ? { assignedTo: memberIdByRef.get(performer)! } : {}),
      ...(kind === 'moud' && medication.success ? { medication: medication.data } : {}),
      ...(str(detail.scheduledString) ? { frequency: (detail.scheduledString as string).slice(0, 100) } : existing?.frequency ? { frequency: existing.frequency } : {}),
      ...(day(period?.start) ? { startOn: day(period?.start)! } : {}),
      ...(day(period?.end) ? { dueOn: day(period?.end)! } : {}),
      status: reverse(ACTIVITY_STATUS, str(detail.status)) ?? 'planned',
    });
  });

  // Shared decisions: the CarePlan's notes written by lib/fhir/careplan.ts.
  const decisions: NonNullable<CarePlanInput['decisions']> = [];
  const fallbackRecorder = careTeam.find((m) => m.role !== 'patient' && m.role !== 'support-person')?.id;
  arr(cp.note).forEach((n, i) => {
    const text = str(n.text) ?? '';
    const m = /^Shared decision, (.+?)\. Options discussed: (.+?)\. The patient's preference: (.+?)(?: Decision: (.+))?$/s.exec(text);
    if (!m) return warnings.push(`Note ${i + 1} is not a shared decision Bridge can read; left out.`);
    const id = str(n.id) ?? `decision-${i + 1}`;
    const existing = current?.decisions.find((d) => d.id === id);
    const recordedBy = memberIdByRef.get(refOf(n.authorReference) ?? '') ?? existing?.recordedBy ?? fallbackRecorder;
    if (!recordedBy || !careTeam.some((x) => x.id === recordedBy)) return warnings.push(`Shared decision "${m[1]}" does not say who recorded it; left out.`);
    decisions.push({
      id,
      on: day(n.time) ?? existing?.on ?? '1970-01-01',
      topic: m[1]!,
      optionsDiscussed: m[2]!.split('; '),
      patientPreference: m[3]!,
      ...(m[4] ? { decision: m[4] } : {}),
      recordedBy,
    });
  });

  try {
    const plan = carePlan({
      id: current?.id ?? planKey ?? 'imported-plan',
      patientFingerprint: chart.fingerprint,
      status: cp.status === 'active' || cp.status === 'draft' || cp.status === 'on-hold' ? 'active' : 'closed',
      problems,
      goals,
      interventions,
      careTeam,
      decisions,
      reviewIntervalDays: current?.reviewIntervalDays ?? 28,
      lastContactOn: current?.lastContactOn ?? null,
      nextContactDue: current?.nextContactDue ?? null,
    });
    return { ok: true, plan, sourceVersion: str(obj(cp.meta)?.versionId) ?? null, sourceUpdated: str(obj(cp.meta)?.lastUpdated) ?? null, matchedBy, warnings };
  } catch (error) {
    if (error instanceof CarePlanError) return fail(`The care plan in this file cannot be imported: ${error.message.replace(/^The care plan is not valid: /, '')}`);
    return fail(`The care plan in this file cannot be imported: ${String(error)}`);
  }
}

/** What importing `imported` would change in `current` (everything is new when there is no plan yet). */
export function importPreview(current: CarePlan | null, imported: CarePlan): ImportPreview {
  const base = current ?? carePlan({ id: imported.id, patientFingerprint: imported.patientFingerprint, status: imported.status, reviewIntervalDays: imported.reviewIntervalDays });
  const differences = diffPlans(base, imported);
  return { differences, lines: differences.map((d) => describeDifference(d, base, imported)) };
}
