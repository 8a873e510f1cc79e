import type { Instrument } from '@/lib/screening/instrument';
import type { SuggestedInstrument } from '@/lib/screening/flows';
import './InstrumentPicker.css';

export interface InstrumentPickerProps {
  /** Instruments this clinic can use (see `availableInstruments`). */
  instruments: readonly Instrument[];
  /** From `suggestInstruments`, best first; listed before the others. */
  suggestions: readonly SuggestedInstrument[];
  onPick: (instrumentId: string) => void;
}

/** Choose an instrument: the ones suggested for this patient first, with why, then the rest. */
export function InstrumentPicker({ instruments, suggestions, onPick }: InstrumentPickerProps) {
  const suggested = suggestions
    .map((s) => ({ suggestion: s, instrument: instruments.find((i) => i.id === s.instrumentId) }))
    .filter((s): s is { suggestion: SuggestedInstrument; instrument: Instrument } => s.instrument !== undefined);
  const others = instruments.filter((i) => !suggested.some((s) => s.instrument.id === i.id));
  const ages = (i: Instrument) => (i.ages.max === undefined ? `${i.ages.min}+` : `${i.ages.min}–${i.ages.max}`);
  return (
    <nav class="bridge-card bridge-picker" aria-label="Screening instruments">
      <h2 class="bridge-picker-title">Suggested for this patient</h2>
      {suggested.length === 0 ? (
        <p class="bridge-muted">No instrument is suggested for this patient's age.</p>
      ) : (
        <ul class="bridge-picker-list" data-testid="suggested-instruments">
          {suggested.map(({ suggestion, instrument }, index) => (
            <li key={instrument.id}>
              <button type="button" class={index === 0 ? 'bridge-primary' : undefined} onClick={() => onPick(instrument.id)}>
                {instrument.shortName}
              </button>{' '}
              <span class="bridge-muted">{suggestion.reason}</span>
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <>
          <h3 class="bridge-picker-subtitle">Other instruments</h3>
          <ul class="bridge-picker-list" data-testid="other-instruments">
            {others.map((instrument) => (
              <li key={instrument.id}>
                <button type="button" onClick={() => onPick(instrument.id)}>
                  {instrument.shortName}
                </button>{' '}
                <span class="bridge-muted">
                  ages {ages(instrument)}
                  {instrument.licence.requiresClinicOptIn && ' · enabled by clinic (terms unverified)'}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </nav>
  );
}
