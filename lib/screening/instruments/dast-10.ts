import { defineInstrument } from '../instrument';
import { bridgeTranslationDisclosure, defineWording } from './wording';

const yesNo = (yesPoints: number) => [
  { value: 'no', labelKey: 'answer_no', points: 1 - yesPoints },
  { value: 'yes', labelKey: 'answer_yes', points: yesPoints },
];

/**
 * DAST-10, the 10-item Drug Abuse Screening Test.
 * Source: Skinner HA. "The Drug Abuse Screening Test." Addict Behav 1982;7(4):363-71; DAST-10
 * form and interpretation guide © 1982 Harvey A. Skinner, PhD, and the Centre for Addiction and
 * Mental Health (CAMH), Toronto. "Yes" scores 1 except item 3 ("Are you always able to stop
 * using drugs when you want to?"), where "No" scores 1. Interpretation (CAMH guide): 0 no problems
 * reported; 1–2 low level (monitor, re-assess at a later date); 3–5 moderate (further
 * investigation); 6–8 substantial and 9–10 severe (intensive assessment).
 * Positive cut-off 3: Cocco KM, Carey KB, Psychol Assess 1998;10(4):408-14; Yudko E et al.,
 * J Subst Abuse Treat 2007;32(2):189-98. The wording is the published wording ("abuse" in item 2
 * included) because changing a validated item changes the instrument.
 * LOINC: panel 82666-9, total 82667-7 (loinc.org/82667-7: "Member of these Panels: 82666-9
 * Drug Abuse Screening Test-10 [DAST-10]"; its description also gives the cut-off: "A total score
 * of 3 or above may indicate a substance abuse or dependence problem. PMID: 17306727", i.e. Yudko
 * et al. 2007). Item codes could not be read through the tools, so they are left out.
 */
export const dast10 = defineInstrument({
  id: 'dast-10',
  name: 'DAST-10 (Drug Abuse Screening Test, 10 items)',
  shortName: 'DAST-10',
  version: 'Skinner 1982, DAST-10',
  source: 'Skinner HA. The Drug Abuse Screening Test. Addict Behav 1982;7(4):363-71. DAST-10 © 1982 H.A. Skinner / CAMH.',
  ages: { min: 18 },
  introKey: 'dast_intro',
  lookbackKey: 'dast_lookback',
  loinc: { panel: '82666-9', total: '82667-7' },
  items: (['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9', 'q10'] as const).map((q) => ({
    id: q,
    kind: 'choice' as const,
    promptKey: `dast_${q}`,
    options: yesNo(q === 'q3' ? 0 : 1),
    reverseScored: q === 'q3',
  })),
  scoring: {
    total: { kind: 'sum', items: ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9', 'q10'] },
    range: { min: 0, max: 10 },
    description: 'One point for each "yes", except item 3 where "no" scores the point.',
  },
  cutoffs: [
    {
      id: 'dast-10.everyone',
      atLeast: 3,
      allowed: { min: 1, max: 6 },
      source: 'Cocco & Carey 1998; Yudko et al. 2007: 3 or more',
    },
  ],
  riskLevels: [
    {
      id: 'none',
      label: 'No problems reported',
      when: { score: { below: 1 } },
      action: 'positive-feedback',
      guidance: 'No drug-related problems reported: reinforce, no further action at this time (CAMH guide).',
    },
    {
      id: 'low',
      label: 'Low level',
      when: { score: { atLeast: 1, below: 3 } },
      action: 'brief-intervention',
      guidance: 'Low level (1–2): brief advice, monitor and re-assess at a later date (CAMH guide).',
    },
    {
      id: 'moderate',
      label: 'Moderate level',
      when: { score: { atLeast: 3, below: 6 } },
      action: 'brief-intervention',
      guidance: 'Moderate level (3–5): brief intervention and further investigation (CAMH guide).',
    },
    {
      id: 'substantial',
      label: 'Substantial level',
      when: { score: { atLeast: 6, below: 9 } },
      action: 'brief-intervention-and-referral',
      guidance: 'Substantial level (6–8): intensive assessment; offer referral to treatment (CAMH guide).',
    },
    {
      id: 'severe',
      label: 'Severe level',
      when: { score: { atLeast: 9 } },
      action: 'brief-intervention-and-referral',
      guidance: 'Severe level (9–10): intensive assessment; offer referral to treatment (CAMH guide).',
    },
  ],
  licence: {
    attribution: 'DAST-10 © 1982 Harvey A. Skinner, PhD, and the Centre for Addiction and Mental Health, Toronto.',
    terms: 'Free for non-commercial clinical use with this credit.',
    termsVerified: true,
    requiresClinicOptIn: false,
  },
});

/** Where the DAST-10's words come from. */
export const dast10Wording = defineWording({
  instrumentId: 'dast-10',
  english: {
    checked: 'reproduction',
    sources: [
      'github.com/rhavekost/clinical-toolkit, dist/consumer/perplexity/substance-screening/knowledge/assets/dast-10.md: the ten items word for word as these messages',
      'github.com/akello-io/akello, packages/docs/docs/02-measurements/DAST.md: the same ten items (item 4 there reads "Have you ever had blackouts…")',
      'Public copies of the CAMH instructions: \'"Drug abuse" refers to (1) the use of prescribed or over-the-counter drugs in excess of the directions, and (2) any nonmedical use of drugs.\'',
      'loinc.org/82667-7 (total score, panel 82666-9, cut-off 3)',
    ],
    notes:
      'The instructions now keep the published "drug abuse" definition (Bridge had written "Drug use"), because item 2 ("Do you abuse more than one drug at a time?") relies on it. The CAMH form itself was not readable through the tools.',
  },
  spanish: {
    status: 'bridge-translation',
    disclosure: bridgeTranslationDisclosure,
    validatedVersionKnown: 'Validated Spanish versions of the DAST are published, but none could be read through the tools to reproduce.',
  },
});
