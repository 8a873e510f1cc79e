import { z } from 'zod';

/**
 * Brief intervention guide: the Brief Negotiated Interview (BNI) steps, each tagged with the FRAMES
 * elements it carries, and MI-style prompts in non-stigmatizing language.
 * Sources:
 * - SAMHSA. Systems-Level Implementation of Screening, Brief Intervention, and Referral to
 *   Treatment. Technical Assistance Publication (TAP) 33, 2013 (brief intervention 5–15 minutes;
 *   FRAMES; BNI).
 * - D'Onofrio G, Pantalon MV, Degutis LC, et al. "Development and implementation of an emergency
 *   practitioner-performed brief intervention for hazardous and harmful drinkers in the emergency
 *   department." Acad Emerg Med 2005;12(3):249-56 (the four BNI steps, readiness ruler).
 * - Miller WR, Sanchez VC. "Motivating young adults for treatment and lifestyle change", 1994, and
 *   Bien TH, Miller WR, Tonigan JS. Addiction 1993;88(3):315-35 (FRAMES).
 * - NIAAA. Helping Patients Who Drink Too Much: A Clinician's Guide, 2005 (Step 3 "advise and
 *   assist"; low-risk limits: men no more than 4 drinks a day and 14 a week, women no more than
 *   3 a day and 7 a week; Step 4 follow-up).
 * Words follow NIDA "Words Matter" and ONDCP 2017: person-first, "substance use", no labels.
 */
export const framesElementSchema = z.enum(['feedback', 'responsibility', 'advice', 'menu', 'empathy', 'self-efficacy']);
export type FramesElement = z.infer<typeof framesElementSchema>;

export const framesElements: Record<FramesElement, string> = {
  feedback: 'Feedback on personal risk',
  responsibility: 'Responsibility for change rests with the patient',
  advice: 'Clear advice to change',
  menu: 'Menu of options for change',
  empathy: 'Empathic, non-judgemental style',
  'self-efficacy': 'Support self-efficacy and optimism',
};

export const briefInterventionStepSchema = z.strictObject({
  id: z.string(),
  title: z.string().min(1),
  purpose: z.string().min(1),
  frames: z.array(framesElementSchema).min(1),
  prompts: z.array(z.string().min(1)).min(1),
  /** Shown only for these SBIRT actions; all when absent. */
  onlyFor: z.array(z.enum(['brief-intervention', 'brief-intervention-and-referral'])).optional(),
});
export type BriefInterventionStep = z.infer<typeof briefInterventionStepSchema>;

export const briefInterventionGuideSchema = z.strictObject({
  title: z.string(),
  minutes: z.string(),
  source: z.string(),
  steps: z.array(briefInterventionStepSchema).min(4),
});
export type BriefInterventionGuide = z.infer<typeof briefInterventionGuideSchema>;

export const briefInterventionGuide: BriefInterventionGuide = briefInterventionGuideSchema.parse({
  title: 'Brief intervention (Brief Negotiated Interview)',
  minutes: '5–15 minutes',
  source:
    'SAMHSA TAP 33 (2013); D\'Onofrio G et al., Acad Emerg Med 2005;12:249-56; Bien TH, Miller WR, Tonigan JS, Addiction 1993;88:315-35; NIAAA Clinician\'s Guide 2005.',
  steps: [
    {
      id: 'raise-subject',
      title: '1. Raise the subject',
      purpose: 'Ask permission and set a respectful, collaborative tone.',
      frames: ['empathy', 'responsibility'],
      prompts: [
        'Would it be all right to spend a few minutes talking about your answers?',
        'I ask everyone these questions, because alcohol and other substances can affect health.',
      ],
    },
    {
      id: 'feedback',
      title: '2. Give feedback',
      purpose: 'Share the screening result and what it means for health, without labels.',
      frames: ['feedback', 'advice'],
      prompts: [
        'Your answers put you in a range where your health could be affected. What do you make of that?',
        'For healthy adults, lower-risk drinking means no more than 4 drinks a day and 14 a week for men, and no more than 3 a day and 7 a week for women (NIAAA).',
        'Have you noticed any connection between your use and how you have been feeling, sleeping or doing at work?',
      ],
    },
    {
      id: 'enhance-motivation',
      title: '3. Enhance motivation',
      purpose: 'Explore the person\'s own reasons for change and readiness.',
      frames: ['responsibility', 'empathy', 'self-efficacy'],
      prompts: [
        'On a scale from 1 to 10, how ready are you to make a change?',
        'Why that number and not a lower one?',
        'What do you like about your use? What are the not-so-good things?',
        'What would be different if you made a change?',
      ],
    },
    {
      id: 'negotiate-plan',
      title: '4. Negotiate a plan and advise',
      purpose: 'Agree a goal in the person\'s words and offer options; give clear advice.',
      frames: ['advice', 'menu', 'responsibility', 'self-efficacy'],
      prompts: [
        'What would you like to do? Some people cut down, some stop, some start with one change.',
        'As your clinician, I recommend staying within the lower-risk limits, or stopping.',
        'What might get in the way, and who could help you?',
        'You have made changes before; what worked for you then?',
      ],
    },
    {
      id: 'referral',
      title: '5. Offer referral to treatment',
      purpose: 'For higher-risk results: offer specialty assessment and treatment, including medication treatment where it fits.',
      frames: ['menu', 'advice', 'responsibility'],
      onlyFor: ['brief-intervention-and-referral'],
      prompts: [
        'A specialist can talk through options with you, including counselling and medications that help. Would you be open to that?',
        'Would you like me to help set up an appointment today?',
      ],
    },
    {
      id: 'follow-up',
      title: '6. Arrange follow-up',
      purpose: 'Summarise the plan and agree when to check in (NIAAA Step 4).',
      frames: ['self-efficacy', 'empathy'],
      prompts: [
        'So your plan is… Did I get that right?',
        'Can we check in at your next visit, or sooner by phone, to see how it is going?',
        'Thank you for talking with me about this.',
      ],
    },
  ],
});

/** The steps that apply to a result's SBIRT action (the referral step only for referral results). */
export function briefInterventionSteps(
  action: 'brief-intervention' | 'brief-intervention-and-referral',
  guide: BriefInterventionGuide = briefInterventionGuide,
): BriefInterventionStep[] {
  return guide.steps.filter((s) => !s.onlyFor || s.onlyFor.includes(action));
}
