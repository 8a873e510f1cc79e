import type { PaneDefinition } from './types';

/** The side panel's panes, in the order a visit goes: screen, find treatment, refer, plan. */
export const panes: PaneDefinition[] = [];
