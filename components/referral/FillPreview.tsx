import { editStep, type FillPlan, type FillStep } from '@/lib/referral/plan';
import './FillPreview.css';

/** "High" at 0.85 and above, "Check" below 0.65: the words the clinician sees next to each value. */
export function confidenceWord(confidence: number): 'High' | 'Medium' | 'Check' {
  return confidence >= 0.85 ? 'High' : confidence >= 0.65 ? 'Medium' : 'Check';
}

interface FillPreviewProps {
  plan: FillPlan;
  /** Called with the edited plan on every change; the parent keeps it. */
  onChange: (plan: FillPlan) => void;
  onConfirm: (plan: FillPlan) => void;
  onCancel: () => void;
  /** Shown above the table, e.g. "The patient on the page changed; nothing was filled." */
  message?: string;
  busy?: boolean;
}

function ValueEditor({ step, onValue }: { step: FillStep; onValue: (v: string) => void }) {
  const label = `Value for ${step.fieldLabel}`;
  if ((step.control === 'select' || step.control === 'radio-group') && step.options.length) {
    return (
      <select aria-label={label} value={step.value} onChange={(e) => onValue((e.currentTarget as HTMLSelectElement).value)}>
        {step.options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label || o.value}
          </option>
        ))}
      </select>
    );
  }
  if (step.control === 'checkbox') {
    return (
      <input
        type="checkbox"
        aria-label={label}
        checked={step.value === 'true'}
        onChange={(e) => onValue(String((e.currentTarget as HTMLInputElement).checked))}
      />
    );
  }
  if (step.control === 'textarea' || step.value.length > 60) {
    return <textarea aria-label={label} rows={3} value={step.value} onInput={(e) => onValue((e.currentTarget as HTMLTextAreaElement).value)} />;
  }
  return <input type="text" aria-label={label} value={step.value} onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)} />;
}

/**
 * The fill plan as the clinician checks it: one row per field with the planned value (editable),
 * how sure Bridge is, and whether to include it. Nothing is filled until Confirm.
 */
export function FillPreview({ plan, onChange, onConfirm, onCancel, message, busy = false }: FillPreviewProps) {
  const included = plan.steps.filter((s) => s.include).length;
  return (
    <section class="bridge-card bridge-fill-preview" aria-labelledby="bridge-fill-preview-title">
      <h2 id="bridge-fill-preview-title" class="bridge-fill-title">
        Check before filling the referral form
      </h2>
      {message && (
        <p class="bridge-alert" role="alert">
          {message}
        </p>
      )}
      {plan.warnings.map((w) => (
        <p class="bridge-alert" key={w}>
          {w}
        </p>
      ))}
      {plan.steps.length === 0 ? (
        <p>Bridge found no field on this page it can fill.</p>
      ) : (
        <table class="bridge-fill-table">
          <caption class="bridge-visually-hidden">Planned values, one row per form field</caption>
          <thead>
            <tr>
              <th scope="col">Include</th>
              <th scope="col">Field on the form</th>
              <th scope="col">Value</th>
              <th scope="col">Match</th>
            </tr>
          </thead>
          <tbody>
            {plan.steps.map((step) => {
              const word = confidenceWord(step.confidence);
              return (
                <tr key={step.fieldKey} class={step.include ? '' : 'bridge-fill-excluded'}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Include ${step.fieldLabel}`}
                      checked={step.include}
                      onChange={(e) => onChange(editStep(plan, step.fieldKey, { include: (e.currentTarget as HTMLInputElement).checked }))}
                    />
                  </td>
                  <th scope="row" class="bridge-fill-label">
                    {step.fieldLabel}
                  </th>
                  <td>
                    <ValueEditor step={step} onValue={(value) => onChange(editStep(plan, step.fieldKey, { value }))} />
                  </td>
                  <td class={`bridge-fill-confidence bridge-fill-${word.toLowerCase()}`}>
                    {word} <span class="bridge-muted">({Math.round(step.confidence * 100)}%)</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {plan.unplaced.length > 0 && (
        <details class="bridge-fill-unplaced">
          <summary>{plan.unplaced.length} item(s) have no field on this form</summary>
          <ul>
            {plan.unplaced.map((u) => (
              <li key={u.valueId}>
                {u.valueId}: {u.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div class="bridge-fill-actions">
        <button type="button" class="bridge-primary" disabled={busy || included === 0} onClick={() => onConfirm(plan)}>
          Fill {included} field{included === 1 ? '' : 's'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </section>
  );
}
