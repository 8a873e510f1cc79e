import { defineInstrument } from '../instrument';
import { bridgeTranslationDisclosure, defineWording } from './wording';

/**
 * NIAAA single alcohol screening question.
 * Source: National Institute on Alcohol Abuse and Alcoholism, "Helping Patients Who Drink Too Much:
 * A Clinician's Guide", updated 2005 edition (NIH Publication No. 07-3769), Step 1, as archived at
 * webarchive.library.unt.edu/eot2008/20090131010809/http:/pubs.niaaa.nih.gov/publications/
 * Practitioner/CliniciansGuide2005/clinicians_guide5_help_p.htm: "How many times in the past year
 * have you had . . . 5 or more drinks in a day? (for men) 4 or more drinks in a day? (for women)".
 * One or more heavy drinking days is a positive screen → full assessment.
 * The guide's Step 1 question has no age rule (its "healthy men over age 65" appear only in the
 * drinking limits), so men of every age are asked about 5 drinks; Bridge's domain notes said 4 for
 * adults 65+, and the primary source wins.
 * Validation: Smith PC et al., J Gen Intern Med 2009;24(7):783-8.
 * LOINC 68517-2 is this question ("How many times in the past year have you have X or more drinks
 * in a day?", X = 5 for men, 4 for women, in the US Core AUDIT-C Questionnaire example).
 */
export const niaaaSingleQuestion = defineInstrument({
  id: 'niaaa-single',
  name: 'NIAAA single alcohol screening question',
  shortName: 'NIAAA single question',
  version: 'NIAAA Clinician\'s Guide 2005',
  source:
    'NIAAA. Helping Patients Who Drink Too Much: A Clinician\'s Guide, 2005 edition, Step 1. Smith PC et al. J Gen Intern Med 2009;24(7):783-8.',
  ages: { min: 18 },
  introKey: 'niaaa_intro',
  loinc: {},
  items: [
    {
      id: 'heavy-drinking-days',
      kind: 'count',
      promptKey: 'niaaa_q',
      promptVariants: [
        { when: { sex: ['female'] }, key: 'niaaa_q_four' },
        { when: { sex: ['male'] }, key: 'niaaa_q_five' },
      ],
      unitKey: 'unit_times',
      max: 366,
      loinc: '68517-2',
    },
  ],
  scoring: {
    total: { kind: 'sum', items: ['heavy-drinking-days'] },
    range: { min: 0, max: 366 },
    description: 'The score is the number of heavy drinking days reported for the past year.',
  },
  cutoffs: [
    {
      id: 'niaaa-single.everyone',
      atLeast: 1,
      allowed: { min: 1, max: 1 },
      source: 'NIAAA Clinician\'s Guide 2005: one or more heavy drinking days is positive',
    },
  ],
  riskLevels: [
    {
      id: 'negative',
      label: 'No heavy drinking days',
      when: { score: { below: 'positive-cutoff' } },
      action: 'positive-feedback',
      guidance: 'Screen negative: reinforce, and rescreen yearly (NIAAA Step 1).',
    },
    {
      id: 'at-risk',
      label: 'At-risk drinking',
      when: { score: { atLeast: 'positive-cutoff' } },
      action: 'brief-intervention',
      guidance: 'Screen positive (heavy drinking days): assess with AUDIT-C or AUDIT, then advise and assist (NIAAA Steps 2–3).',
    },
  ],
  followUps: [
    {
      when: { score: { atLeast: 'positive-cutoff' } },
      instrumentIds: ['audit-c', 'audit'],
      reason: 'Positive single alcohol question: NIAAA recommends a full assessment (AUDIT-C or AUDIT).',
    },
  ],
  licence: {
    attribution: 'Single alcohol screening question: National Institute on Alcohol Abuse and Alcoholism (NIAAA), NIH.',
    terms: 'U.S. federal government work, in the public domain; free to use.',
    termsVerified: true,
    requiresClinicOptIn: false,
  },
});

/** Where the question's words come from. */
export const niaaaSingleQuestionWording = defineWording({
  instrumentId: 'niaaa-single',
  english: {
    checked: 'primary',
    sources: [
      'NIAAA Clinician\'s Guide 2005, Step 1 (web archive copy cited above): "How many times in the past year have you had . . . 5 or more drinks in a day? (for men) 4 or more drinks in a day? (for women)"',
      'LOINC 68517-2 in the US Core AUDIT-C Questionnaire example (build.fhir.org/ig/HL7/US-Core/en/Questionnaire-AUDIT-C.html): "How many times in the past year have you have X or more drinks in a day" with help text "Where X is 5 for men and 4 for women, and a response of greater than, or equal to, 1 is positive."',
    ],
    notes: 'When sex is not recorded the question names both thresholds; that combined wording is Bridge\'s.',
  },
  spanish: { status: 'bridge-translation', disclosure: bridgeTranslationDisclosure },
});
