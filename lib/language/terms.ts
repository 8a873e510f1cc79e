import { z } from 'zod';

/**
 * Terms to avoid, and what to say instead, in text Bridge writes or the clinician types.
 *
 * Sources (cited on every entry by id):
 * - `nida-words-matter`: National Institute on Drug Abuse, "Words Matter: Terms to Use and Avoid
 *   When Talking About Addiction" (nida.nih.gov/nidamed-medical-health-professionals/health-professions-education/words-matter-terms-to-use-avoid-when-talking-about-addiction).
 * - `ondcp-2017`: Office of National Drug Control Policy, "Changing the Federal Terminology
 *   Regarding Substance Use and Substance Use Disorders", memorandum, January 2017.
 * The English entries follow those documents' tables as summarised in docs (shared/domain.md,
 * "Language that does not stigmatize"); re-check wording against the live NIDA page before a release.
 * Spanish entries are Bridge's own adaptation of the same guidance (`translated: true`): neither
 * source publishes a Spanish term list; have a bilingual clinician review them.
 *
 * Each entry lists literal `forms` (matched whole-word, case-insensitive, any run of spaces between
 * words) and `notWithin` phrases: a match inside one of those phrases is correct usage (an agency's
 * name, "alcoholic beverages", "nicotine replacement therapy", "relapse prevention") and is not
 * flagged. `severity: 'consider'` marks words that are fine in some contexts ("relapse" where
 * "return to use" fits); the UI should phrase those as a softer suggestion.
 */
export const languageSourceSchema = z.enum(['nida-words-matter', 'ondcp-2017']);
export type LanguageSource = z.infer<typeof languageSourceSchema>;

export const LANGUAGE_SOURCES: Record<LanguageSource, string> = {
  'nida-words-matter': 'NIDA, "Words Matter: Terms to Use and Avoid When Talking About Addiction"',
  'ondcp-2017':
    'ONDCP, "Changing the Federal Terminology Regarding Substance Use and Substance Use Disorders" (2017)',
};

export const termLanguageSchema = z.enum(['en', 'es']);
export type TermLanguage = z.infer<typeof termLanguageSchema>;

const phrase = z
  .string()
  .trim()
  .min(2)
  .refine((s) => !/\s{2,}/.test(s), 'single spaces between words');

export const stigmaTermSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  lang: termLanguageSchema,
  /** Literal spellings to flag, each matched as whole words. */
  forms: z.array(phrase).min(1),
  /** What to say instead (shown to the clinician, in the entry's language). */
  suggestion: z.string().min(3),
  sources: z.array(languageSourceSchema).min(1),
  severity: z.enum(['avoid', 'consider']).default('avoid'),
  /** Phrases in which a form is correct usage; a match wholly inside one is not flagged. */
  notWithin: z.array(phrase).default([]),
  /** True when Bridge translated the guidance (no published source wording in this language). */
  translated: z.boolean().default(false),
  note: z.string().optional(),
});
export type StigmaTerm = z.infer<typeof stigmaTermSchema>;
export type StigmaTermInput = z.input<typeof stigmaTermSchema>;

const NIDA: LanguageSource[] = ['nida-words-matter'];
const BOTH: LanguageSource[] = ['nida-words-matter', 'ondcp-2017'];
const ONDCP: LanguageSource[] = ['ondcp-2017'];

/** Names of agencies, instruments and programs that contain a listed word and must stay as named. */
const EN_PROPER_NAMES = [
  'National Institute on Drug Abuse',
  'National Institute on Alcohol Abuse and Alcoholism',
  'Substance Abuse and Mental Health Services Administration',
  'Center for Substance Abuse Treatment',
  'Center for Substance Abuse Prevention',
  'Drug Abuse Screening Test',
  'Drug Abuse Warning Network',
  'Alcoholics Anonymous',
  'Narcotics Anonymous',
  'Adult Children of Alcoholics',
];
/** "Abuse" of a person (trauma, neglect) is not substance use and is the right word there. */
const EN_ABUSE_OF_A_PERSON = [
  'child abuse',
  'elder abuse',
  'sexual abuse',
  'physical abuse',
  'emotional abuse',
  'verbal abuse',
  'psychological abuse',
  'domestic abuse',
  'partner abuse',
  'abuse and neglect',
  'was abused',
  'were abused',
  'been abused',
  'being abused',
  'her abuser',
  'his abuser',
  'their abuser',
  'my abuser',
  'your abuser',
];
const ES_PROPER_NAMES = ['Alcohólicos Anónimos', 'Alcoholicos Anonimos', 'Narcóticos Anónimos', 'Narcoticos Anonimos'];
const ES_ABUSE_OF_A_PERSON = ['abuso sexual', 'abuso infantil', 'abuso físico', 'abuso fisico', 'abuso emocional', 'abuso psicológico'];

const en = (id: string, forms: string[], suggestion: string, sources: LanguageSource[], extra: Partial<StigmaTermInput> = {}): StigmaTermInput => ({
  id,
  lang: 'en',
  forms,
  suggestion,
  sources,
  ...extra,
});
const es = (id: string, forms: string[], suggestion: string, sources: LanguageSource[], extra: Partial<StigmaTermInput> = {}): StigmaTermInput => ({
  id,
  lang: 'es',
  forms,
  suggestion,
  sources,
  translated: true,
  ...extra,
});

const rawTerms: StigmaTermInput[] = [
  // ——— English: labels for a person ———
  en('en-addict', ['addict', 'addicts', 'former addict', 'reformed addict', 'recovering addict', 'drug addict', 'drug addicts'], 'person with a substance use disorder; person in recovery', BOTH),
  en('en-addicted-baby', ['addicted baby', 'addicted babies', 'addicted newborn', 'born addicted'], 'baby with neonatal opioid withdrawal syndrome (NOWS); baby with prenatal substance exposure', NIDA),
  en('en-addicted', ['addicted'], 'has a substance use disorder', NIDA, { severity: 'consider' }),
  en('en-abuser', ['abuser', 'abusers', 'substance abuser', 'drug abuser', 'alcohol abuser', 'substance abusers', 'drug abusers'], 'person who uses drugs; person with a substance use disorder', BOTH, { notWithin: EN_ABUSE_OF_A_PERSON }),
  en('en-junkie', ['junkie', 'junkies', 'junky', 'crackhead', 'crackheads', 'pothead', 'potheads', 'dope fiend', 'tweaker', 'tweakers', 'stoner', 'stoners'], 'person who uses drugs', NIDA),
  en('en-drug-user', ['drug user', 'drug users', 'IV drug user', 'IV drug users', 'injection drug user', 'injection drug users', 'IVDU', 'IVDA', 'alcohol user'], 'person who uses drugs; person who injects drugs', NIDA),
  en('en-alcoholic', ['alcoholic', 'alcoholics'], 'person with alcohol use disorder', NIDA, {
    notWithin: [
      ...EN_PROPER_NAMES,
      'alcoholic beverage',
      'alcoholic beverages',
      'alcoholic drink',
      'alcoholic drinks',
      'non-alcoholic',
      'nonalcoholic',
      'alcoholic hepatitis',
      'alcoholic liver disease',
      'alcoholic cirrhosis',
      'alcoholic cardiomyopathy',
      'alcoholic fatty liver',
      'alcoholic pancreatitis',
      'alcoholic ketoacidosis',
      'alcoholic neuropathy',
    ],
  }),
  en('en-drunk', ['drunk', 'drunks', 'drunkard', 'drunkards'], 'person with alcohol use disorder; intoxicated (for a state, not a person)', NIDA),
  // ——— English: "abuse" for substance use ———
  en('en-substance-abuse', ['substance abuse', 'drug abuse', 'alcohol abuse', 'opioid abuse', 'opiate abuse', 'cannabis abuse', 'marijuana abuse', 'cocaine abuse', 'stimulant abuse', 'polysubstance abuse', 'prescription drug abuse', 'drug and alcohol abuse', 'alcohol and drug abuse'], 'substance use; misuse (for prescription medication); substance use disorder (for the diagnosis)', BOTH, { notWithin: EN_PROPER_NAMES }),
  en('en-abuse', ['abuse', 'abuses', 'abused', 'abusing'], 'use; misuse or "used other than prescribed" (for prescription medication)', BOTH, {
    notWithin: [...EN_PROPER_NAMES, ...EN_ABUSE_OF_A_PERSON],
    note: 'Abuse of a person (trauma, neglect) is the right word and is not flagged.',
  }),
  en('en-alcoholism', ['alcoholism'], 'alcohol use disorder', ONDCP, { severity: 'consider', notWithin: EN_PROPER_NAMES }),
  en('en-dependence', ['alcohol dependence', 'opioid dependence', 'opiate dependence', 'drug dependence', 'substance dependence', 'cannabis dependence', 'cocaine dependence', 'chemical dependency', 'chemically dependent'], 'alcohol / opioid / substance use disorder (DSM-5); quote "dependence" only in an ICD-10-CM code title', ONDCP, {
    note: 'DSM-5 replaced abuse/dependence with "use disorder"; ICD-10-CM code titles still use them and are exempt when quoted as code titles.',
  }),
  en('en-habit', ['drug habit', 'drug habits', 'drinking habit', 'heroin habit', 'cocaine habit', 'habit of using'], 'substance use disorder; regular substance use', NIDA),
  // ——— English: clean / dirty ———
  en('en-clean-dirty-test', ['clean urine', 'dirty urine', 'clean screen', 'dirty screen', 'clean drug screen', 'dirty drug screen', 'clean tox screen', 'dirty tox screen', 'clean UDS', 'dirty UDS', 'clean UA', 'dirty UA', 'clean test', 'dirty test', 'clean drug test', 'dirty drug test', 'tested clean', 'tested dirty', 'urine was clean', 'urine was dirty', 'urine came back clean', 'urine came back dirty'], 'testing negative / testing positive (for a toxicology result)', BOTH),
  en('en-clean-person', ['got clean', 'getting clean', 'get clean', 'stay clean', 'stayed clean', 'staying clean', 'been clean', 'clean and sober', 'clean time', 'clean date', 'dirty user'], 'in recovery; not currently using; in remission', BOTH, {
    note: 'Bare "clean"/"dirty" are everyday words (a clean wound) and are not flagged; only the drug-use phrases are.',
  }),
  // ——— English: relapse ———
  en('en-relapse', ['relapse', 'relapses', 'relapsed', 'relapsing'], 'return to use; recurrence of use', NIDA, {
    severity: 'consider',
    notWithin: ['relapse prevention', 'relapse-prevention', 'relapsing-remitting', 'relapsing fever', 'relapsing polychondritis'],
    note: '"Relapse prevention" names an evidence-based therapy and is not flagged.',
  }),
  // ——— English: medication treatment ———
  en('en-replacement-therapy', ['opioid replacement therapy', 'opioid substitution therapy', 'opiate replacement therapy', 'opiate substitution therapy', 'opioid substitution treatment', 'opioid replacement treatment', 'drug replacement therapy', 'substitution therapy', 'substitution treatment', 'methadone substitution', 'replacing one drug with another', 'replacing one addiction with another', 'trading one addiction for another'], 'medication for opioid use disorder (MOUD); medication treatment; opioid agonist therapy', BOTH),

  // ——— Spanish (Bridge's adaptation) ———
  es('es-adicto', ['adicto', 'adicta', 'adictos', 'adictas', 'ex adicto', 'ex adicta', 'exadicto', 'exadicta'], 'persona con un trastorno por consumo de sustancias; persona en recuperación', BOTH),
  es('es-drogadicto', ['drogadicto', 'drogadicta', 'drogadictos', 'drogadictas', 'toxicómano', 'toxicómana', 'toxicómanos', 'toxicomano', 'toxicomana', 'drogata', 'drogatas', 'yonqui', 'yonquis', 'yonki', 'yonkis', 'tecato', 'tecata', 'tecatos', 'viciosa', 'vicioso'], 'persona que usa drogas; persona con un trastorno por consumo de sustancias', BOTH, {
    notWithin: ['círculo vicioso', 'circulo vicioso'],
  }),
  es('es-usuario-de-drogas', ['usuario de drogas', 'usuaria de drogas', 'usuarios de drogas', 'consumidor de drogas', 'consumidora de drogas', 'consumidores de drogas'], 'persona que usa drogas', NIDA),
  es('es-alcoholico', ['alcohólico', 'alcohólica', 'alcohólicos', 'alcohólicas', 'alcoholico', 'alcoholica', 'alcoholicos', 'alcoholicas'], 'persona con un trastorno por consumo de alcohol', NIDA, {
    notWithin: [
      ...ES_PROPER_NAMES,
      'bebida alcohólica',
      'bebidas alcohólicas',
      'bebida alcoholica',
      'bebidas alcoholicas',
      'no alcohólico',
      'no alcohólica',
      'no alcoholico',
      'no alcoholica',
      'hepatitis alcohólica',
      'hepatopatía alcohólica',
      'cirrosis alcohólica',
      'pancreatitis alcohólica',
      'miocardiopatía alcohólica',
    ],
  }),
  es('es-borracho', ['borracho', 'borracha', 'borrachos', 'borrachas', 'borrachín', 'borrachina'], 'persona con un trastorno por consumo de alcohol; en estado de intoxicación (para un estado, no una persona)', NIDA),
  es('es-abuso-de-sustancias', ['abuso de sustancias', 'abuso de drogas', 'abuso del alcohol', 'abuso de alcohol', 'abuso de opioides', 'abuso de opiáceos', 'abuso de medicamentos', 'abuso de cannabis', 'abuso de marihuana', 'abuso de cocaína', 'abuso de cocaina', 'abuso de estimulantes', 'abusador de drogas', 'abusadora de drogas', 'abusadores de drogas', 'abusador de sustancias', 'abusa de las drogas', 'abusa de drogas', 'abusa del alcohol', 'abusa de sustancias', 'abusar de las drogas', 'abusar de drogas', 'abusar del alcohol', 'abusar de sustancias', 'abusan de las drogas', 'abusan del alcohol'], 'consumo de sustancias; uso indebido (de medicamentos recetados); trastorno por consumo de sustancias (el diagnóstico)', BOTH, {
    notWithin: ES_ABUSE_OF_A_PERSON,
  }),
  es('es-dependencia', ['dependencia del alcohol', 'dependencia de alcohol', 'dependencia al alcohol', 'dependencia de opioides', 'dependencia a opioides', 'dependencia a los opioides', 'dependencia de drogas', 'dependencia a drogas', 'dependencia de sustancias', 'dependencia química', 'dependencia quimica'], 'trastorno por consumo de alcohol / de opioides / de sustancias (DSM-5); "dependencia" solo en el título de un código CIE-10-MC', ONDCP),
  es('es-alcoholismo', ['alcoholismo', 'drogadicción', 'drogadiccion', 'toxicomanía', 'toxicomania'], 'trastorno por consumo de alcohol; trastorno por consumo de sustancias', ONDCP, { severity: 'consider' }),
  es('es-vicio', ['vicio', 'vicios', 'hábito de drogas', 'habito de drogas', 'el vicio de la droga'], 'trastorno por consumo de sustancias; consumo regular', NIDA),
  es('es-limpio-sucio-prueba', ['orina limpia', 'orina sucia', 'prueba limpia', 'prueba sucia', 'análisis limpio', 'análisis sucio', 'analisis limpio', 'analisis sucio', 'antidoping limpio', 'antidoping sucio', 'salió limpio', 'salió limpia', 'salió sucio', 'salió sucia', 'dio limpio', 'dio sucio'], 'resultado negativo / resultado positivo (de una prueba toxicológica)', BOTH),
  es('es-limpio-persona', ['mantenerse limpio', 'mantenerse limpia', 'se mantiene limpio', 'se mantiene limpia', 'estar limpio', 'estar limpia', 'lleva limpio', 'lleva limpia', 'limpio y sobrio', 'limpia y sobria'], 'en recuperación; sin consumir actualmente; en remisión', BOTH),
  es('es-recaida', ['recaída', 'recaídas', 'recaida', 'recaidas', 'recayó', 'recayo', 'recaer'], 'volver a consumir; regreso al consumo', NIDA, {
    severity: 'consider',
    notWithin: ['prevención de recaídas', 'prevencion de recaidas', 'prevención de recaída', 'prevencion de recaida'],
  }),
  es('es-terapia-sustitucion', ['terapia de sustitución', 'terapia de sustitucion', 'tratamiento de sustitución', 'tratamiento de sustitucion', 'terapia sustitutiva con opioides', 'tratamiento sustitutivo con opioides', 'terapia de reemplazo de opioides', 'terapia de reemplazo con opioides', 'tratamiento de reemplazo de opioides', 'cambiar una droga por otra', 'cambiar una adicción por otra'], 'medicamentos para el trastorno por consumo de opioides (MOUD); tratamiento con medicamentos', BOTH),
];

/** The validated term list (throws at load when an entry is malformed). */
export const stigmaTerms: readonly StigmaTerm[] = z
  .array(stigmaTermSchema)
  .superRefine((terms, ctx) => {
    const ids = new Set<string>();
    for (const t of terms) {
      if (ids.has(t.id)) ctx.addIssue({ code: 'custom', message: `Duplicate term id '${t.id}'.` });
      ids.add(t.id);
    }
  })
  .parse(rawTerms);
