import { defineInstrument } from '../instrument';
import { bridgeTranslationDisclosure, defineWording } from './wording';

const frequency = [
  { value: 'never', labelKey: 's2bi_never', points: 0 },
  { value: 'once-or-twice', labelKey: 's2bi_once_or_twice', points: 1 },
  { value: 'monthly', labelKey: 's2bi_monthly', points: 2 },
  { value: 'weekly-or-more', labelKey: 's2bi_weekly_or_more', points: 3 },
];
const first = ['tobacco', 'alcohol', 'marijuana'] as const;
const more = ['rx-not-prescribed', 'illegal-drugs', 'inhalants', 'herbs-synthetic'] as const;
const nonTobacco = ['alcohol', 'marijuana', ...more];

/**
 * S2BI, Screening to Brief Intervention (ages 12–17).
 * Source: Levy S, Weiss R, Sherritt L, et al. "An electronic screen for triaging adolescent
 * substance use by risk levels." JAMA Pediatr 2014;168(9):822-8. Past-year frequency of tobacco,
 * alcohol and marijuana; any use opens four more classes. The highest non-tobacco frequency
 * sorts the patient: never = no reported use; once or twice = lower risk; monthly = moderate
 * risk (likely mild/moderate SUD); weekly or more = high risk (likely severe SUD). Actions per
 * Levy SJ, Williams JF, AAP Committee on Substance Use and Prevention, Pediatrics
 * 2016;138(1):e20161211: positive reinforcement, brief advice, brief intervention, referral.
 * Terms of use not verified: behind a clinic opt-in.
 */
export const s2bi = defineInstrument({
  id: 's2bi',
  name: 'S2BI (Screening to Brief Intervention)',
  shortName: 'S2BI',
  version: 'Levy et al. 2014',
  source: 'Levy S et al. JAMA Pediatr 2014;168(9):822-8. Levy SJ, Williams JF. Pediatrics 2016;138(1):e20161211.',
  ages: { min: 12, max: 17 },
  introKey: 's2bi_intro',
  lookbackKey: 's2bi_lookback',
  items: [
    ...first.map((id) => ({ id, kind: 'choice' as const, promptKey: `s2bi_${id}`, options: frequency })),
    ...more.map((id) => ({
      id,
      kind: 'choice' as const,
      promptKey: `s2bi_${id.replace(/-/g, '_')}`,
      skipIf: { all: first.map((f) => ({ answer: f, is: 'never' })) },
      options: frequency,
    })),
  ],
  scoring: {
    total: { kind: 'max', items: nonTobacco },
    subscores: [{ id: 'tobacco', label: 'Tobacco frequency (0–3)', kind: 'max', items: ['tobacco'] }],
    range: { min: 0, max: 3 },
    description: 'Highest past-year frequency of any non-tobacco substance: never 0, once or twice 1, monthly 2, weekly or more 3.',
  },
  cutoffs: [
    {
      id: 's2bi.everyone',
      atLeast: 1,
      allowed: { min: 1, max: 2 },
      source: 'Levy et al. 2014: any past-year non-tobacco use',
    },
  ],
  riskLevels: [
    {
      id: 'no-use',
      label: 'No reported use',
      when: { all: [{ score: { below: 1 } }, { answer: 'tobacco', is: 'never' }] },
      action: 'positive-feedback',
      guidance: 'No reported use: positive reinforcement.',
    },
    {
      // S2BI's risk categories cover non-tobacco substances; tobacco use alone still gets advice.
      id: 'tobacco-only',
      label: 'Tobacco use only',
      when: { score: { below: 1 } },
      action: 'brief-intervention',
      guidance: 'No non-tobacco use; tobacco use reported: brief advice to quit and offer cessation support.',
    },
    {
      id: 'lower-risk',
      label: 'Lower risk',
      when: { score: { atLeast: 1, below: 2 } },
      action: 'brief-intervention',
      guidance: 'Once or twice: brief advice (no substance use disorder likely).',
    },
    {
      id: 'moderate-risk',
      label: 'Moderate risk',
      when: { score: { atLeast: 2, below: 3 } },
      action: 'brief-intervention',
      guidance: 'Monthly use: brief intervention (mild or moderate substance use disorder likely).',
    },
    {
      id: 'high-risk',
      label: 'High risk',
      when: { score: { atLeast: 3 } },
      action: 'brief-intervention-and-referral',
      guidance: 'Weekly or more: brief intervention and referral to treatment (severe substance use disorder likely).',
    },
  ],
  advisories: [
    {
      id: 'tobacco-weekly',
      when: { answer: 'tobacco', is: 'weekly-or-more' },
      text: 'Weekly or more tobacco use: likely nicotine dependence; advise quitting and offer cessation support.',
    },
  ],
  licence: {
    attribution: 'S2BI: Levy S et al., Boston Children\'s Hospital; JAMA Pediatr 2014. Hosted by NIDA.',
    terms: 'Terms of use not verified by Bridge. A clinic must opt in after confirming it may use this tool.',
    termsVerified: false,
    requiresClinicOptIn: true,
  },
});

/** Where S2BI's words come from. */
export const s2biWording = defineWording({
  instrumentId: 's2bi',
  english: {
    checked: 'unverified',
    sources: [
      'NIDA Notes, "Electronic Questionnaire Quickly Rates Teens\' Substance Use" (archives.nida.nih.gov, 2015): confirms the structure (past-year frequency of tobacco, alcohol, marijuana; any use opens four more classes; four answer choices) but not the item wording',
    ],
    notes: 'The item wording still rests on memory of the NIDA online S2BI; no copy of the form could be read through the tools.',
  },
  spanish: { status: 'bridge-translation', disclosure: bridgeTranslationDisclosure },
});
