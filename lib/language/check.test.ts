import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { codeTitleSpans, findStigmatizingTerms, foldForCompare, quotationSpans, type AllowSpan } from './check';
import { LANGUAGE_SOURCES, stigmaTermSchema, stigmaTerms } from './terms';

const termsIn = (text: string, lang: 'en' | 'es', allow?: AllowSpan[]) =>
  findStigmatizingTerms(text, { lang, allow }).map((f) => f.term.toLowerCase());

describe('the term list', () => {
  it('loads and validates, with unique ids and a source for every entry in both languages', () => {
    expect(stigmaTerms.length).toBeGreaterThan(20);
    for (const t of stigmaTerms) {
      expect(stigmaTermSchema.parse(t)).toEqual(t);
      for (const s of t.sources) expect(LANGUAGE_SOURCES[s]).toBeTruthy();
    }
    expect(new Set(stigmaTerms.map((t) => t.id)).size).toBe(stigmaTerms.length);
    expect(stigmaTerms.some((t) => t.lang === 'en')).toBe(true);
    expect(stigmaTerms.filter((t) => t.lang === 'es').every((t) => t.translated)).toBe(true);
  });
  it('never suggests a word it would itself flag', () => {
    for (const t of stigmaTerms) {
      // "quote 'dependence' only in a code title" names the word on purpose.
      const flagged = findStigmatizingTerms(t.suggestion, { lang: t.lang, detectQuotations: true });
      expect(flagged.map((f) => f.term), `${t.id}: ${t.suggestion}`).toEqual([]);
    }
  });
  it('rejects a malformed entry with a message that says what is wrong', () => {
    expect(() => stigmaTermSchema.parse({ id: 'x', lang: 'fr', forms: ['a b'], suggestion: 'use', sources: [] })).toThrow(/lang|sources/);
  });
});

// [text, expected terms in order]
const ENGLISH_FLAGGED: [string, string[]][] = [
  ['He is an addict.', ['addict']],
  ['Former addict, now a peer specialist.', ['former addict']],
  ['She is an ADDICT', ['addict']],
  ['Addicts need help', ['addicts']],
  ['Patient is a known substance abuser.', ['substance abuser']],
  ['drug abusers', ['drug abusers']],
  ['Called him a junkie.', ['junkie']],
  ['crackhead', ['crackhead']],
  ['He is an alcoholic', ['alcoholic']],
  ['Alcoholics', ['alcoholics']],
  ['found drunk on the street', ['drunk']],
  ['History of substance abuse.', ['substance abuse']],
  ['history of  drug\nabuse', ['drug abuse']],
  ['prescription drug abuse', ['prescription drug abuse']],
  ['Polysubstance abuse since 2019', ['polysubstance abuse']],
  ['He abuses opioids', ['abuses']],
  ['abusing benzodiazepines', ['abusing']],
  ['Alcohol abuse noted by family', ['alcohol abuse']],
  ['Opioid abuse is suspected', ['opioid abuse']],
  ['Alcohol dependence in prose', ['alcohol dependence']],
  ['chemical dependency program', ['chemical dependency']],
  ['Dirty urine on 11/2', ['dirty urine']],
  ['clean UDS today', ['clean uds']],
  ['Tested clean for fentanyl', ['tested clean']],
  ['Urine was dirty.', ['urine was dirty']],
  ['He has been clean for 90 days', ['been clean']],
  ['clean and sober', ['clean and sober']],
  ['Relapsed in March', ['relapsed']],
  ['risk of relapse', ['relapse']],
  ['on opioid replacement therapy', ['opioid replacement therapy']],
  ['methadone substitution', ['methadone substitution']],
  ['substitution therapy with buprenorphine', ['substitution therapy']],
  ['a drug habit', ['drug habit']],
  ['IVDU with cellulitis', ['ivdu']],
  ['addicted baby', ['addicted baby']],
  ['addict; alcoholic; junkie', ['addict', 'alcoholic', 'junkie']],
  ['“addict”', ['addict']],
  ['(alcoholic)', ['alcoholic']],
  ['addict-like', ['addict']],
];

const ENGLISH_NOT_FLAGGED: string[] = [
  'Person with a substance use disorder.',
  'addiction medicine',
  'Addiction 1993;88:315-35',
  'addictive',
  'Not including alcoholic beverages.',
  'nonalcoholic fatty liver disease; non-alcoholic steatohepatitis',
  'alcoholic liver disease',
  'Attends Alcoholics Anonymous on Tuesdays.',
  'National Institute on Drug Abuse',
  'Substance Abuse and Mental Health Services Administration (SAMHSA)',
  'National Institute on Alcohol Abuse and Alcoholism',
  'Drug Abuse Screening Test (DAST-10)',
  'History of child abuse and sexual abuse.',
  'She was abused as a child; her abuser is in prison.',
  'The wound is clean and dry.',
  'clean needles and syringes',
  'dirty dressing removed',
  'relapse prevention group weekly',
  'relapsing-remitting multiple sclerosis',
  'nicotine replacement therapy',
  'hormone replacement therapy',
  'F10.20 Alcohol dependence, uncomplicated',
  'F11.10 Opioid abuse, uncomplicated',
  'F11.10: Opioid abuse, uncomplicated',
  'Dx F10.10 – Alcohol abuse, in remission',
  'Opioid abuse, uncomplicated (F11.10)',
  'Sedative, hypnotic or anxiolytic abuse, uncomplicated (F13.10)',
  'F19.10 Other psychoactive substance abuse, uncomplicated',
  'F15.20 Other stimulant dependence, uncomplicated',
  'F17.200 Nicotine dependence, unspecified, uncomplicated',
  'misuse of prescription opioids',
  'returned to use in March',
  'medication for opioid use disorder',
  'superabundance, subdrunkard',
  '',
];

describe('findStigmatizingTerms: English', () => {
  it.each(ENGLISH_FLAGGED)('flags %j', (text, expected) => {
    expect(termsIn(text, 'en')).toEqual(expected);
  });
  it.each(ENGLISH_NOT_FLAGGED)('does not flag %j', (text) => {
    expect(termsIn(text, 'en')).toEqual([]);
  });
  it('returns offsets, the suggestion and the source', () => {
    const text = 'Hx of substance abuse; UDS clean.';
    expect(findStigmatizingTerms(text, { lang: 'en' })).toEqual([
      {
        term: 'substance abuse',
        start: 6,
        end: 21,
        suggestion: expect.stringContaining('substance use'),
        source: ['nida-words-matter', 'ondcp-2017'],
        termId: 'en-substance-abuse',
        severity: 'avoid',
      },
    ]);
  });
  it('marks words that fit in some contexts as "consider"', () => {
    expect(findStigmatizingTerms('relapsed', { lang: 'en' })[0]?.severity).toBe('consider');
    expect(findStigmatizingTerms('addict', { lang: 'en' })[0]?.severity).toBe('avoid');
  });
  it('a code title is exempt only next to its code; the same words in prose are flagged', () => {
    expect(termsIn('Alcohol dependence, uncomplicated', 'en')).toEqual(['alcohol dependence']);
    expect(termsIn('F10.20 Alcohol dependence, uncomplicated. He is an alcoholic.', 'en')).toEqual(['alcoholic']);
    expect(termsIn('He is an alcoholic, Alcohol dependence (F10.20)', 'en')).toEqual(['alcoholic']);
    expect(findStigmatizingTerms('F10.20 Alcohol dependence', { lang: 'en', detectCodeTitles: false })).toHaveLength(1);
  });
  it('exempts instrument item wording when the caller marks it', () => {
    const item = 'Do you abuse more than one drug at a time?';
    expect(termsIn(item, 'en')).toEqual(['abuse']);
    expect(termsIn(item, 'en', [{ start: 0, end: item.length, kind: 'instrument-item' }])).toEqual([]);
  });
  it('quotations are exempt only when asked for', () => {
    const text = 'Patient says "I was an addict for ten years" and is now a drunk driver.';
    expect(termsIn(text, 'en')).toEqual(['addict', 'drunk']);
    expect(findStigmatizingTerms(text, { lang: 'en', detectQuotations: true }).map((f) => f.term)).toEqual(['drunk']);
    expect(quotationSpans(text)).toEqual([{ start: 13, end: 44, kind: 'quotation' }]);
  });
  it('an allow span must cover the whole match', () => {
    expect(termsIn('substance abuse', 'en', [{ start: 0, end: 9, kind: 'quotation' }])).toEqual(['substance abuse']);
  });
  it('the longest overlapping form wins', () => {
    expect(termsIn('a former addict', 'en')).toEqual(['former addict']);
    expect(termsIn('opioid replacement therapy', 'en')).toEqual(['opioid replacement therapy']);
  });
  it('does not look at Spanish terms in English text', () => {
    expect(termsIn('adicto', 'en')).toEqual([]);
  });
});

const SPANISH_FLAGGED: [string, string[]][] = [
  ['Es adicto a la heroína.', ['adicto']],
  ['Ella es adicta', ['adicta']],
  ['ex adicto', ['ex adicto']],
  ['Los drogadictos del barrio', ['drogadictos']],
  ['un yonqui', ['yonqui']],
  ['Su padre es alcohólico.', ['alcohólico']],
  ['Su madre es ALCOHÓLICA', ['alcohólica']],
  ['es alcoholico', ['alcoholico']],
  ['llegó borracho', ['borracho']],
  ['Antecedentes de abuso de sustancias.', ['abuso de sustancias']],
  ['abuso de alcohol', ['abuso de alcohol']],
  ['abuso de drogas', ['abuso de drogas']],
  ['Dice que abusa del alcohol los fines de semana', ['abusa del alcohol']],
  ['orina sucia', ['orina sucia']],
  ['La prueba salió limpia', ['salió limpia']],
  ['quiere mantenerse limpio', ['mantenerse limpio']],
  ['Tuvo una recaída en marzo', ['recaída']],
  ['recayó', ['recayó']],
  ['terapia de sustitución con metadona', ['terapia de sustitución']],
  ['terapia de reemplazo de opioides', ['terapia de reemplazo de opioides']],
  ['dependencia del alcohol en la familia', ['dependencia del alcohol']],
  ['el vicio', ['vicio']],
  ['alcoholismo', ['alcoholismo']],
  ['toxicómano', ['toxicómano']],
  ['usuario de drogas inyectables', ['usuario de drogas']],
  ['adicto, alcohólico y borracho', ['adicto', 'alcohólico', 'borracho']],
];
const SPANISH_NOT_FLAGGED: string[] = [
  'Persona con un trastorno por consumo de sustancias.',
  'sin incluir las bebidas alcohólicas',
  'Asiste a Alcohólicos Anónimos',
  'hígado graso no alcohólico',
  'hepatitis alcohólica',
  'antecedentes de abuso sexual',
  'un círculo vicioso',
  'La herida está limpia.',
  'prevención de recaídas',
  'F10.20 Dependencia del alcohol, sin complicaciones',
  'Abuso de alcohol, sin complicaciones (F10.10)',
  'consumo de sustancias',
  'adicción',
  'adictivo',
  'volver a consumir',
  'medicamentos para el trastorno por consumo de opioides',
];

describe('findStigmatizingTerms: Spanish', () => {
  it.each(SPANISH_FLAGGED)('flags %j', (text, expected) => {
    expect(termsIn(text, 'es')).toEqual(expected);
  });
  it.each(SPANISH_NOT_FLAGGED)('does not flag %j', (text) => {
    expect(termsIn(text, 'es')).toEqual([]);
  });
  it('does not look at English terms in Spanish text', () => {
    expect(termsIn('addict', 'es')).toEqual([]);
  });
});

describe('codeTitleSpans', () => {
  it('covers the substance and condition next to an F1x code, and nothing else', () => {
    const text = 'Dx: F10.20 Alcohol dependence, uncomplicated';
    const [span] = codeTitleSpans(text);
    expect(text.slice(span!.start, span!.end)).toBe('Alcohol dependence');
    expect(codeTitleSpans('Alcohol dependence, uncomplicated')).toEqual([]);
    expect(codeTitleSpans('J45.20 Mild intermittent asthma')).toEqual([]);
  });
});

describe('findStigmatizingTerms: properties', () => {
  const formsEn = stigmaTerms.filter((t) => t.lang === 'en').flatMap((t) => t.forms);
  const formsEs = stigmaTerms.filter((t) => t.lang === 'es').flatMap((t) => t.forms);
  const piece = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.constantFrom(...formsEn, ...formsEs, ' ', '\n', '"', 'F10.20 ', '(F11.10)', 'ſubstance abuſe', 'İ', 'ADDICT'),
    fc.constantFrom(...formsEn).map((s) => s.toUpperCase()),
  );
  const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));

  it('never throws; offsets lie inside the text, in order, and the slice is the term', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('en' as const, 'es' as const), fc.boolean(), (t, lang, quotes) => {
        const found = findStigmatizingTerms(t, { lang, detectQuotations: quotes });
        let previousEnd = 0;
        for (const f of found) {
          expect(f.start).toBeGreaterThanOrEqual(previousEnd);
          expect(f.end).toBeGreaterThan(f.start);
          expect(f.end).toBeLessThanOrEqual(t.length);
          expect(foldForCompare(t.slice(f.start, f.end))).toBe(foldForCompare(f.term));
          previousEnd = f.end;
        }
      }),
      { numRuns: 10_000 },
    );
  });
  it('finds every listed form on its own, between spaces', () => {
    for (const t of stigmaTerms) {
      for (const form of t.forms) {
        const hits = findStigmatizingTerms(` ${form} `, { lang: t.lang, detectCodeTitles: false });
        const exempt = t.notWithin.some((p) => foldForCompare(p) === foldForCompare(form));
        if (!exempt) expect(hits.map((h) => h.term), `${t.id}: ${form}`).toEqual([form]);
      }
    }
  });
});
