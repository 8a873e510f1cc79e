import { CarePlanScreen } from '../../careplan/CarePlanScreen';
import type { PaneDefinition, PaneProps } from './types';
import './careplan.css';

// The "Plan" pane: the patient's shared care plan. Keyed by the chart's patient like every pane
// (the workspace is re-created when the patient changes), and each save carries this tab, so the
// background refuses it if the chart shows someone else by then.
function PlanPane({ patient, tabId }: PaneProps) {
  return (
    <div class="bridge-plan-pane" data-testid="plan-pane">
      <CarePlanScreen patientFingerprint={patient.fingerprint} tabId={tabId} showFullPageLink />
    </div>
  );
}

export const planPane: PaneDefinition = { id: 'plan', label: 'Plan', Pane: PlanPane };
