import type { RegistryFlag, RegistrySortKey } from '@/lib/registry/registry';
import type { GoalTrendStatus } from '@/lib/careplan/trend';

/** The registry's flags in the clinic's words. */
export const FLAG_WORD: Record<RegistryFlag, string> = {
  'overdue-contact': 'Overdue contact',
  'not-improving': 'Not improving',
  'no-first-appointment': 'No first appointment',
};

/** What each flag means, for the filter's description. */
export const FLAG_HINT: Record<RegistryFlag, string> = {
  'overdue-contact': 'the next contact date has passed',
  'not-improving': 'the score has not moved toward the goal within the review interval',
  'no-first-appointment': 'referred 14 or more days ago and not yet seen',
};

// This table repeats lib/screening's short names so that the registry page starts without
// loading the screening schemas (tests/bench/registry); registry.test.tsx checks they are the same.

/** Each instrument's short name (lib/screening `instruments`); an unknown id is shown as is. */
export const INSTRUMENT_NAME: Record<string, string> = {
  'niaaa-single': 'NIAAA single question',
  'nida-single': 'Single drug question',
  'audit-c': 'AUDIT-C',
  audit: 'AUDIT',
  'dast-10': 'DAST-10',
  taps: 'TAPS',
  'crafft-2.1': 'CRAFFT 2.1',
  s2bi: 'S2BI',
  'cage-aid': 'CAGE-AID',
};

export const TREND_WORD: Record<GoalTrendStatus, string> = {
  'no-scores': 'no scores',
  'too-early': 'too early to tell',
  'at-target': 'at target',
  improving: 'improving',
  'not-improving': 'not improving',
};

export const SORT_WORD: Record<RegistrySortKey, string> = {
  priority: 'Needs attention first',
  name: 'Name',
  lastContactOn: 'Last contact',
  nextContactDue: 'Next contact due',
  latestScore: 'Latest score',
  referralStatus: 'Referral status',
};
