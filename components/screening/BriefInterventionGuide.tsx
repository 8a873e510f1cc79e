import {
  briefInterventionGuide,
  briefInterventionSteps,
  framesElements,
  type BriefInterventionGuide as GuideData,
} from '@/lib/screening/brief-intervention';
import './BriefInterventionGuide.css';

export interface BriefInterventionGuideProps {
  action: 'brief-intervention' | 'brief-intervention-and-referral';
  /** Steps the clinician has ticked as done; the caller stores them with the visit. */
  completedStepIds: readonly string[];
  onToggleStep: (stepId: string, done: boolean) => void;
  guide?: GuideData;
}

/** The brief negotiated interview, step by step, with MI-style prompts and the FRAMES elements each carries. */
export function BriefInterventionGuide({ action, completedStepIds, onToggleStep, guide = briefInterventionGuide }: BriefInterventionGuideProps) {
  const steps = briefInterventionSteps(action, guide);
  const done = steps.filter((s) => completedStepIds.includes(s.id)).length;
  return (
    <section class="bridge-card bridge-bi" aria-labelledby="bridge-bi-title">
      <h2 id="bridge-bi-title" class="bridge-bi-title">
        {guide.title} <span class="bridge-muted">({guide.minutes})</span>
      </h2>
      <p class="bridge-muted" aria-live="polite">
        {done} of {steps.length} steps done
      </p>
      <ol class="bridge-bi-steps">
        {steps.map((step) => {
          const checked = completedStepIds.includes(step.id);
          const id = `bridge-bi-${step.id}`;
          return (
            <li key={step.id} class={checked ? 'bridge-bi-step bridge-bi-done' : 'bridge-bi-step'}>
              <div class="bridge-bi-step-head">
                <input id={id} type="checkbox" checked={checked} onChange={(e) => onToggleStep(step.id, (e.currentTarget as HTMLInputElement).checked)} />
                <label for={id} class="bridge-bi-step-title">
                  {step.title}
                </label>
              </div>
              <p class="bridge-bi-purpose">{step.purpose}</p>
              <ul class="bridge-bi-prompts" aria-label={`Prompts for ${step.title}`}>
                {step.prompts.map((p) => (
                  <li key={p}>“{p}”</li>
                ))}
              </ul>
              <p class="bridge-bi-frames">
                {step.frames.map((f) => (
                  <span key={f} class="bridge-bi-frame" title={framesElements[f]}>
                    {framesElements[f]}
                  </span>
                ))}
              </p>
            </li>
          );
        })}
      </ol>
      <p class="bridge-muted bridge-bi-source">Sources: {guide.source}</p>
    </section>
  );
}
