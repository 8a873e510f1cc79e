import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ALLOWED_TRANSITIONS, draftReferral, followUpsDue, nextFollowUpOn, referralStatusSchema, transition, ReferralTransitionError, X360_STATE, type ReferralStatus } from './status';
import { samplePacket } from '../../tests/fixtures/forms/sample-packet';

const t0 = new Date('2026-11-23T13:00:00Z');
const day = (d: string) => new Date(`${d}T12:00:00Z`);

describe('closed-loop status', () => {
  it('walks the happy path with follow-up dates', () => {
    let r = draftReferral(samplePacket(), t0);
    expect(r).toMatchObject({ status: 'drafted', followUpOn: '2026-11-25' });
    r = transition(r, 'sent', day('2026-11-23'));
    expect(r.followUpOn).toBe('2026-11-30');
    r = transition(r, 'scheduled', day('2026-11-26'), { appointmentOn: '2026-12-03' });
    expect(r.followUpOn).toBe('2026-12-04');
    r = transition(r, 'attended', day('2026-12-03'));
    expect(r.followUpOn).toBe('2026-12-17');
    r = transition(r, 'closed', day('2026-12-10'), { note: 'Outcome letter received' });
    expect(r.followUpOn).toBeNull();
    expect(r.history.map((h) => h.status)).toEqual(['drafted', 'sent', 'scheduled', 'attended', 'closed']);
  });

  it('refuses moves the loop does not allow, saying what is allowed', () => {
    const r = transition(draftReferral(samplePacket(), t0), 'sent', t0);
    expect(() => transition(r, 'attended', t0)).toThrow(ReferralTransitionError);
    expect(() => transition(r, 'attended', t0)).toThrow(/Allowed next: scheduled, declined, closed/);
  });

  it('maps every status to a 360X state', () => {
    for (const s of referralStatusSchema.options) expect(X360_STATE[s]).toBeTruthy();
  });

  it('lets the clinician choose the follow-up date', () => {
    const r = transition(draftReferral(samplePacket(), t0), 'sent', t0, { followUpOn: '2026-11-27' });
    expect(r.followUpOn).toBe('2026-11-27');
  });

  it('property: any allowed walk keeps history and status in step, and closed is final', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (choices) => {
        let r = draftReferral(samplePacket(), t0);
        for (const c of choices) {
          const next = ALLOWED_TRANSITIONS[r.status];
          if (!next.length) break;
          r = transition(r, next[c % next.length] as ReferralStatus, t0);
        }
        return r.history[r.history.length - 1]!.status === r.status && (r.status !== 'closed' || r.followUpOn === null);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('followUpsDue', () => {
  it('lists due and overdue referrals, most overdue first, never closed ones', () => {
    const a = transition(draftReferral(samplePacket({ id: 'a' }), t0), 'sent', day('2026-11-20')); // due 11-27
    const b = draftReferral(samplePacket({ id: 'b' }), day('2026-11-23')); // due 11-25
    const c = transition(draftReferral(samplePacket({ id: 'c' }), t0), 'closed', t0);
    const d = transition(draftReferral(samplePacket({ id: 'd' }), t0), 'sent', day('2026-11-26')); // due 12-03
    const due = followUpsDue([a, b, c, d], new Date('2026-11-27T08:00:00Z'));
    expect(due.map((x) => [x.referral.id, x.daysOverdue])).toEqual([
      ['b', 2],
      ['a', 0],
    ]);
    expect(nextFollowUpOn([a, c, d])).toBe('2026-11-27');
    expect(nextFollowUpOn([c])).toBeNull();
  });
});
