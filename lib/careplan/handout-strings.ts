/**
 * The patient handout's own words, English and Spanish. Kept here rather than in
 * public/_locales: the handout prints in the language the patient reads, whatever language the
 * browser's UI is in, and chrome.i18n only ever answers in the UI language (the self-screen has the
 * same need and also imports its catalog directly, lib/screening/messages.ts). One object per
 * language with the same keys (TypeScript checks the keys; handout.test.ts checks the `{placeholders}`).
 *
 * Written for a 6th-grade reading level or below (handout.test.ts measures it) and in words that
 * do not stigmatize (NIDA "Words Matter"; lib/language checks every string in both languages).
 * The Spanish is Bridge's own translation and has not been reviewed by a certified medical
 * translator; a bilingual clinician should review it before a clinic relies on it.
 */

const en = {
  title: 'My care plan',
  intro: 'We made this plan with you on {date}. It is your plan. Keep it and bring it to your visits.',
  goalsHeading: 'My goals',
  goalLine: '“{words}” I want to do this by {date}.',
  noGoals: 'We will set your goals together at your next visit.',
  stepsHeading: 'What we will do',
  stepWho: '{name} will help with this.',
  stepHowOften: 'How often: {frequency}.',
  stepStart: 'Start: {date}.',
  noSteps: 'We will plan the next steps together at your next visit.',
  teamHeading: 'My care team',
  teamLine: '{name}, {role}.',
  teamOrg: 'Works at {organisation}.',
  teamPhone: 'Phone: {phone}.',
  teamAddress: 'Address: {address}.',
  teamDoes: 'What they do: {what}.',
  placesHeading: 'Places that can help me',
  placeLine: '{name}.',
  placeAddress: 'Address: {address}.',
  placePhone: 'Phone: {phone}.',
  meetingsHeading: 'Peer support meetings',
  meetingsIntro: 'People who have been through this meet to help each other. You can go to these meetings.',
  meetingLine: '{what}.',
  meetingHowOften: 'How often: {frequency}.',
  nextHeading: 'My next visit',
  nextVisit: 'My next visit is on {date}.',
  nextVisitWith: 'My next visit is on {date} at {place}.',
  nextVisitNone: 'Call us to set up your next visit.',
  helpHeading: 'If I need help now',
  help988: 'If you are in crisis or have thoughts of suicide, call or text 988. You can call any time, day or night.',
  helpSamhsa: 'For free help to find care near you, call the SAMHSA National Helpline at 1-800-662-4357. It is private and open all day, every day.',
  help911: 'If someone is in danger right now, call 911.',
  footer: 'You can change this plan at any time. Just ask your care team.',
  printButton: 'Print',
  // Care team roles, in plain words.
  role_patient: 'me',
  'role_support-person': 'a person who supports me',
  'role_primary-care-clinician': 'my main doctor or nurse',
  'role_behavioral-health-care-manager': 'my care manager',
  'role_psychiatric-consultant': 'a doctor who helps my care team',
  'role_addiction-specialist': 'a doctor who treats substance use',
  'role_peer-recovery-specialist': 'a peer coach who has been in recovery',
  'role_treatment-program': 'a treatment program',
  'role_community-service': 'a service in my town',
  role_other: 'part of my care team',
  // Kinds of step, in plain words.
  kind_moud: 'Medicine',
  kind_counseling: 'Talk with a counselor',
  'kind_brief-intervention-follow-up': 'Check-in visit',
  kind_referral: 'Treatment program',
  'kind_peer-support': 'Peer support',
  kind_housing: 'Help with a place to live',
  kind_vocational: 'Help with work or school',
  'kind_harm-reduction': 'Ways to stay safer',
  kind_other: 'Other help',
  // Medicines, by name as patients hear them.
  med_buprenorphine: 'buprenorphine',
  med_methadone: 'methadone',
  'med_naltrexone-extended-release': 'a naltrexone shot once a month',
} as const;

export type HandoutKey = keyof typeof en;
export type HandoutLanguage = 'en' | 'es';

const es: Record<HandoutKey, string> = {
  title: 'Mi plan de cuidado',
  intro: 'Hicimos este plan con usted el {date}. Es su plan. Guárdelo y tráigalo a sus citas.',
  goalsHeading: 'Mis metas',
  goalLine: '“{words}” Quiero lograrlo para el {date}.',
  noGoals: 'Vamos a poner sus metas juntos en su próxima cita.',
  stepsHeading: 'Lo que vamos a hacer',
  stepWho: '{name} le va a ayudar con esto.',
  stepHowOften: 'Cada cuánto: {frequency}.',
  stepStart: 'Empieza: {date}.',
  noSteps: 'Vamos a planear los próximos pasos juntos en su próxima cita.',
  teamHeading: 'Mi equipo de cuidado',
  teamLine: '{name}, {role}.',
  teamOrg: 'Trabaja en {organisation}.',
  teamPhone: 'Teléfono: {phone}.',
  teamAddress: 'Dirección: {address}.',
  teamDoes: 'Lo que hace: {what}.',
  placesHeading: 'Lugares que me pueden ayudar',
  placeLine: '{name}.',
  placeAddress: 'Dirección: {address}.',
  placePhone: 'Teléfono: {phone}.',
  meetingsHeading: 'Reuniones de apoyo entre pares',
  meetingsIntro: 'Son personas que han pasado por lo mismo. Se reúnen para ayudarse. Usted puede ir.',
  meetingLine: '{what}.',
  meetingHowOften: 'Cada cuánto: {frequency}.',
  nextHeading: 'Mi próxima cita',
  nextVisit: 'Mi próxima cita es el {date}.',
  nextVisitWith: 'Mi próxima cita es el {date} en {place}.',
  nextVisitNone: 'Llámenos para hacer su próxima cita.',
  helpHeading: 'Si necesito ayuda ahora',
  help988: 'Si está en crisis o piensa en el suicidio, llame o mande un texto al 988. Puede llamar a toda hora.',
  helpSamhsa: 'Para ayuda gratis y buscar atención cerca, llame a la Línea Nacional de Ayuda de SAMHSA al 1-800-662-4357. Es privada y abre todo el día, todos los días.',
  help911: 'Si alguien está en peligro ahora, llame al 911.',
  footer: 'Puede cambiar este plan cuando quiera. Solo pregunte a su equipo.',
  printButton: 'Imprimir',
  role_patient: 'yo',
  'role_support-person': 'una persona que me apoya',
  'role_primary-care-clinician': 'mi médico o enfermera principal',
  'role_behavioral-health-care-manager': 'mi coordinador de cuidado',
  'role_psychiatric-consultant': 'un médico que ayuda a mi equipo',
  'role_addiction-specialist': 'un médico que trata el uso de sustancias',
  'role_peer-recovery-specialist': 'un compañero de apoyo que está en recuperación',
  'role_treatment-program': 'un programa de tratamiento',
  'role_community-service': 'un servicio en mi comunidad',
  role_other: 'parte de mi equipo',
  kind_moud: 'Medicina',
  kind_counseling: 'Hablar con un consejero',
  'kind_brief-intervention-follow-up': 'Cita de control',
  kind_referral: 'Programa de tratamiento',
  'kind_peer-support': 'Apoyo entre pares',
  kind_housing: 'Ayuda con un lugar para vivir',
  kind_vocational: 'Ayuda con trabajo o estudios',
  'kind_harm-reduction': 'Formas de estar más seguro',
  kind_other: 'Otra ayuda',
  med_buprenorphine: 'buprenorfina',
  med_methadone: 'metadona',
  'med_naltrexone-extended-release': 'una inyección de naltrexona una vez al mes',
};

/** Every handout string by language. */
export const handoutStrings: Record<HandoutLanguage, Record<HandoutKey, string>> = { en, es };

/** The string `key` in `lang` with its `{placeholders}` filled in. */
export function handoutText(lang: HandoutLanguage, key: HandoutKey, values: Record<string, string> = {}): string {
  return handoutStrings[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
