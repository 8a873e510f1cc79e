import type { Instrument } from '../instrument';
import { audit } from './audit';
import { auditC } from './audit-c';
import { cageAid } from './cage-aid';
import { crafft21 } from './crafft-2-1';
import { dast10 } from './dast-10';
import { nidaSingleQuestion } from './nida-single-question';
import { niaaaSingleQuestion } from './niaaa-single-question';
import { s2bi } from './s2bi';
import { taps } from './taps';

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
