import { REFERRAL_STATUS_WORDS } from '@/lib/referral/status';
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

/** Referral statuses in the clinic's words (one table for every list). */
export const STATUS_WORD = REFERRAL_STATUS_WORDS;

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
