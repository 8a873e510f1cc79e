/**
 * What the retention policy keeps (issue 8, default 90 days, clinic policy `retentionDays`):
 * screenings, drafts and audit entries older than the period are purged; a referral is kept
 * while it is open and for the period after it was closed. Pure: it only computes cut-offs.
 */
export interface RetentionCutoffs {
  /** Records last changed before this ISO instant are purged. */
  before: string;
}

export class RetentionSettingError extends Error {}

/** The instant before which records fall out of a `retentionDays` period ending `now`. */
export function retentionCutoff(now: string, retentionDays: number): RetentionCutoffs {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new RetentionSettingError(`The retention period must be a whole number of days, 1 or more, got ${retentionDays}. Nothing was purged.`);
  }
  const at = Date.parse(now);
  if (Number.isNaN(at)) throw new RetentionSettingError(`"${now}" is not a date-time. Nothing was purged.`);
  return { before: new Date(at - retentionDays * 86_400_000).toISOString() };
}

/** Referral statuses after which the retention clock starts. */
export const CLOSED_REFERRAL_STATUSES: readonly string[] = ['closed', 'declined'];

/**
 * Whether a stored care plan may be purged: closed and last changed before the cut-off. An active
 * plan is the patient's ongoing record and stays whatever its age, like an open referral.
 */
export function carePlanExpired(plan: { current?: unknown; updatedAt: string }, cutoff: RetentionCutoffs): boolean {
  const status = plan.current && typeof plan.current === 'object' ? (plan.current as { status?: unknown }).status : undefined;
  return status === 'closed' && plan.updatedAt < cutoff.before;
}

/** Whether a referral may be purged: closed (or declined) and last changed before the cut-off. */
export function referralExpired(referral: { status?: unknown; updatedAt: string }, cutoff: RetentionCutoffs): boolean {
  return typeof referral.status === 'string' && CLOSED_REFERRAL_STATUSES.includes(referral.status) && referral.updatedAt < cutoff.before;
}
