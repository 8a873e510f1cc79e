import type { ComponentType } from 'preact';
import type { PatientContext } from '@/lib/ehr/patient';

/** What every side-panel pane is given: the patient it serves (it is re-created when that changes). */
export interface PaneProps {
  patient: PatientContext;
  tabId: number;
  /** Switch to another pane, e.g. from a positive screen to "Find treatment". */
  goTo(paneId: string): void;
}

export interface PaneDefinition {
  id: string;
  label: string;
  Pane: ComponentType<PaneProps>;
}
