import { z } from 'zod';

/**
 * A shared care plan, one per patient, in the collaborative care model (AIMS Center, University of
 * Washington: patient-centred team care, measurement-based treatment to target; domain.md
 * "Collaborative care"). It holds problems (from screenings and the DSM-5 checklist), goals in the
 * patient's own words, interventions, the care team (the patient and a support person can be
 * members) and shared decision-making notes. Plans change only through `applyChange` (versioning.ts).
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const id = z.string().min(1).max(100);
const text = (max: number) => z.string().trim().min(1).max(max);

export const problemSchema = z.strictObject({
  id,
  /** Where the problem came from: a screening result, the DSM-5 checklist, or the clinician. */
  source: z.enum(['screening', 'dsm5', 'clinician']),
  /** In Bridge's own words, e.g. "alcohol use disorder, moderate" (checked by lib/language). */
  description: text(300),
  instrumentId: z.string().optional(),
  score: z.number().optional(),
  /** A suggested ICD-10-CM code and its title, quoted as a code title; the clinician confirms. */
  icd: z.strictObject({ code: z.string().regex(/^[A-Z]\d{2}(\.\d{1,4})?$/), title: text(200) }).optional(),
  identifiedOn: isoDate,
  status: z.enum(['active', 'resolved']).default('active'),
});
export type Problem = z.infer<typeof problemSchema>;

/** How a goal is measured: a repeated instrument score moving toward a target. */
export const goalMeasureSchema = z.strictObject({
  instrumentId: z.string().min(1),
  target: z.number(),
  /** AUDIT-C, DAST-10, TAPS: lower is better ('decrease'). */
  direction: z.enum(['decrease', 'increase']),
  /** Smallest change that counts as movement toward the target (default: any change). */
  minimumChange: z.number().positive().optional(),
});
export type GoalMeasure = z.infer<typeof goalMeasureSchema>;

/** A goal's status, as the editor offers it and FHIR Goal.lifecycleStatus maps it. */
export const goalStatusSchema = z.enum(['proposed', 'active', 'achieved', 'stopped']);

export const goalSchema = z.strictObject({
  id,
  /** The goal as the patient said it ("I want to be able to drive my kids to school"). */
  patientWords: text(500),
  targetDate: isoDate,
  problemIds: z.array(id).default([]),
  measure: goalMeasureSchema.optional(),
  status: goalStatusSchema.default('active'),
});
export type Goal = z.infer<typeof goalSchema>;

export const interventionKindSchema = z.enum([
  'moud',
  'counseling',
  'brief-intervention-follow-up',
  'referral',
  'peer-support',
  'housing',
  'vocational',
  'harm-reduction',
  'other',
]);
export type InterventionKind = z.infer<typeof interventionKindSchema>;

/** An intervention's status, as the editor offers it. */
export const interventionStatusSchema = z.enum(['planned', 'active', 'completed', 'stopped']);

export const interventionSchema = z
  .strictObject({
    id,
    kind: interventionKindSchema,
    description: text(500),
    goalIds: z.array(id).default([]),
    /** The care team member who carries it out. */
    assignedTo: id.optional(),
    /** MOUD only: the medication (domain.md "Medications for opioid use disorder"). */
    medication: z.enum(['buprenorphine', 'methadone', 'naltrexone-extended-release']).optional(),
    /** A referral in lib/referral, or a provider/community resource in the directory. */
    referralId: id.optional(),
    directoryProviderId: id.optional(),
    frequency: z.string().max(100).optional(),
    startOn: isoDate.optional(),
    dueOn: isoDate.optional(),
    status: interventionStatusSchema.default('planned'),
  })
  .refine((i) => i.kind === 'moud' || i.medication === undefined, { message: 'only an MOUD intervention names a medication', path: ['medication'] });
export type Intervention = z.infer<typeof interventionSchema>;

export const careTeamRoleSchema = z.enum([
  'patient',
  'support-person',
  'primary-care-clinician',
  'behavioral-health-care-manager',
  'psychiatric-consultant',
  'addiction-specialist',
  'peer-recovery-specialist',
  'treatment-program',
  'community-service',
  'other',
]);
export type CareTeamRole = z.infer<typeof careTeamRoleSchema>;

export const careTeamMemberSchema = z.strictObject({
  id,
  role: careTeamRoleSchema,
  name: text(200),
  organisation: z.string().max(200).optional(),
  contact: z
    .strictObject({ phone: z.string().max(40).optional(), email: z.string().max(200).optional(), address: z.string().max(300).optional() })
    .optional(),
  /** What this member does in the plan, in plain words. */
  responsibilities: z.array(text(300)).default([]),
});
export type CareTeamMember = z.infer<typeof careTeamMemberSchema>;

/** A shared decision-making note: the options discussed and what the patient preferred. */
export const sharedDecisionSchema = z.strictObject({
  id,
  on: isoDate,
  topic: text(200),
  optionsDiscussed: z.array(text(300)).min(1),
  patientPreference: text(1000),
  decision: z.string().max(1000).optional(),
  recordedBy: id,
});
export type SharedDecision = z.infer<typeof sharedDecisionSchema>;

export const carePlanSchema = z
  .strictObject({
    id,
    /** The patient, as lib/ehr's fingerprint (no name or MRN needed to key the plan). */
    patientFingerprint: z.string().min(1),
    status: z.enum(['active', 'closed']).default('active'),
    problems: z.array(problemSchema).default([]),
    goals: z.array(goalSchema).default([]),
    interventions: z.array(interventionSchema).default([]),
    careTeam: z.array(careTeamMemberSchema).default([]),
    decisions: z.array(sharedDecisionSchema).default([]),
    /** Days between measurement-based reviews (scoreTrend); 4 weeks unless the team says otherwise. */
    reviewIntervalDays: z.number().int().min(1).max(365).default(28),
    lastContactOn: isoDate.nullable().default(null),
    nextContactDue: isoDate.nullable().default(null),
  })
  .superRefine((plan, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    for (const key of ['problems', 'goals', 'interventions', 'careTeam', 'decisions'] as const) {
      const seen = new Set<string>();
      plan[key].forEach((item, i) => {
        if (seen.has(item.id)) issue([key, i, 'id'], `duplicate id '${item.id}'`);
        seen.add(item.id);
      });
    }
    const problems = new Set(plan.problems.map((p) => p.id));
    const goals = new Set(plan.goals.map((g) => g.id));
    const members = new Set(plan.careTeam.map((m) => m.id));
    plan.goals.forEach((g, i) => g.problemIds.forEach((p, j) => problems.has(p) || issue(['goals', i, 'problemIds', j], `no problem '${p}' in this plan`)));
    plan.interventions.forEach((iv, i) => {
      iv.goalIds.forEach((g, j) => goals.has(g) || issue(['interventions', i, 'goalIds', j], `no goal '${g}' in this plan`));
      if (iv.assignedTo && !members.has(iv.assignedTo)) issue(['interventions', i, 'assignedTo'], `no care team member '${iv.assignedTo}'`);
    });
    plan.decisions.forEach((d, i) => members.has(d.recordedBy) || issue(['decisions', i, 'recordedBy'], `no care team member '${d.recordedBy}'`));
    if (plan.careTeam.filter((m) => m.role === 'patient').length > 1) issue(['careTeam'], 'a plan has at most one member with the role "patient"');
  });
export type CarePlan = z.infer<typeof carePlanSchema>;
export type CarePlanInput = z.input<typeof carePlanSchema>;

/** A plan that does not validate; the message lists each field that was wrong. */
export class CarePlanError extends Error {
  override readonly name = 'CarePlanError';
}

/** Validates a plan (filling defaults), or throws a CarePlanError naming every wrong field. */
export function carePlan(input: unknown): CarePlan {
  const parsed = carePlanSchema.safeParse(input);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(plan)'}: ${i.message}`).join('; ');
    throw new CarePlanError(`The care plan is not valid: ${fields}. Nothing was saved.`);
  }
  return parsed.data;
}
