import type { Instrument, SbirtAction } from '@/lib/screening/instrument';
import type { NextInstrument } from '@/lib/screening/flows';
import type { CompleteScreening } from '@/lib/screening/score';
import './ScreeningResult.css';

/** Clinician-facing names for the SBIRT actions. */
export const sbirtActionLabels: Record<SbirtAction, string> = {
  none: 'No action needed',
  'positive-feedback': 'Positive feedback',
  'brief-intervention': 'Brief intervention',
  'brief-intervention-and-referral': 'Brief intervention and referral to treatment',
};

export interface ScreeningResultProps {
  result: CompleteScreening;
  instrument: Instrument;
  /** In `self` mode nothing is rendered: patients never see scores or clinical notes. */
  mode: 'clinician' | 'self';
  /** A fuller instrument to give next (from `nextInstrument`). */
  next?: NextInstrument | null;
  nextName?: string;
  onStartNext?: (instrumentId: string) => void;
  onStartBriefIntervention?: () => void;
  onFindTreatment?: () => void;
}

/** Score, risk level, the recommended SBIRT action, why, and the instrument's attribution. */
export function ScreeningResult(props: ScreeningResultProps) {
  if (props.mode === 'self') return null;
  const { result, instrument } = props;
  const { min, max } = instrument.scoring.range;
  const needsIntervention = result.action === 'brief-intervention' || result.action === 'brief-intervention-and-referral';
  const subscores = instrument.scoring.subscores.filter((s) => result.subscores[s.id] !== undefined);
  return (
    <section class="bridge-card bridge-result" aria-labelledby={`bridge-result-${instrument.id}`} data-testid="screening-result">
      <h2 id={`bridge-result-${instrument.id}`} class="bridge-result-title">
        {instrument.shortName}: <span class="bridge-result-score">{result.score}</span>
        <span class="bridge-muted"> / {max}</span>
        {min !== 0 && <span class="bridge-muted"> (from {min})</span>}
      </h2>
      <p>
        <span class={`bridge-badge ${result.positive ? 'bridge-badge-positive' : 'bridge-badge-negative'}`}>
          {result.positive ? 'Positive screen' : 'Negative screen'}
        </span>{' '}
        <strong>{result.riskLabel}</strong>
      </p>
      <p class={`bridge-result-action bridge-action-${result.action}`}>
        <strong>Recommended: {sbirtActionLabels[result.action]}.</strong> {result.guidance}
      </p>
      {result.advisories.length > 0 && (
        <ul class="bridge-result-advisories">
          {result.advisories.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      )}
      {subscores.length > 0 && (
        <dl class="bridge-result-subscores">
          {subscores.map((s) => (
            <div key={s.id}>
              <dt>{s.label}</dt>
              <dd>{result.subscores[s.id]}</dd>
            </div>
          ))}
        </dl>
      )}
      <details class="bridge-result-why">
        <summary>Why</summary>
        <p>{result.rationale}</p>
        <p class="bridge-muted">{instrument.scoring.description}</p>
      </details>
      <div class="bridge-form-actions">
        {needsIntervention && props.onStartBriefIntervention && (
          <button type="button" class="bridge-primary" onClick={props.onStartBriefIntervention}>
            Start brief intervention
          </button>
        )}
        {/* Any positive screen may need treatment options; referral results make it the expected next step. */}
        {(result.positive || result.action === 'brief-intervention-and-referral') && props.onFindTreatment && (
          <button type="button" onClick={props.onFindTreatment}>
            Find treatment
          </button>
        )}
        {props.next && props.onStartNext && (
          <button type="button" onClick={() => props.onStartNext!(props.next!.instrumentId)} title={props.next.reason}>
            Next: {props.nextName ?? props.next.instrumentId}
          </button>
        )}
      </div>
      <p class="bridge-result-attribution bridge-muted">
        {instrument.licence.attribution} Version: {result.instrumentVersion}.
      </p>
    </section>
  );
}
