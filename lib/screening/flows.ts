import type { Sex } from '../ehr/patient';
import { instrumentById, instruments } from './instruments';
import { conditionHolds, type CompleteScreening } from './score';

export interface NextInstrument {
  instrumentId: string;
  reason: string;
}

/**
 * The fuller instrument a completed result leads to, as its data declares (positive NIAAA
 * question → AUDIT-C, or AUDIT if AUDIT-C is not enabled; positive drug question → DAST-10;
 * AUDIT-C 8+ → AUDIT), or null. TAPS leads into its own part 2 through skip logic, not here.
 * `enabledIds`, when given, limits the choice to the clinic's enabled instruments.
 */
export function nextInstrument(result: CompleteScreening, options: { enabledIds?: readonly string[] } = {}): NextInstrument | null {
  const instrument = instrumentById(result.instrumentId);
  for (const followUp of instrument.followUps) {
    const holds = conditionHolds(instrument, followUp.when, result.answers, {
      score: result.score,
      cutoff: result.cutoff.atLeast,
    });
    if (!holds) continue;
    const id = followUp.instrumentIds.find((candidate) => !options.enabledIds || options.enabledIds.includes(candidate));
    if (id) return { instrumentId: id, reason: followUp.reason };
  }
  return null;
}

export interface SuggestedInstrument {
  instrumentId: string;
  reason: string;
}

const adultTools = ['niaaa-single', 'nida-single', 'audit-c', 'dast-10', 'taps'];

/**
 * Instruments to offer first for this patient, best first. 12–17: CRAFFT 2.1 (S2BI too once the
 * clinic has opted in); 18–21: CRAFFT 2.1 then the adult tools; 22 and over (or age unknown):
 * the single questions, AUDIT-C, DAST-10 and TAPS. Under 12: none. Instruments needing a clinic
 * opt-in are only suggested when listed in `enabledIds`; when `enabledIds` is given, only those
 * are suggested at all.
 */
export function suggestInstruments(patient: {
  ageYears: number | null;
  sex: Sex;
  enabledIds?: readonly string[];
}): SuggestedInstrument[] {
  const { ageYears, enabledIds } = patient;
  const allowed = (id: string) => {
    const instrument = instrumentById(id);
    if (enabledIds) return enabledIds.includes(id);
    return !instrument.licence.requiresClinicOptIn;
  };
  let picks: SuggestedInstrument[];
  if (ageYears !== null && ageYears < 12) return [];
  if (ageYears !== null && ageYears <= 17) {
    picks = [
      { instrumentId: 'crafft-2.1', reason: 'Adolescent (12–17): CRAFFT 2.1 is validated for ages 12–21.' },
      { instrumentId: 's2bi', reason: 'Adolescent (12–17): S2BI triages by frequency of use.' },
    ];
  } else if (ageYears !== null && ageYears <= 21) {
    picks = [
      { instrumentId: 'crafft-2.1', reason: 'Young adult (18–21): CRAFFT 2.1 is validated up to 21.' },
      ...adultTools.map((id) => ({ instrumentId: id, reason: 'Young adult (18–21): adult tools also apply.' })),
    ];
  } else {
    const why = ageYears === null ? 'Age unknown: adult tools (confirm the birth date).' : 'Adult: yearly screening.';
    picks = adultTools.map((id) => ({ instrumentId: id, reason: why }));
  }
  return picks.filter((p) => allowed(p.instrumentId));
}

/** Instruments a clinic can offer at all: those not needing opt-in, plus those it opted into. */
export function availableInstruments(optedInIds: readonly string[] = []) {
  return instruments.filter((i) => !i.licence.requiresClinicOptIn || optedInIds.includes(i.id));
}
