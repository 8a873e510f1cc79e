import { defineInstrument } from '../instrument';
import { bridgeTranslationDisclosure, defineWording } from './wording';

const yesNo = [
  { value: 'no', labelKey: 'answer_no', points: 0 },
  { value: 'yes', labelKey: 'answer_yes', points: 1 },
];

/**
 * CAGE-AID, the CAGE questions adapted to include drugs.
 * Source: Brown RL, Rounds LA. "Conjoint screening questionnaires for alcohol and other drug
 * abuse: criterion validity in a primary care practice." Wis Med J 1995;94(3):135-40. One "yes"
 * warrants further assessment; two or more are clinically significant.
 * No LOINC codes are listed for CAGE-AID in Bridge's verified set.
 * Terms of use have not been verified with the authors or publisher: behind a clinic opt-in.
 */
export const cageAid = defineInstrument({
  id: 'cage-aid',
  name: 'CAGE-AID (CAGE Adapted to Include Drugs)',
  shortName: 'CAGE-AID',
  version: 'Brown & Rounds 1995',
  source: 'Brown RL, Rounds LA. Conjoint screening questionnaires for alcohol and other drug abuse. Wis Med J 1995;94(3):135-40.',
  ages: { min: 18 },
  introKey: 'cage_intro',
  items: (['cut-down', 'annoyed', 'guilty', 'eye-opener'] as const).map((id) => ({
    id,
    kind: 'choice' as const,
    promptKey: `cage_${id.replace('-', '_')}`,
    options: yesNo,
  })),
  scoring: {
    total: { kind: 'sum', items: ['cut-down', 'annoyed', 'guilty', 'eye-opener'] },
    range: { min: 0, max: 4 },
    description: 'One point for each "yes".',
  },
  cutoffs: [
    {
      id: 'cage-aid.everyone',
      atLeast: 1,
      allowed: { min: 1, max: 2 },
      source: 'Brown & Rounds 1995: one or more "yes" warrants further assessment',
    },
  ],
  riskLevels: [
    {
      id: 'negative',
      label: 'Negative',
      when: { score: { below: 1 } },
      action: 'positive-feedback',
      guidance: 'No "yes" answers: positive feedback.',
    },
    {
      id: 'further-assessment',
      label: 'Further assessment warranted',
      when: { score: { atLeast: 1, below: 2 } },
      action: 'brief-intervention',
      guidance: 'One "yes": assess further (AUDIT or DAST-10) and give brief advice.',
    },
    {
      id: 'clinically-significant',
      label: 'Clinically significant',
      when: { score: { atLeast: 2 } },
      action: 'brief-intervention-and-referral',
      guidance: 'Two or more "yes": clinically significant; brief intervention, DSM-5 assessment and offer referral.',
    },
  ],
  licence: {
    attribution: 'CAGE-AID: Brown RL, Rounds LA, Wis Med J 1995, adapted from the CAGE (Ewing JA, JAMA 1984).',
    terms: 'Terms of use not verified by Bridge. A clinic must opt in after confirming it may use this tool.',
    termsVerified: false,
    requiresClinicOptIn: true,
  },
});

/** Where CAGE-AID's words come from. */
export const cageAidWording = defineWording({
  instrumentId: 'cage-aid',
  english: {
    checked: 'reproduction',
    sources: [
      'Three independent public code copies found by exact-text search agree on: "Have you ever felt you ought to cut down on your drinking or drug use?", "Have people annoyed you by criticizing your drinking or drug use?", "Have you felt bad or guilty about your drinking or drug use?", "Have you ever had a drink or used drugs first thing in the morning to steady your nerves or to get rid of a hangover (eye-opener)?"',
    ],
    notes:
      'Changed to that wording: item 1 dropped "that" ("felt that you ought"), item 3 dropped "ever" ("Have you ever felt bad"). Brown & Rounds 1995 itself could not be read through the tools.',
  },
  spanish: { status: 'bridge-translation', disclosure: bridgeTranslationDisclosure },
});
