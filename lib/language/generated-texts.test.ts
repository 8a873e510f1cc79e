import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { findStigmatizingTerms, type AllowSpan } from './check';
import { referralLetterText } from '../referral/letter';
import { ASAM_LEVELS, levelOfCareLabel, PART2_REDISCLOSURE_NOTICE, PART2_REDISCLOSURE_NOTICE_SHORT } from '../referral/packet';
import { briefInterventionGuide, framesElements } from '../screening/brief-intervention';
import { assessDsm5, dsm5Criteria, substanceClasses } from '../screening/dsm5';
import { samplePacket } from '../../tests/fixtures/forms/sample-packet';
import { sampleConsentInput } from '../../tests/fixtures/forms/sample-consent';
import { referralBundle } from '../fhir/bundle';
import { carePlanBundle } from '../fhir/careplan';
import { recordConsent } from '../consent/consent';
import { carePlan } from '../careplan/plan';
import { samplePlanInput } from '../careplan/test-support';

/**
 * Every patient- or letter-facing text Bridge already writes, run through the checker. Bridge's own
 * words must contain no listed term; words Bridge quotes (ICD-10-CM code titles, validated
 * instrument items) are exempt through the checker's allow-context, never by weakening the list.
 */
type Lang = 'en' | 'es';
const hits = (text: string, lang: Lang = 'en', allow?: AllowSpan[]) =>
  findStigmatizingTerms(text, { lang, allow }).map((f) => `${f.term} @${f.start} in "${text.slice(Math.max(0, f.start - 30), f.end + 30)}"`);

const levels = (Object.keys(ASAM_LEVELS) as (keyof typeof ASAM_LEVELS)[]).flatMap((edition) =>
  Object.keys(ASAM_LEVELS[edition]).map((level) => ({ edition, level })),
);
const icdSuggestions = substanceClasses.flatMap((s) =>
  (['none', 'early'] as const).flatMap((remission) =>
    [3, 5].map((n) => assessDsm5({ substanceId: s.id, criteriaMet: dsm5Criteria.slice(0, n).map((c) => c.id), remission }).icd),
  ),
);

describe('texts Bridge generates contain no stigmatizing terms', () => {
  it('the referral letter for the sample packet', () => {
    expect(hits(referralLetterText(samplePacket()))).toEqual([]);
  });
  it('the referral letter with every DSM-5 code suggestion and every level of care', () => {
    // A packet takes F10–F19 only, so Z72.0 (mild tobacco use disorder) is left out here.
    const diagnoses = icdSuggestions.flatMap((icd) => (icd && icd.code.startsWith('F1') ? [{ system: 'ICD-10-CM' as const, code: icd.code, display: icd.codeTitle }] : []));
    for (const levelOfCare of levels) {
      const letter = referralLetterText(samplePacket({ diagnoses, levelOfCare }));
      expect(hits(letter)).toEqual([]);
    }
    expect(hits(levels.map((l) => levelOfCareLabel(l)).join('\n'))).toEqual([]);
  });
  it('the 42 CFR part 2 notices', () => {
    expect(hits(PART2_REDISCLOSURE_NOTICE)).toEqual([]);
    expect(hits(PART2_REDISCLOSURE_NOTICE_SHORT)).toEqual([]);
  });
  it('the brief intervention guide', () => {
    const g = briefInterventionGuide;
    const texts = [g.title, g.source, ...Object.values(framesElements), ...g.steps.flatMap((s) => [s.title, s.purpose, ...s.prompts])];
    expect(texts.flatMap((t) => hits(t))).toEqual([]);
  });
  it('the DSM-5 criteria, disorder names, descriptions and code notes', () => {
    const descriptions = substanceClasses.flatMap((s) =>
      [0, 1, 2, 4, 6, 11].flatMap((n) =>
        (['none', 'early', 'sustained'] as const).map((remission) =>
          assessDsm5({ substanceId: s.id, criteriaMet: dsm5Criteria.slice(0, n).map((c) => c.id), remission }).description,
        ),
      ),
    );
    const texts = [...dsm5Criteria.map((c) => c.text), ...substanceClasses.flatMap((s) => [s.name, s.disorder]), ...descriptions, ...icdSuggestions.map((i) => i?.note ?? '')];
    expect(texts.flatMap((t) => hits(t))).toEqual([]);
  });
  it('the ICD-10-CM titles, when quoted next to their codes', () => {
    // Bare, they say "abuse"/"dependence" (as ICD-10-CM does); beside the code they are code titles.
    const titled = icdSuggestions.flatMap((icd) => (icd ? [`${icd.code} ${icd.codeTitle}`] : []));
    expect(titled.flatMap((t) => hits(t))).toEqual([]);
    expect(substanceClasses.flatMap((s) => hits(`${s.icdCategory} ${s.icdTitle}`))).toEqual([]);
  });
});

/**
 * Every string in a FHIR resource, with the ones that name a code marked: a Coding's `display` is
 * the code system's own name for the code (ICD-10-CM "Alcohol dependence, uncomplicated", HL7's
 * ETH "substance abuse information sensitivity"), and so is the `text` of a CodeableConcept that
 * carries codings. Those are code titles; everything else (notes, narrative, reasons) is checked.
 */
function fhirStrings(value: unknown, out: { text: string; codeName: boolean }[] = [], codeName = false): { text: string; codeName: boolean }[] {
  if (typeof value === 'string') out.push({ text: value, codeName });
  else if (Array.isArray(value)) for (const v of value) fhirStrings(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const isCoding = typeof o.system === 'string' && typeof o.code === 'string';
    const isCodedConcept = Array.isArray(o.coding) && o.coding.length > 0;
    for (const [k, v] of Object.entries(o)) {
      if (k === 'fullUrl' || k === 'reference' || k === 'system' || k === 'url') continue;
      fhirStrings(v, out, (isCoding && k === 'display') || (isCodedConcept && k === 'text'));
    }
  }
  return out;
}

describe('FHIR exports contain no stigmatizing terms outside code names', () => {
  const screening = { instrumentId: 'audit-c', instrumentName: 'AUDIT-C', completedAt: '2026-11-20T15:04:00Z', score: 9, answers: [] };
  const bundles = {
    referral: referralBundle({ packet: samplePacket(), screening, consent: recordConsent(sampleConsentInput()), type: 'collection', now: new Date('2026-11-23T14:00:00Z') }),
    carePlan: carePlanBundle({ plan: carePlan(samplePlanInput()), version: 1, versionAt: '2026-11-23T14:00:00Z', type: 'collection' }),
  };
  it.each(Object.entries(bundles))('the %s bundle', (_name, bundle) => {
    const strings = fhirStrings(bundle);
    expect(strings.filter((s) => !s.codeName).flatMap((s) => hits(s.text))).toEqual([]);
  });
  it('the code names that do say "abuse"/"dependence" are the ones expected (reported, kept as published)', () => {
    const named = Object.values(bundles).flatMap((b) => fhirStrings(b).filter((s) => s.codeName && hits(s.text).length).map((s) => s.text));
    expect([...new Set(named)].sort()).toEqual(['Alcohol dependence, uncomplicated', 'substance abuse information sensitivity']);
  });
});

/**
 * Locale keys whose messages are a validated instrument's published item wording (AUDIT, TAPS,
 * S2BI, DAST-10, CRAFFT 2.1, CAGE-AID, the NIAAA and NIDA single questions). Changing their words
 * would invalidate the instrument (DAST-10 item 2 says "abuse", and its Spanish version "Abusa"),
 * so they are checked with an `instrument-item` allow span and their hits reported, not failed.
 * Bridge's own interface words (self_, answer_, unit_) get no exemption.
 */
export const INSTRUMENT_ITEM_KEY_PREFIXES = ['audit_', 'taps_', 's2bi_', 'dast_', 'crafft_', 'cage_', 'niaaa_', 'nida_'] as const;

function catalog(lang: Lang): Record<string, { message: string }> {
  return JSON.parse(readFileSync(new URL(`../../public/_locales/${lang}/messages.json`, import.meta.url), 'utf8'));
}

describe.each(['en', 'es'] as const)('public/_locales/%s/messages.json', (lang) => {
  const messages = Object.entries(catalog(lang));
  const isItem = (key: string) => INSTRUMENT_ITEM_KEY_PREFIXES.some((p) => key.startsWith(p));

  it('has no listed term in Bridge-authored messages', () => {
    const found = messages.filter(([key]) => !isItem(key)).flatMap(([key, m]) => hits(m.message, lang).map((h) => `${key}: ${h}`));
    expect(found).toEqual([]);
  });
  it('exempts instrument item wording only through allow spans, and those items are the only place listed words appear', () => {
    const exemptHits = messages
      .filter(([key]) => isItem(key))
      .flatMap(([key, m]) => hits(m.message, lang).map((h) => `${key}: ${h}`));
    // Known, kept on purpose: published DAST-10 item 2 wording and the published DAST-10
    // instructions that define "drug abuse" for it (see INSTRUMENT_ITEM_KEY_PREFIXES).
    expect(exemptHits).toEqual(
      lang === 'en'
        ? [expect.stringMatching(/^dast_intro: drug abuse /), expect.stringMatching(/^dast_q2: abuse @7/)]
        : [expect.stringMatching(/^dast_intro: abuso de drogas /)],
    );
    const withAllow = messages
      .filter(([key]) => isItem(key))
      .flatMap(([, m]) => hits(m.message, lang, [{ start: 0, end: m.message.length, kind: 'instrument-item' }]));
    expect(withAllow).toEqual([]);
  });
});
