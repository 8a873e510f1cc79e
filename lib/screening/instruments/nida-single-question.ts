import { defineInstrument } from '../instrument';
import { bridgeTranslationDisclosure, defineWording } from './wording';

/**
 * NIDA single drug screening question.
 * Source: Smith PC, Schmidt SM, Allensworth-Davies D, Saitz R. "A single-question screening test
 * for drug use in primary care." Arch Intern Med 2010;170(13):1155-60. Question: "How many times
 * in the past year have you used an illegal drug or used a prescription medication for
 * nonmedical reasons?" A response of at least 1 is positive. The interviewer may explain
 * "for example, because of the experience or feeling it caused", as in the published study.
 * LOINC 68524-8 is this question; LOINC's name for it, as listed at healthassure.in/codes/
 * loinc-68524-8-…, is "How many times in the past year have you used an illegal drug or used a
 * prescription medication for non-medical reasons", word for word the message Bridge shows
 * (LOINC writes "non-medical"; the article's own hyphenation could not be read through the tools).
 */
export const nidaSingleQuestion = defineInstrument({
  id: 'nida-single',
  name: 'Single drug screening question',
  shortName: 'Single drug question',
  version: 'Smith et al. 2010',
  source: 'Smith PC, Schmidt SM, Allensworth-Davies D, Saitz R. Arch Intern Med 2010;170(13):1155-60.',
  ages: { min: 18 },
  introKey: 'nida_intro',
  items: [
    {
      id: 'drug-use-times',
      kind: 'count',
      promptKey: 'nida_q',
      unitKey: 'unit_times',
      max: 366,
      loinc: '68524-8',
    },
  ],
  scoring: {
    total: { kind: 'sum', items: ['drug-use-times'] },
    range: { min: 0, max: 366 },
    description: 'The score is the number of times of drug use reported for the past year.',
  },
  cutoffs: [
    {
      id: 'nida-single.everyone',
      atLeast: 1,
      allowed: { min: 1, max: 1 },
      source: 'Smith et al. 2010: a response of at least 1 is positive',
    },
  ],
  riskLevels: [
    {
      id: 'negative',
      label: 'No drug use reported',
      when: { score: { below: 'positive-cutoff' } },
      action: 'positive-feedback',
      guidance: 'Screen negative: reinforce, and rescreen yearly.',
    },
    {
      id: 'positive',
      label: 'Drug use reported',
      when: { score: { atLeast: 'positive-cutoff' } },
      action: 'brief-intervention',
      guidance: 'Screen positive: assess further with DAST-10 before deciding on a brief intervention or referral.',
    },
  ],
  followUps: [
    {
      when: { score: { atLeast: 'positive-cutoff' } },
      instrumentIds: ['dast-10'],
      reason: 'Positive single drug question: assess further with DAST-10.',
    },
  ],
  licence: {
    attribution: 'Single drug screening question: Smith PC et al., Arch Intern Med 2010; promoted by NIDA.',
    terms: 'Published screening question, free to use in clinical care.',
    termsVerified: true,
    requiresClinicOptIn: false,
  },
});

/** Where the question's words come from. */
export const nidaSingleQuestionWording = defineWording({
  instrumentId: 'nida-single',
  english: {
    checked: 'reproduction',
    sources: [
      'LOINC 68524-8 long name, as listed at healthassure.in/codes/loinc-68524-8-how-many-times-in-the-past-year-have-you-used-an-illegal-drug-or-used-a-prescription-medication-for-non-medical-reasons',
    ],
    notes: 'Smith et al. 2010 itself could not be read through the tools; the LOINC name is the question as coded.',
  },
  spanish: { status: 'bridge-translation', disclosure: bridgeTranslationDisclosure },
});
