import type { ReferralRecord } from '../referral/status';
import { utcMs } from './dates';
import type { CarePlan, Intervention } from './plan';

/**
 * Treatment engagement for the measurement-based follow-up: was the first appointment kept, is the
 * patient still engaged 30 and 90 days after it, and where MOUD stands. Pure; the clock is passed in.
 *
 * Bridge's working definitions (shown to the clinician beside the figures, so nobody reads them as
 * HEDIS IET, which counts claims within 14 and 34 days):
 * - first appointment kept: the earliest "attended" status on any of the patient's referrals;
 * - engaged at N days: N days have passed since that appointment, the plan has a treatment
 *   intervention that is active, and the last contact recorded on the plan is on or after day N.
 */
export type EngagementCheck = 'yes' | 'no' | 'not-yet' | 'no-first-appointment';

export interface TreatmentEngagement {
  firstAppointment: { status: 'kept'; on: string } | { status: 'missed'; on: string } | { status: 'scheduled'; on: string | null } | { status: 'none' };
  engagedAt30: EngagementCheck;
  engagedAt90: EngagementCheck;
  moud: { status: Intervention['status'] | 'none'; medication: Intervention['medication'] | null };
}

const DAY_MS = 86_400_000;
const TREATMENT_KINDS: readonly Intervention['kind'][] = ['moud', 'counseling', 'referral', 'peer-support', 'brief-intervention-follow-up'];
const MOUD_ORDER: readonly Intervention['status'][] = ['active', 'planned', 'completed', 'stopped'];

function firstWith(referrals: readonly ReferralRecord[], status: ReferralRecord['status']): string | null {
  const days = referrals.flatMap((r) => r.history.filter((h) => h.status === status).map((h) => new Date(h.at).toISOString().slice(0, 10)));
  return days.sort()[0] ?? null;
}

/** Engagement from the patient's referrals and plan at `now` (see the definitions above). */
export function treatmentEngagement(plan: CarePlan | null, referrals: readonly ReferralRecord[], now: Date): TreatmentEngagement {
  const kept = firstWith(referrals, 'attended');
  const missed = firstWith(referrals, 'no-show');
  const scheduled = referrals.find((r) => r.status === 'scheduled');
  const firstAppointment: TreatmentEngagement['firstAppointment'] = kept
    ? { status: 'kept', on: kept }
    : scheduled
      ? { status: 'scheduled', on: scheduled.appointmentOn }
      : missed
        ? { status: 'missed', on: missed }
        : { status: 'none' };
  const inTreatment = (plan?.interventions ?? []).some((i) => TREATMENT_KINDS.includes(i.kind) && i.status === 'active');
  const engagedAt = (days: number): EngagementCheck => {
    if (!kept) return 'no-first-appointment';
    const dayN = utcMs(kept) + days * DAY_MS;
    if (now.getTime() < dayN) return 'not-yet';
    const contact = plan?.lastContactOn ? utcMs(plan.lastContactOn) : Number.NaN;
    return inTreatment && contact >= dayN ? 'yes' : 'no';
  };
  const mouds = (plan?.interventions ?? []).filter((i) => i.kind === 'moud').sort((a, b) => MOUD_ORDER.indexOf(a.status) - MOUD_ORDER.indexOf(b.status));
  const moud = mouds[0];
  return {
    firstAppointment,
    engagedAt30: engagedAt(30),
    engagedAt90: engagedAt(90),
    moud: moud ? { status: moud.status, medication: moud.medication ?? null } : { status: 'none', medication: null },
  };
}
