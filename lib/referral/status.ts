import { z } from 'zod';
import { referralPacketSchema, type ReferralPacket } from './packet';

/**
 * Where a referral stands. Modelled on the states of ONC's 360X closed-loop referral project
 * (which is not FHIR: only its states are borrowed, see domain.md).
 */
export const referralStatusSchema = z.enum([
  'drafted',
  'sent',
  'scheduled',
  'attended',
  'declined',
  'no-show',
  'closed',
]);
export type ReferralStatus = z.infer<typeof referralStatusSchema>;

/** The 360X state each Bridge status corresponds to, for anyone reconciling with a 360X partner. */
export const X360_STATE: Record<ReferralStatus, string> = {
  drafted: '(not yet sent: no 360X state)',
  sent: 'sent',
  scheduled: 'accepted, scheduled',
  attended: 'seen (encounter)',
  declined: 'declined',
  // 360X has no "no-show" state: the recipient reports the missed appointment against "scheduled".
  'no-show': 'scheduled (appointment not kept)',
  closed: 'outcome returned, closed',
};

/** Which status may follow which. `closed` is final; a declined referral is closed or redone as a new one. */
export const ALLOWED_TRANSITIONS: Record<ReferralStatus, readonly ReferralStatus[]> = {
  drafted: ['sent', 'closed'],
  sent: ['scheduled', 'declined', 'closed'],
  scheduled: ['scheduled', 'attended', 'no-show', 'declined', 'closed'],
  'no-show': ['scheduled', 'declined', 'closed'],
  attended: ['closed'],
  declined: ['closed'],
  closed: [],
};

/**
 * Days until the clinician should check on a referral after it enters a status. Chosen so that
 * nobody waits more than a week without a prompt between hand-offs; `null` means no follow-up.
 */
export const FOLLOW_UP_DAYS: Record<ReferralStatus, number | null> = {
  drafted: 2,
  sent: 7,
  scheduled: 1, // counted from the appointment date when there is one
  'no-show': 2,
  attended: 14, // ask for the outcome
  declined: 2, // find another provider with the patient
  closed: null,
};

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const referralRecordSchema = z.object({
  id: z.string().min(1),
  packet: referralPacketSchema,
  status: referralStatusSchema,
  history: z.array(
    z.object({
      status: referralStatusSchema,
      at: z.iso.datetime({ offset: true }),
      note: z.string().max(1000).optional(),
    }),
  ),
  /** The day the clinician should next check on this referral, or null when nothing is due. */
  followUpOn: isoDate.nullable(),
  appointmentOn: isoDate.nullable(),
});
export type ReferralRecord = z.infer<typeof referralRecordSchema>;

/** A status change that the closed loop does not allow (e.g. attended → sent). */
export class ReferralTransitionError extends Error {
  override readonly name = 'ReferralTransitionError';
  constructor(
    readonly from: ReferralStatus,
    readonly to: ReferralStatus,
  ) {
    const allowed = ALLOWED_TRANSITIONS[from];
    super(
      `A referral that is "${from}" cannot become "${to}". ` +
        (allowed.length ? `Allowed next: ${allowed.join(', ')}.` : 'It is closed; start a new referral instead.'),
    );
  }
}

/** YYYY-MM-DD of `date` plus `days`, in UTC (follow-ups are whole days, not instants). */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

function followUpFor(status: ReferralStatus, today: string, appointmentOn: string | null): string | null {
  const days = FOLLOW_UP_DAYS[status];
  if (days === null) return null;
  const from = status === 'scheduled' && appointmentOn ? appointmentOn : today;
  return addDays(from, days);
}

/** A new referral in `drafted`, with its first follow-up date. */
export function draftReferral(packet: ReferralPacket, now: Date): ReferralRecord {
  const at = now.toISOString();
  return {
    id: packet.id,
    packet,
    status: 'drafted',
    history: [{ status: 'drafted', at }],
    followUpOn: followUpFor('drafted', at.slice(0, 10), null),
    appointmentOn: null,
  };
}

/** True when the closed loop allows `from` → `to`. */
export function canTransition(from: ReferralStatus, to: ReferralStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

/**
 * The referral after moving to `to` at `now`: history appended, follow-up date recomputed
 * (or `followUpOn` if the clinician chose one). Throws `ReferralTransitionError` when the move
 * is not allowed. Never mutates its input.
 */
export function transition(
  referral: ReferralRecord,
  to: ReferralStatus,
  now: Date,
  options: { note?: string; appointmentOn?: string | null; followUpOn?: string | null } = {},
): ReferralRecord {
  if (!canTransition(referral.status, to)) throw new ReferralTransitionError(referral.status, to);
  const today = now.toISOString().slice(0, 10);
  const appointmentOn = options.appointmentOn !== undefined ? options.appointmentOn : referral.appointmentOn;
  const entry = { status: to, at: now.toISOString(), ...(options.note ? { note: options.note } : {}) };
  return {
    ...referral,
    status: to,
    history: [...referral.history, entry],
    appointmentOn,
    followUpOn: options.followUpOn !== undefined ? options.followUpOn : followUpFor(to, today, appointmentOn),
  };
}

/** A referral whose follow-up is due, with how many days it is overdue (0 = due today). */
export interface FollowUpDue {
  referral: ReferralRecord;
  daysOverdue: number;
}

/**
 * Referrals whose follow-up date is today or earlier (UTC day of `now`), most overdue first.
 * Closed referrals never appear.
 */
export function followUpsDue(referrals: readonly ReferralRecord[], now: Date): FollowUpDue[] {
  const today = now.toISOString().slice(0, 10);
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  return referrals
    .filter((r) => r.status !== 'closed' && r.followUpOn !== null && r.followUpOn <= today)
    .map((r) => ({
      referral: r,
      daysOverdue: Math.round((todayMs - Date.parse(`${r.followUpOn}T00:00:00Z`)) / 86_400_000),
    }))
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.referral.id.localeCompare(b.referral.id));
}

/**
 * The earliest follow-up date among open referrals, or null: when the background should next
 * wake (alarm) to remind the clinician.
 */
export function nextFollowUpOn(referrals: readonly ReferralRecord[]): string | null {
  let next: string | null = null;
  for (const r of referrals) {
    if (r.status === 'closed' || r.followUpOn === null) continue;
    if (next === null || r.followUpOn < next) next = r.followUpOn;
  }
  return next;
}

export { REFERRAL_STATUS_WORDS } from './status-words';
