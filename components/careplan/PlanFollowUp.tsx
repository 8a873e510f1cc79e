import { diffVersions, planHistory, type VersionedCarePlan } from '@/lib/careplan/versioning';
import { describeDifference } from '@/lib/careplan/changes';
import type { TreatmentEngagement, EngagementCheck } from '@/lib/careplan/engagement';
import { scoreTrend, type GoalTrend } from '@/lib/careplan/trend';
import type { CarePlan } from '@/lib/careplan/plan';
import { instruments } from '@/lib/screening';
import { TrendChart } from './TrendChart';

const STATUS_TEXT: Record<GoalTrend['status'], string> = {
  'no-scores': 'No scores yet',
  'too-early': 'Too early to judge',
  'at-target': 'At target',
  improving: 'Improving',
  'not-improving': 'Not improving: review the plan with the team',
};

/**
 * Measurement-based follow-up: each measured goal's scores over time against its target (treat to
 * target: "not improving" once the review interval has passed without movement), and treatment
 * engagement.
 */
export function MeasurementPanel({ plan, scores, engagement, now }: { plan: CarePlan; scores: { instrumentId: string; score: number; at: string }[]; engagement: TreatmentEngagement; now: Date }) {
  const measured = plan.goals.filter((g) => g.measure && g.status !== 'stopped');
  const check = (c: EngagementCheck) => ({ yes: 'yes', no: 'no', 'not-yet': 'not yet due', 'no-first-appointment': 'no first appointment yet' })[c];
  const first = engagement.firstAppointment;
  return (
    <section class="bridge-card bridge-plan-measure" aria-labelledby="bridge-plan-measure" data-testid="plan-measure">
      <h2 id="bridge-plan-measure" class="bridge-plan-heading">
        Progress
      </h2>
      {measured.length === 0 && <p class="bridge-muted">Add a target score to a goal to follow it over time.</p>}
      {measured.map((g) => {
        const instrument = instruments.find((i) => i.id === g.measure!.instrumentId);
        const trend = scoreTrend(
          scores.filter((s) => s.instrumentId === g.measure!.instrumentId),
          g.measure!,
          plan.reviewIntervalDays,
          now,
        );
        return (
          <div key={g.id} class="bridge-plan-trend" data-testid="goal-trend" data-status={trend.status}>
            <TrendChart label={instrument?.shortName ?? g.measure!.instrumentId} trend={trend} target={g.measure!.target} range={instrument?.scoring.range ?? { min: 0, max: 10 }} />
            <p class={trend.notImproving ? 'bridge-plan-flag' : ''} role={trend.notImproving ? 'status' : undefined}>
              <q>{g.patientWords}</q>: {STATUS_TEXT[trend.status]}
              {trend.reviewDueOn && trend.status === 'too-early' ? ` (first review ${trend.reviewDueOn})` : ''}
            </p>
          </div>
        );
      })}
      <dl class="bridge-plan-engagement" data-testid="plan-engagement">
        <dt>First appointment</dt>
        <dd>{first.status === 'none' ? 'none yet' : first.status === 'kept' ? `kept on ${first.on}` : first.status === 'missed' ? `missed on ${first.on}` : `scheduled${first.on ? ` for ${first.on}` : ''}`}</dd>
        <dt>Engaged at 30 days</dt>
        <dd>{check(engagement.engagedAt30)}</dd>
        <dt>Engaged at 90 days</dt>
        <dd>{check(engagement.engagedAt90)}</dd>
        <dt>MOUD</dt>
        <dd>{engagement.moud.status === 'none' ? 'not in the plan' : `${engagement.moud.medication ?? 'medication not chosen'}, ${engagement.moud.status}`}</dd>
      </dl>
      <p class="bridge-muted bridge-plan-note">Engaged: still in active treatment with a contact on or after that day, counted from the first kept appointment (Bridge’s working definition, not HEDIS).</p>
    </section>
  );
}

/** Every version of the plan, newest first, with who, when and what changed. */
export function PlanHistory({ record }: { record: VersionedCarePlan }) {
  const versions = planHistory(record);
  return (
    <section class="bridge-card" aria-labelledby="bridge-plan-history" data-testid="plan-history">
      <h2 id="bridge-plan-history" class="bridge-plan-heading">
        History ({record.version} version{record.version === 1 ? '' : 's'})
      </h2>
      <ol reversed class="bridge-plan-versions">
        {[...versions].reverse().map((v) => {
          const lines = v.version === 1 ? ['Plan created'] : diffVersions(record, v.version - 1, v.version).map((d) => describeDifference(d, versions[v.version - 2]!.plan, v.plan));
          return (
            <li key={v.version} data-testid="plan-version">
              <strong>Version {v.version}</strong> <span class="bridge-muted">· {v.by} · {new Date(v.at).toLocaleString()}</span>
              <ul>
                {lines.map((l, i) => (
                  <li key={i}>{l}</li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** What a colleague's plan would change, for the clinician to apply or cancel. */
export function ImportPreviewView({ lines, warnings, sourceVersion, matchedBy, onApply, onCancel, busy }: {
  lines: string[];
  warnings: string[];
  sourceVersion: string | null;
  matchedBy: 'fingerprint' | 'name-and-birth-date';
  onApply: () => void;
  onCancel: () => void;
  busy: boolean;
}) {
  return (
    <section class="bridge-card bridge-plan-import" aria-labelledby="bridge-plan-import" data-testid="import-preview">
      <h2 id="bridge-plan-import" class="bridge-plan-heading">
        Import a colleague’s plan{sourceVersion ? ` (their version ${sourceVersion})` : ''}
      </h2>
      <p class="bridge-muted">{matchedBy === 'fingerprint' ? 'The file is for this patient.' : 'The file is for this patient (same name and birth date, from another computer).'} Importing will:</p>
      {lines.length === 0 ? (
        <p>Change nothing: it is the same as the plan here.</p>
      ) : (
        <ul>
          {lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      )}
      {warnings.length > 0 && (
        <ul class="bridge-muted">
          {warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
      <div class="bridge-plan-form-buttons">
        <button type="button" class="bridge-primary" disabled={busy || lines.length === 0} onClick={onApply}>
          Apply as a new version
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
