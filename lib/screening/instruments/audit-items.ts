import type { InstrumentInput } from '../instrument';

type ItemInput = InstrumentInput['items'][number];

/**
 * The ten AUDIT questions and their points, from the WHO manual: Babor TF, Higgins-Biddle JC,
 * Saunders JB, Monteiro MG. AUDIT: The Alcohol Use Disorders Identification Test. Guidelines for
 * Use in Primary Care, 2nd ed. Geneva: WHO; 2001 (WHO/MSD/MSB/01.6a), Box 4 (interview version).
 * Shared by AUDIT and AUDIT-C (its first three questions) so the wording cannot drift apart.
 * LOINC item codes: panel 72110-0 as listed by LOINC (cdn.loinc.org/72110-0, version 2.80):
 * 68518-0, 68519-8, 68520-6, 97734-8, 97735-5, 97736-3, 97737-1, 97738-9, 97739-7, 97740-5.
 * The same three consumption codes make up AUDIT-C (panel 72109-2). LOINC's own question names
 * paraphrase WHO ("During the past year, how often…"); the messages keep WHO's Box 4 wording.
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
  loinc: '68518-0',
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
  loinc: '68519-8',
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
  loinc: '68520-6',
  skipIf: neverDrinks,
  options: frequency('q3'),
};

/** WHO manual: "Skip to Questions 9 and 10 if Total Score for Questions 2 and 3 = 0." */
const skipToNine = { any: [neverDrinks, { points: ['q2', 'q3'], atMost: 0 }] };

const q4toQ8Loinc = { q4: '97734-8', q5: '97735-5', q6: '97736-3', q7: '97737-1', q8: '97738-9' } as const;

export const auditQ4toQ8: ItemInput[] = (['q4', 'q5', 'q6', 'q7', 'q8'] as const).map((q) => ({
  id: q,
  kind: 'choice' as const,
  promptKey: `audit_${q}`,
  loinc: q4toQ8Loinc[q],
  skipIf: skipToNine,
  options: frequency(q),
}));

const injuryOrConcern = (q: 'q9' | 'q10'): ItemInput => ({
  id: q,
  kind: 'choice',
  promptKey: `audit_${q}`,
  loinc: q === 'q9' ? '97739-7' : '97740-5',
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

/**
 * Where the AUDIT wording was checked (shared by AUDIT and AUDIT-C). English: the WHO manual itself
 * could not be read through Bridge's research tools; the messages match, word for word, the Box 4
 * wording as reproduced in several independent public copies, and LOINC's panel confirms the item
 * set and codes. Spanish: the WHO Spanish edition of the same manual.
 */
export const whoAuditWording = {
  english: {
    checked: 'reproduction' as const,
    sources: [
      'LOINC panel 72110-0, cdn.loinc.org/72110-0 (version 2.80): ten items with codes, total 75624-7',
      'LOINC 75626-2, loinc.org/75626-2: total score [AUDIT-C], member of panel 72109-2',
      'LOINC 75624-7, r.details.loinc.org/LOINC/75624-7.html: total score [AUDIT], member of panel 72110-0',
      'WHO Box 4 item wording as reproduced in several independent public code copies, found by exact-text search (all ten items and answer labels agree with these messages)',
    ],
  },
  spanish: {
    status: 'validated' as const,
    source:
      'OMS. AUDIT: Cuestionario de Identificación de los Trastornos debidos al Consumo de Alcohol. Pautas para su utilización en Atención Primaria (WHO/MSD/MSB/01.6a), traducción de la Generalitat Valenciana, Conselleria de Benestar Social',
    checkedAgainst: [
      'github.com/jarturocastan/tamizajes-documentation, files/AUDIT.docx.md (transcription of the Spanish interview form, commit e2949f6)',
      'A second public transcription that cites "Babor et al., OMS (2001), WHO/MSD/MSB/01.6a" (same items and answers)',
    ],
    notes:
      'Item 10 now ends "le han sugerido que deje de beber" (was "le han indicado"); item 2 answer 3 is "7, 8 o 9" (was "De 7 a 9"). The printed manual itself was not readable through the tools.',
  },
};
