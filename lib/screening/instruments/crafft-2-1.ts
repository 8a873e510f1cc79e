import { defineInstrument } from '../instrument';
import { defineWording } from './wording';

const yesNo = [
  { value: 'no', labelKey: 'answer_no', points: 0 },
  { value: 'yes', labelKey: 'answer_yes', points: 1 },
];
const partA = ['alcohol-days', 'marijuana-days', 'other-days'] as const;
/** Published rule: "If the patient answered '0' for all questions in Part A, ask the CAR question only, then stop." */
const noUseInPartA = { all: partA.map((id) => ({ answer: id, atMost: 0 })) };

/**
 * CRAFFT 2.1 (ages 12–21).
 * Source: CRAFFT 2.1 questionnaire and Clinician Guide, Center for Adolescent Behavioral Health
 * Research (CABHRe), Boston Children's Hospital, crafft.org. Knight JR et al., Arch Pediatr
 * Adolesc Med 2002;156(6):607-14; Shenoi RP et al., Pediatrics 2019;144(6):e20191258 (2.1 validation).
 * Part A asks days of use in the past 12 months; if all are 0, only the CAR question is asked,
 * otherwise all six CRAFFT questions. Score = number of "yes" answers in Part B; 2 or more is
 * high risk (further assessment); any "yes" to CAR calls for counselling on riding with impaired
 * drivers. The tool must be used unmodified with its copyright notice.
 * LOINC 71942-7 belongs to the original CRAFFT, not 2.1, so no LOINC code is attached.
 */
export const crafft21 = defineInstrument({
  id: 'crafft-2.1',
  name: 'CRAFFT 2.1',
  shortName: 'CRAFFT 2.1',
  version: 'CRAFFT 2.1',
  source:
    'CRAFFT 2.1, Center for Adolescent Behavioral Health Research, Boston Children\'s Hospital (crafft.org). Knight JR et al. Arch Pediatr Adolesc Med 2002;156:607-14. Shenoi RP et al. Pediatrics 2019;144(6):e20191258.',
  ages: { min: 12, max: 21 },
  introKey: 'crafft_intro',
  items: [
    ...partA.map((id, i) => ({
      id,
      kind: 'count' as const,
      sectionKey: i === 0 ? 'crafft_part_a' : undefined,
      promptKey: `crafft_a${i + 1}`,
      unitKey: 'unit_days',
      max: 365,
      scored: false,
    })),
    { id: 'car', kind: 'choice', sectionKey: 'crafft_part_b', promptKey: 'crafft_car', options: yesNo },
    ...(['relax', 'alone', 'forget', 'friends', 'trouble'] as const).map((id) => ({
      id,
      kind: 'choice' as const,
      promptKey: `crafft_${id}`,
      skipIf: noUseInPartA,
      options: yesNo,
    })),
  ],
  scoring: {
    total: { kind: 'sum', items: ['car', 'relax', 'alone', 'forget', 'friends', 'trouble'] },
    subscores: [
      { id: 'alcohol-days', label: 'Days of alcohol use (past 12 months)', kind: 'sum', items: ['alcohol-days'] },
      { id: 'marijuana-days', label: 'Days of marijuana use (past 12 months)', kind: 'sum', items: ['marijuana-days'] },
      { id: 'other-days', label: 'Days of other use to get high (past 12 months)', kind: 'sum', items: ['other-days'] },
    ],
    range: { min: 0, max: 6 },
    description: 'Number of "yes" answers to the six CRAFFT questions; Part A days are kept but not scored.',
  },
  cutoffs: [
    {
      id: 'crafft-2.1.everyone',
      atLeast: 2,
      allowed: { min: 1, max: 2 },
      source: 'CRAFFT 2.1 Clinician Guide: a score of 2 or more is high risk',
    },
  ],
  riskLevels: [
    {
      id: 'no-use',
      label: 'No use reported',
      when: noUseInPartA,
      action: 'positive-feedback',
      guidance: 'No use in the past 12 months: praise and encourage (CRAFFT 2.1 Clinician Guide).',
    },
    {
      id: 'lower-risk',
      label: 'Lower risk',
      when: { score: { below: 'positive-cutoff' } },
      action: 'brief-intervention',
      guidance: 'Use with a CRAFFT score below 2: brief advice to stop, and rescreen (CRAFFT 2.1 Clinician Guide).',
    },
    {
      id: 'high-risk',
      label: 'High risk',
      when: { score: { atLeast: 'positive-cutoff' } },
      action: 'brief-intervention-and-referral',
      guidance: 'CRAFFT 2 or more: brief intervention and further assessment; refer to treatment if a substance use disorder is likely.',
    },
  ],
  advisories: [
    {
      id: 'car',
      when: { answer: 'car', is: 'yes' },
      text: 'CAR "yes": counsel about riding with a driver who has been using alcohol or drugs, and agree a safety plan (CRAFFT 2.1 Contract for Life).',
    },
  ],
  licence: {
    attribution:
      '© John R. Knight, MD, Boston Children\'s Hospital. Reproduced with permission from the Center for Adolescent Behavioral Health Research (CABHRe), Boston Children\'s Hospital. crafft@childrens.harvard.edu, www.crafft.org',
    terms: 'Free for clinical use; must be used unmodified with the copyright notice (crafft.org).',
    termsVerified: true,
    requiresClinicOptIn: false,
  },
});

/**
 * Where CRAFFT 2.1's words come from. CRAFFT must be used unmodified, so its Spanish may only be the
 * official Spanish CRAFFT 2.1 from crafft.org; until that text is reproduced, Bridge's translation
 * stands in and the clinician is told.
 */
export const crafft21Wording = defineWording({
  instrumentId: 'crafft-2.1',
  english: {
    checked: 'reproduction',
    sources: [
      'Two independent public code copies of the CRAFFT 2.1 self-report questions found by exact-text search ("hash by smoking, vaping, dabbing"): Part A and the six CRAFFT questions agree word for word with these messages',
    ],
    notes: 'The crafft.org form itself could not be read through the tools.',
  },
  spanish: {
    status: 'bridge-translation',
    disclosure:
      'The Spanish CRAFFT 2.1 questions are a Bridge translation, not the official CRAFFT 2.1 Spanish version that CRAFFT\'s terms require (crafft.org): use English, or the official Spanish paper form, until it replaces them.',
    validatedVersionKnown:
      'Official Spanish CRAFFT 2.1 (crafft.org); a Spain validation: Gómez P, Harris SK, García-Couceiro N, Isorna M, Rial-Boubeta A. Traducción, adaptación cultural y propiedades psicométricas de la versión española del CRAFFT 2.1. Rev Iberoam Diagn Eval Psicol 2025;75(1):95-108 (record at investigacion.usc.gal). Neither text could be read through the tools.',
  },
});
