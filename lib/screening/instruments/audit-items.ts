import type { InstrumentInput } from '../instrument';

type ItemInput = InstrumentInput['items'][number];

/**
 * The ten AUDIT questions and their points, from the WHO manual: Babor TF, Higgins-Biddle JC,
 * Saunders JB, Monteiro MG. AUDIT: The Alcohol Use Disorders Identification Test. Guidelines for
 * Use in Primary Care, 2nd ed. Geneva: WHO; 2001 (WHO/MSD/MSB/01.6a), Box 4 (interview version).
 * Shared by AUDIT and AUDIT-C (its first three questions) so the wording cannot drift apart.
 */
const frequency = (q: string) => [
  { value: 'never', labelKey: `audit_${q}_a0`, points: 0 },
  { value: 'less-than-monthly', labelKey: `audit_${q}_a1`, points: 1 },
  { value: 'monthly', labelKey: `audit_${q}_a2`, points: 2 },
  { value: 'weekly', labelKey: `audit_${q}_a3`, points: 3 },
  { value: 'daily', labelKey: `audit_${q}_a4`, points: 4 },
];

export const auditQ1: ItemInput = {
  id: 'q1',
  kind: 'choice',
  promptKey: 'audit_q1',
  options: [
    { value: 'never', labelKey: 'audit_q1_a0', points: 0 },
    { value: 'monthly-or-less', labelKey: 'audit_q1_a1', points: 1 },
    { value: '2-4-a-month', labelKey: 'audit_q1_a2', points: 2 },
    { value: '2-3-a-week', labelKey: 'audit_q1_a3', points: 3 },
    { value: '4-plus-a-week', labelKey: 'audit_q1_a4', points: 4 },
  ],
};

/** WHO manual: "If the answer [to question 1] is Never, skip to Questions 9 and 10." */
const neverDrinks = { answer: 'q1', is: 'never' } as const;

export const auditQ2: ItemInput = {
  id: 'q2',
  kind: 'choice',
  promptKey: 'audit_q2',
  skipIf: neverDrinks,
  options: [
    { value: '1-2', labelKey: 'audit_q2_a0', points: 0 },
    { value: '3-4', labelKey: 'audit_q2_a1', points: 1 },
    { value: '5-6', labelKey: 'audit_q2_a2', points: 2 },
    { value: '7-9', labelKey: 'audit_q2_a3', points: 3 },
    { value: '10-plus', labelKey: 'audit_q2_a4', points: 4 },
  ],
};

export const auditQ3: ItemInput = {
  id: 'q3',
  kind: 'choice',
  promptKey: 'audit_q3',
  skipIf: neverDrinks,
  options: frequency('q3'),
};

/** WHO manual: "Skip to Questions 9 and 10 if Total Score for Questions 2 and 3 = 0." */
const skipToNine = { any: [neverDrinks, { points: ['q2', 'q3'], atMost: 0 }] };

export const auditQ4toQ8: ItemInput[] = (['q4', 'q5', 'q6', 'q7', 'q8'] as const).map((q) => ({
  id: q,
  kind: 'choice' as const,
  promptKey: `audit_${q}`,
  skipIf: skipToNine,
  options: frequency(q),
}));

const injuryOrConcern = (q: 'q9' | 'q10'): ItemInput => ({
  id: q,
  kind: 'choice',
  promptKey: `audit_${q}`,
  options: [
    { value: 'no', labelKey: `audit_${q}_a0`, points: 0 },
    { value: 'yes-not-last-year', labelKey: `audit_${q}_a2`, points: 2 },
    { value: 'yes-last-year', labelKey: `audit_${q}_a4`, points: 4 },
  ],
});

export const auditQ9 = injuryOrConcern('q9');
export const auditQ10 = injuryOrConcern('q10');

export const whoAuditLicence = {
  attribution:
    'AUDIT © World Health Organization 2001. Babor TF, Higgins-Biddle JC, Saunders JB, Monteiro MG. AUDIT: The Alcohol Use Disorders Identification Test, 2nd ed.',
  terms:
    'WHO permits free use of the AUDIT for clinical care, translation and non-commercial distribution, with this attribution.',
  termsVerified: true,
  requiresClinicOptIn: false,
};

export const whoAuditSource =
  'Babor TF, Higgins-Biddle JC, Saunders JB, Monteiro MG. AUDIT: The Alcohol Use Disorders Identification Test. Guidelines for Use in Primary Care, 2nd ed. WHO; 2001 (WHO/MSD/MSB/01.6a).';
