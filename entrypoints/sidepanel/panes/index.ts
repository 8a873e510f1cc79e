import type { PaneDefinition } from './types';
import { screeningPane } from './screening';
import { referPane } from './refer';
import { treatmentPane } from './treatment';
import { planPane } from './careplan';

/** The side panel's panes, in the order a visit goes: screen, find treatment, refer, plan. */
export const panes: PaneDefinition[] = [
  screeningPane,
  treatmentPane,
  referPane,
  planPane,
];
