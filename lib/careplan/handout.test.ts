import { describe, expect, it } from 'vitest';
import readability from 'text-readability';
import { carePlanHandout, handoutDate, handoutPlainText, handoutProse, type HandoutInput } from './handout';
import { handoutStrings, type HandoutKey } from './handout-strings';
import { carePlan } from './plan';
import { fernandezHuerta, fernandezHuertaGrade, spanishSyllables, szigrisztPazos } from './readability-es';
import { samplePlanInput } from './test-support';
import { findStigmatizingTerms } from '../language/check';
import { carePlanNarrative } from '../fhir/careplan';

const english: HandoutInput = {
  plan: carePlan(samplePlanInput()),
  today: '2026-11-23',
  places: [{ name: 'Harbor Recovery Center', address: '12 Harbor St, Boston, MA 02110', phone: '(617) 555-0142' }],
  nextVisit: { on: '2026-12-07', place: 'Harbor Recovery Center' },
};

/** The same plan as a Spanish-speaking team would type it (the handout prints typed text as typed). */
function spanishInput(): HandoutInput {
  const input = samplePlanInput();
  return {
    ...english,
    plan: carePlan({
      ...input,
      goals: [{ ...input.goals![0]!, patientWords: 'Quiero llevar a mis hijos a la escuela cada mañana.' }],
      interventions: [
        { id: 'i-bup', kind: 'moud', medication: 'buprenorphine', description: 'Tomar la medicina cada día', goalIds: ['g-drive'], assignedTo: 'm-pcp', status: 'active' },
        { id: 'i-peer', kind: 'peer-support', description: 'Reunión de apoyo en el centro', goalIds: ['g-drive'], frequency: 'los jueves a las 6', status: 'planned' },
      ],
      careTeam: input.careTeam!.map((m) => ({ ...m, responsibilities: m.role === 'patient' ? m.responsibilities! : ['Le llama cada dos semanas'] })),
    }),
  };
}

describe('carePlanHandout', () => {
  it('has the plan in plain words, the places with phone and address, meetings, next visit and crisis lines', () => {
    const text = handoutPlainText(carePlanHandout(english, 'en'));
    expect(text).toContain('“I want to be sober enough to drive my kids to school every morning.” I want to do this by Saturday, February 20, 2027.');
    expect(text).toContain('Harbor Recovery Center.\nAddress: 12 Harbor St, Boston, MA 02110.\nPhone: (617) 555-0142.');
    expect(text).toContain('SMART Recovery meeting, Thursdays 6 pm.');
    expect(text).toContain('My next visit is on Monday, December 7, 2026 at Harbor Recovery Center.');
    expect(text).toContain('988');
    expect(text).toContain('SAMHSA National Helpline at 1-800-662-4357');
    expect(text).not.toContain('Jane Q Testpatient'); // the patient is "me", not listed as a team member
  });

  it('prints in Spanish, with Spanish dates and the same crisis lines', () => {
    const text = handoutPlainText(carePlanHandout(spanishInput(), 'es'));
    expect(text).toMatch(/^Mi plan de cuidado\n/);
    expect(text).toContain('lunes, 7 de diciembre de 2026');
    expect(text).toContain('Medicina (buprenorfina): Tomar la medicina cada día.');
    expect(text).toContain('llame o mande un texto al 988');
    expect(text).toContain('Línea Nacional de Ayuda de SAMHSA al 1-800-662-4357');
  });

  it('says what to do when there are no goals, steps or next visit yet', () => {
    const empty: HandoutInput = { plan: carePlan({ id: 'p', patientFingerprint: 'fp-0000000000' }), today: '2026-11-23', places: [], nextVisit: null };
    const text = handoutPlainText(carePlanHandout(empty, 'en'));
    expect(text).toContain('We will set your goals together at your next visit.');
    expect(text).toContain('Call us to set up your next visit.');
  });

  it('formats dates in the patient’s language, whatever the computer’s time zone', () => {
    expect(handoutDate('2026-12-07', 'en')).toBe('Monday, December 7, 2026');
    expect(handoutDate('2026-12-07', 'es')).toBe('lunes, 7 de diciembre de 2026');
  });
});

describe('handout reading level', () => {
  // Flesch-Kincaid grade (text-readability): the formula US plain-language and health-literacy
  // guidance most often states the grade-6 target in, and steady on a one-page text. SMOG counts
  // every word of 3+ syllables and was normed on 30-sentence samples: on a handout it mostly
  // measures the names it must print (naltrexone, Riverside, Recovery), so it is reported, not asserted.
  it('the English handout reads at grade 6 or below (Flesch-Kincaid)', () => {
    const prose = handoutProse(carePlanHandout(english, 'en'));
    const grade = readability.fleschKincaidGrade(prose);
    console.log(`English handout: Flesch-Kincaid grade ${grade}, Flesch reading ease ${readability.fleschReadingEase(prose)}, SMOG ${readability.smogIndex(prose)}`);
    expect(grade).toBeLessThanOrEqual(6);
  });

  it('Bridge’s own English sentences alone read at grade 6 or below too', () => {
    const own = Object.values(handoutStrings.en)
      .filter((s) => /[.]$/.test(s) && !s.includes('{'))
      .join(' ');
    expect(readability.fleschKincaidGrade(own)).toBeLessThanOrEqual(6);
  });

  // text-readability has no Spanish formula (its syllable counter is English), so Spanish is
  // measured with Fernández Huerta (readability-es.ts): 70 or more is 6th grade or below.
  it('the Spanish handout reads at grade 6 or below (Fernández Huerta ≥ 70)', () => {
    const prose = handoutProse(carePlanHandout(spanishInput(), 'es'));
    const score = fernandezHuerta(prose);
    console.log(`Spanish handout: Fernández Huerta ${score.toFixed(1)} (grade ${fernandezHuertaGrade(score)}), Szigriszt-Pazos ${szigrisztPazos(prose).toFixed(1)}`);
    expect(fernandezHuertaGrade(score)).toBeLessThanOrEqual(6);
  });
});

describe('spanish readability formulas', () => {
  it.each([
    ['casa', 2],
    ['ayuda', 3],
    ['hoy', 1],
    ['y', 1],
    ['muy', 1],
    ['ciudad', 2],
    ['país', 2],
    ['día', 2],
    ['leer', 2],
    ['guía', 2],
    ['que', 1],
    ['prohibir', 3],
    ['ahora', 3],
    ['tratamiento', 4],
    ['recuperación', 5],
    ['buprenorfina', 5],
    ['Teléfono:', 4],
  ])('%s has %i syllables', (word, n) => {
    expect(spanishSyllables(word)).toBe(n);
  });
  it('scores easy text higher than hard text', () => {
    const easy = 'Es su plan. Guárdelo. Tráigalo a sus citas.';
    const hard = 'La implementación interdisciplinaria de intervenciones farmacológicas individualizadas requiere coordinación institucional.';
    expect(fernandezHuerta(easy)).toBeGreaterThan(80);
    expect(fernandezHuerta(hard)).toBeLessThan(30);
    expect(szigrisztPazos(easy)).toBeGreaterThan(szigrisztPazos(hard));
  });
});

describe('words that do not stigmatize, in everything the plan generates', () => {
  it('every handout string, in both languages, contains none of the terms', () => {
    for (const lang of ['en', 'es'] as const) {
      for (const [key, text] of Object.entries(handoutStrings[lang])) expect(findStigmatizingTerms(text, { lang }), `${lang}.${key}`).toEqual([]);
    }
  });
  it('the generated handouts (English and Spanish) and the FHIR narrative contain none of the terms', () => {
    expect(findStigmatizingTerms(handoutPlainText(carePlanHandout(english, 'en')), { lang: 'en' })).toEqual([]);
    expect(findStigmatizingTerms(handoutPlainText(carePlanHandout(spanishInput(), 'es')), { lang: 'es' })).toEqual([]);
    expect(findStigmatizingTerms(carePlanNarrative(spanishInput().plan), { lang: 'en' })).toEqual([]);
  });
  it('English and Spanish have the same keys and the same {placeholders}', () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(handoutStrings.en) as HandoutKey[]) {
      expect(holes(handoutStrings.es[key]), key).toEqual(holes(handoutStrings.en[key]));
    }
    expect(Object.keys(handoutStrings.es).sort()).toEqual(Object.keys(handoutStrings.en).sort());
  });
});
