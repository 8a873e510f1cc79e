import { assessDsm5, dsm5Criteria, substanceClasses, type Remission } from '@/lib/screening/dsm5';
import './Dsm5Checklist.css';

export interface Dsm5ChecklistValue {
  substanceId: string;
  criteriaMet: string[];
  remission: Remission;
  takenAsPrescribed: boolean;
}

export interface Dsm5ChecklistProps {
  value: Dsm5ChecklistValue;
  onChange: (next: Dsm5ChecklistValue) => void;
}

const remissionLabels: Record<Remission, string> = {
  none: 'Not in remission',
  early: 'In early remission (3 to 12 months)',
  sustained: 'In sustained remission (12 months or more)',
};

/**
 * The 11 DSM-5 criteria for one substance: severity as the clinician ticks them, and an ICD-10-CM
 * code suggestion that the clinician must confirm before it goes anywhere.
 */
export function Dsm5Checklist({ value, onChange }: Dsm5ChecklistProps) {
  const assessment = assessDsm5(value);
  const substance = assessment.substance;
  const toggle = (id: string, on: boolean) =>
    onChange({ ...value, criteriaMet: on ? [...value.criteriaMet.filter((c) => c !== id), id] : value.criteriaMet.filter((c) => c !== id) });
  return (
    <section class="bridge-card bridge-dsm5" aria-labelledby="bridge-dsm5-title">
      <h2 id="bridge-dsm5-title" class="bridge-dsm5-title">
        DSM-5 criteria (past 12 months)
      </h2>
      <label class="bridge-dsm5-field">
        Substance{' '}
        <select value={value.substanceId} onChange={(e) => onChange({ ...value, substanceId: (e.currentTarget as HTMLSelectElement).value })}>
          {substanceClasses.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset class="bridge-dsm5-criteria">
        <legend>Criteria met</legend>
        {dsm5Criteria.map((c) => {
          const notApplicable = c.id === 'withdrawal' && !substance.hasWithdrawalCriterion;
          const id = `bridge-dsm5-${c.id}`;
          return (
            <div key={c.id} class="bridge-dsm5-criterion">
              <input
                id={id}
                type="checkbox"
                checked={value.criteriaMet.includes(c.id)}
                disabled={notApplicable}
                onChange={(e) => toggle(c.id, (e.currentTarget as HTMLInputElement).checked)}
              />
              <label for={id}>
                {c.number}. {c.text}
                {notApplicable && <span class="bridge-muted"> (not a criterion for {substance.disorder})</span>}
              </label>
            </div>
          );
        })}
      </fieldset>
      {substance.prescribable && (
        <label class="bridge-dsm5-field">
          <input
            type="checkbox"
            checked={value.takenAsPrescribed}
            onChange={(e) => onChange({ ...value, takenAsPrescribed: (e.currentTarget as HTMLInputElement).checked })}
          />{' '}
          Tolerance or withdrawal only with medication taken as prescribed (not counted)
        </label>
      )}
      <label class="bridge-dsm5-field">
        Remission{' '}
        <select value={value.remission} onChange={(e) => onChange({ ...value, remission: (e.currentTarget as HTMLSelectElement).value as Remission })}>
          {(Object.keys(remissionLabels) as Remission[]).map((r) => (
            <option key={r} value={r}>
              {remissionLabels[r]}
            </option>
          ))}
        </select>
      </label>
      <div class="bridge-dsm5-summary" aria-live="polite" data-testid="dsm5-summary">
        <p>
          <strong>{assessment.count} of 11 criteria.</strong> {assessment.description}.
        </p>
        {assessment.icd && (
          <p class="bridge-dsm5-icd">
            Suggested ICD-10-CM code: <strong>{assessment.icd.code}</strong> <span class="bridge-muted">(code title: “{assessment.icd.codeTitle}”)</span>.
            Suggestion only: confirm before adding it to the chart.
            {assessment.icd.note && <span class="bridge-muted"> {assessment.icd.note}</span>}
          </p>
        )}
      </div>
      <p class="bridge-muted bridge-dsm5-source">Criteria paraphrased from DSM-5 (American Psychiatric Association, 2013). Severity: 2–3 mild, 4–5 moderate, 6 or more severe.</p>
    </section>
  );
}
