import type { Instrument } from '../instrument';
import { audit, auditWording } from './audit';
import { auditC, auditCWording } from './audit-c';
import { cageAid, cageAidWording } from './cage-aid';
import { crafft21, crafft21Wording } from './crafft-2-1';
import { dast10, dast10Wording } from './dast-10';
import { nidaSingleQuestion, nidaSingleQuestionWording } from './nida-single-question';
import { niaaaSingleQuestion, niaaaSingleQuestionWording } from './niaaa-single-question';
import { s2bi, s2biWording } from './s2bi';
import { taps, tapsWording } from './taps';
import type { InstrumentWording } from './wording';

export { audit, auditC, cageAid, crafft21, dast10, nidaSingleQuestion, niaaaSingleQuestion, s2bi, taps };

/** Every instrument Bridge ships, in the order the picker lists them. */
export const instruments: readonly Instrument[] = [
  niaaaSingleQuestion,
  nidaSingleQuestion,
  auditC,
  audit,
  dast10,
  taps,
  crafft21,
  s2bi,
  cageAid,
];

/** Thrown for an instrument id Bridge does not know (e.g. from an older saved draft). */
export class UnknownInstrumentError extends Error {
  override readonly name = 'UnknownInstrumentError';
  constructor(readonly instrumentId: string) {
    super(`Unknown screening instrument '${instrumentId}'. Known: ${instruments.map((i) => i.id).join(', ')}.`);
  }
}

/** The instrument with this id; throws `UnknownInstrumentError` otherwise. */
export function instrumentById(id: string): Instrument {
  const found = instruments.find((i) => i.id === id);
  if (!found) throw new UnknownInstrumentError(id);
  return found;
}

/** Where each instrument's English and Spanish words come from, in the order of `instruments`. */
export const instrumentWordings: readonly InstrumentWording[] = [
  niaaaSingleQuestionWording,
  nidaSingleQuestionWording,
  auditCWording,
  auditWording,
  dast10Wording,
  tapsWording,
  crafft21Wording,
  s2biWording,
  cageAidWording,
];

/**
 * The wording record for an instrument: the source of its English, and whether its Spanish is a
 * validated version or Bridge's translation (with the disclosure to show the clinician).
 * Throws `UnknownInstrumentError` for an id Bridge does not know.
 */
export function instrumentWording(id: string): InstrumentWording {
  const found = instrumentWordings.find((w) => w.instrumentId === id);
  if (!found) throw new UnknownInstrumentError(id);
  return found;
}
