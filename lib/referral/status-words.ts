import type { ReferralStatus } from './status';

// Its own module, with a type-only import, so that a page can show the words without loading
// the referral's schemas (the registry page, tests/bench/registry).
/** The status in the clinic's words, for lists and the registry. */
export const REFERRAL_STATUS_WORDS: Record<ReferralStatus, string> = {
  drafted: 'Drafted',
  sent: 'Sent',
  scheduled: 'Scheduled',
  attended: 'Attended',
  declined: 'Declined',
  'no-show': 'Missed appointment',
  closed: 'Closed',
};
