import { defineInstrument, type Condition, type InstrumentInput } from '../instrument';
import { bridgeTranslationDisclosure, defineWording } from './wording';

type ItemInput = InstrumentInput['items'][number];

/**
 * TAPS: Tobacco, Alcohol, Prescription medication, and other Substance use Tool (NIDA CTN-0059).
 * Sources: McNeely J, Wu LT, Subramaniam G, et al. "Performance of the Tobacco, Alcohol,
 * Prescription Medication, and Other Substance Use (TAPS) Tool for Substance Use Screening in
 * Primary Care Patients." Ann Intern Med 2016;165(10):690-9; Wu LT et al., Drug Alcohol Depend
 * 2016;165:38-44; NIDA online TAPS tool (nida.nih.gov/taps2). Part 1 asks past-12-month frequency
 * for four classes; any answer but "never" opens part 2 (past 3 months, yes/no) for that class.
 * In part 2 each substance starts with a use question ("did you use…"); only a "yes" opens that
 * substance's follow-up questions. Alcohol starts with "did you have a drink containing alcohol?",
 * which opens its three scored questions and is not itself counted: TAPS-2 adapts ASSIST-Lite, whose
 * alcohol score is those three. (That the alcohol opener is unscored could not be confirmed from a
 * NIDA scoring sheet through Bridge's research tools; Bridge's alcohol score is unchanged by it.)
 * Each substance scores 0 (no use in past 3 months), 1 (problem use) or 2+ (higher risk).
 * Part 2 also asks which other drugs were used (free text); Bridge does not ask it because it is
 * not scored.
 * LOINC: panel 96841-2; part 1 items 96842-0 (tobacco), 96843-8 (illegal drugs), 96844-6
 * (prescription medications), as coded in the US Core TAPS Questionnaire example
 * (github.com/HL7/US-Core, input/examples/Questionnaire-TAPS.json). The alcohol item has two codes,
 * one per wording (88037-7 five or more drinks, 75889-6 four or more), and Bridge keeps one item
 * with a wording per sex, so it carries none. Part 2 item codes are not attached.
 */
const frequency = [
  { value: 'never', labelKey: 'taps_freq_never', points: 0 },
  { value: 'less-than-monthly', labelKey: 'taps_freq_less_than_monthly', points: 1 },
  { value: 'monthly', labelKey: 'taps_freq_monthly', points: 2 },
  { value: 'weekly', labelKey: 'taps_freq_weekly', points: 3 },
  { value: 'daily', labelKey: 'taps_freq_daily', points: 4 },
];
const anyUse = ['less-than-monthly', 'monthly', 'weekly', 'daily'];
const yesNo = [
  { value: 'no', labelKey: 'answer_no', points: 0 },
  { value: 'yes', labelKey: 'answer_yes', points: 1 },
];
const drinksVariants = (key: string) => [
  { when: { sex: ['female' as const] }, key: `${key}_women` },
  { when: { sex: ['male' as const] }, key: `${key}_men` },
];

const part1 = (id: string, key: string, extra: Partial<ItemInput> = {}): ItemInput => ({
  id,
  kind: 'choice',
  sectionKey: id === 'tobacco-12m' ? 'taps_part1' : undefined,
  promptKey: key,
  options: frequency,
  // TAPS-1 answers open part 2; they are not added into a score.
  scored: false,
  ...extra,
} as ItemInput);

/**
 * Part 2 items for one substance, asked only when its part-1 class was used in the past year. The
 * follow-up questions are asked only after a "yes" to the substance's opening use question: item 1,
 * or for alcohol the unscored `alcohol-any` opener.
 */
const part2 = (
  substance: string,
  gate: string,
  count: number,
  options: { first?: boolean; opener?: string; variants?: Record<number, ReturnType<typeof drinksVariants>> } = {},
): ItemInput[] => {
  const classUsed: Condition = { answer: gate, in: anyUse };
  const opener = options.opener ?? `${substance}-1`;
  const openerItem: ItemInput[] = options.opener
    ? [{
        id: options.opener,
        kind: 'choice',
        sectionKey: options.first ? 'taps_part2' : undefined,
        promptKey: `taps_${options.opener.replace(/-/g, '_')}`,
        skipIf: { not: classUsed },
        options: yesNo,
        scored: false,
      }]
    : [];
  return [
    ...openerItem,
    ...Array.from({ length: count }, (_, i): ItemInput => ({
      id: `${substance}-${i + 1}`,
      kind: 'choice' as const,
      sectionKey: options.first && !options.opener && i === 0 ? 'taps_part2' : undefined,
      promptKey: `taps_${substance.replace(/-/g, '_')}_${i + 1}`,
      promptVariants: options.variants?.[i + 1],
      // An unanswered opener hides the follow-ups, as the form asks them only after a "yes".
      skipIf: `${substance}-${i + 1}` === opener ? { not: classUsed } : { any: [{ not: classUsed }, { not: { answer: opener, is: 'yes' } }] },
      options: yesNo,
    })),
  ];
};

const substances = [
  { id: 'tobacco', label: 'Tobacco', gate: 'tobacco-12m', count: 3 },
  { id: 'alcohol', label: 'Alcohol', gate: 'alcohol-12m', count: 3, opener: 'alcohol-any' },
  { id: 'marijuana', label: 'Marijuana', gate: 'drugs-12m', count: 3 },
  { id: 'stimulants', label: 'Cocaine or methamphetamine', gate: 'drugs-12m', count: 3 },
  { id: 'heroin', label: 'Heroin', gate: 'drugs-12m', count: 3 },
  { id: 'rx-opioids', label: 'Prescription opioids', gate: 'rx-12m', count: 3 },
  { id: 'sedatives', label: 'Sedatives', gate: 'rx-12m', count: 3 },
  { id: 'rx-stimulants', label: 'Prescription stimulants', gate: 'rx-12m', count: 3 },
  { id: 'other-drugs', label: 'Other drugs', gate: 'drugs-12m', count: 1 },
] as const satisfies readonly { id: string; label: string; gate: string; count: number; opener?: string }[];

export const taps = defineInstrument({
  id: 'taps',
  name: 'TAPS Tool (Tobacco, Alcohol, Prescription medication, and other Substance use)',
  shortName: 'TAPS',
  version: 'NIDA CTN-0059 TAPS Tool (McNeely et al. 2016)',
  source:
    'McNeely J et al. Ann Intern Med 2016;165(10):690-9. Wu LT et al. Drug Alcohol Depend 2016;165:38-44. NIDA TAPS Tool, nida.nih.gov/taps2.',
  ages: { min: 18 },
  introKey: 'taps_intro',
  loinc: { panel: '96841-2' },
  items: [
    part1('tobacco-12m', 'taps_t1_tobacco', { loinc: '96842-0' }),
    part1('alcohol-12m', 'taps_t1_alcohol', { promptVariants: drinksVariants('taps_t1_alcohol') }),
    part1('drugs-12m', 'taps_t1_drugs', { loinc: '96843-8' }),
    part1('rx-12m', 'taps_t1_rx', { loinc: '96844-6' }),
    ...substances.flatMap((s, index) =>
      part2(s.id, s.gate, s.count, {
        first: index === 0,
        opener: 'opener' in s ? s.opener : undefined,
        variants: s.id === 'alcohol' ? { 1: drinksVariants('taps_alcohol_1') } : {},
      }),
    ),
  ],
  scoring: {
    total: { kind: 'max-of-subscores' },
    subscores: substances.map((s) => ({
      id: s.id,
      label: s.label,
      kind: 'sum' as const,
      items: Array.from({ length: s.count }, (_, i) => `${s.id}-${i + 1}`),
    })),
    range: { min: 0, max: 3 },
    description:
      'Part 2 is scored per substance (one point per "yes"); the overall score is the highest substance score.',
  },
  cutoffs: [
    {
      id: 'taps.everyone',
      atLeast: 1,
      allowed: { min: 1, max: 2 },
      source: 'NIDA TAPS Tool: 1 = problem use, 2+ = higher risk (McNeely et al. 2016)',
    },
  ],
  riskLevels: [
    {
      id: 'no-use',
      label: 'No use in the past 12 months',
      when: { all: ['tobacco-12m', 'alcohol-12m', 'drugs-12m', 'rx-12m'].map((id) => ({ answer: id, is: 'never' })) },
      action: 'positive-feedback',
      guidance: 'TAPS-1 negative: give positive feedback and support the choice not to use (NIDA TAPS).',
    },
    {
      id: 'no-recent-use',
      label: 'No use in the past 3 months',
      when: { score: { below: 1 } },
      action: 'positive-feedback',
      guidance: 'Score 0 for every substance: no use in the past 3 months; reinforce and rescreen.',
    },
    {
      id: 'problem-use',
      label: 'Problem use',
      when: { score: { atLeast: 1, below: 2 } },
      action: 'brief-intervention',
      guidance: 'Highest substance score 1 (problem use): brief intervention.',
    },
    {
      id: 'higher-risk',
      label: 'Higher risk',
      when: { score: { atLeast: 2 } },
      action: 'brief-intervention-and-referral',
      guidance: 'Highest substance score 2 or more (higher risk, substance use disorder likely): brief intervention, DSM-5 assessment and referral to treatment.',
    },
  ],
  licence: {
    attribution: 'TAPS Tool: National Institute on Drug Abuse Clinical Trials Network (CTN-0059), NIH.',
    terms: 'U.S. federal government work, free to use.',
    termsVerified: true,
    requiresClinicOptIn: false,
  },
});

/** Where the TAPS wording comes from. */
export const tapsWording = defineWording({
  instrumentId: 'taps',
  english: {
    checked: 'reproduction',
    sources: [
      'github.com/precisely/pia-server, src/pia_server/apps/triage/flows/drugs/{alcohol,prescription,tobacco}.clj and recreation/{cannabis,stimulants,heroin}.clj: every TAPS-2 question word for word, with the alcohol opener and the "ask the rest only after yes" rule',
      'A second public code copy of the whole TAPS tool found by exact-text search: the same part-2 questions, the other-drugs examples, and the part-1 drug and prescription questions',
      'US Core TAPS Questionnaire example (github.com/HL7/US-Core, input/examples/Questionnaire-TAPS.json): part-1 LOINC codes and answer list (Never, Less than monthly, Monthly, Weekly, Daily or almost daily)',
      'PhenX protocol 511601 (TAPS Tool Part 1), test.phenxtoolkit.org: "freely available; permission not required for use"',
    ],
    notes:
      'Fixed: the alcohol opener and the part-2 skip rule were missing; "a medication for anxiety or sleep"; "(for example, Percocet, Vicodin)"; "more than prescribed or that were not prescribed"; no "or" before "ecstasy/MDMA"; the other-drugs examples. Part-1 examples of prescription medications and the tobacco examples still rest on memory of the 2016 form; NIDA\'s current online tool words tobacco as "tobacco or any other nicotine delivery product".',
  },
  spanish: {
    status: 'bridge-translation',
    disclosure: bridgeTranslationDisclosure,
    validatedVersionKnown: 'A Spanish TAPS may exist; none could be read through the tools to reproduce.',
  },
});
