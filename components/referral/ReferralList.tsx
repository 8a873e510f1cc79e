import { useState } from 'preact/hooks';
import { ALLOWED_TRANSITIONS, REFERRAL_STATUS_WORDS, type ReferralRecord, type ReferralStatus } from '@/lib/referral/status';
import './ReferralList.css';


interface ReferralListProps {
  referrals: ReferralRecord[];
  /** Today as YYYY-MM-DD: follow-ups on or before it are due. */
  today: string;
  /** Show the patient column (the clinic-wide list); a per-patient list leaves it out. */
  showPatient?: boolean;
  onChangeStatus: (referralId: string, status: ReferralStatus, options: { appointmentOn?: string; followUpOn?: string }) => void;
  onExportCsv?: () => void;
}

function StatusChanger({ referral, onChangeStatus }: { referral: ReferralRecord; onChangeStatus: ReferralListProps['onChangeStatus'] }) {
  const next = ALLOWED_TRANSITIONS[referral.status];
  const [to, setTo] = useState<ReferralStatus | ''>('');
  const [appointmentOn, setAppointmentOn] = useState('');
  const [followUpOn, setFollowUpOn] = useState('');
  if (next.length === 0) return <span class="bridge-muted">No further steps</span>;
  const id = `bridge-ref-${referral.id}`;
  return (
    <form
      class="bridge-referral-change"
      onSubmit={(e) => {
        e.preventDefault();
        if (!to) return;
        onChangeStatus(referral.id, to, {
          ...(to === 'scheduled' && appointmentOn ? { appointmentOn } : {}),
          ...(followUpOn ? { followUpOn } : {}),
        });
        setTo('');
        setAppointmentOn('');
        setFollowUpOn('');
      }}
    >
      <label for={`${id}-to`} class="bridge-visually-hidden">
        New status for the referral to {referral.packet.providers[0]?.name}
      </label>
      <select id={`${id}-to`} value={to} onChange={(e) => setTo((e.currentTarget as HTMLSelectElement).value as ReferralStatus)}>
        <option value="">Change status…</option>
        {next.map((s) => (
          <option key={s} value={s}>
            {REFERRAL_STATUS_WORDS[s]}
          </option>
        ))}
      </select>
      {to === 'scheduled' && (
        <label>
          Appointment
          <input type="date" value={appointmentOn} onInput={(e) => setAppointmentOn((e.currentTarget as HTMLInputElement).value)} />
        </label>
      )}
      {to && (
        <label>
          Follow up on (optional)
          <input type="date" value={followUpOn} onInput={(e) => setFollowUpOn((e.currentTarget as HTMLInputElement).value)} />
        </label>
      )}
      <button type="submit" disabled={!to}>
        Save
      </button>
    </form>
  );
}

/** Referrals with status, follow-up date (due ones flagged) and a status change per row. */
export function ReferralList({ referrals, today, showPatient = false, onChangeStatus, onExportCsv }: ReferralListProps) {
  const due = referrals.filter((r) => r.status !== 'closed' && r.followUpOn !== null && r.followUpOn <= today).length;
  return (
    <section class="bridge-card bridge-referral-list" aria-labelledby="bridge-referral-list-title">
      <h2 id="bridge-referral-list-title">
        Referrals{' '}
        {due > 0 && (
          <span class="bridge-referral-badge" aria-label={`${due} follow-up${due === 1 ? '' : 's'} due`}>
            {due}
          </span>
        )}
      </h2>
      {referrals.length === 0 ? (
        <p class="bridge-muted">No referrals yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              {showPatient && <th scope="col">Patient</th>}
              <th scope="col">Referred to</th>
              <th scope="col">Status</th>
              <th scope="col">Follow up</th>
              <th scope="col">Next step</th>
            </tr>
          </thead>
          <tbody>
            {referrals.map((r) => {
              const isDue = r.status !== 'closed' && r.followUpOn !== null && r.followUpOn <= today;
              return (
                <tr key={r.id}>
                  {showPatient && <td>{r.packet.patient.name}</td>}
                  <td>{r.packet.providers.map((p) => p.name).join('; ')}</td>
                  <td>
                    {REFERRAL_STATUS_WORDS[r.status]}
                    {r.appointmentOn && r.status === 'scheduled' ? ` (${r.appointmentOn})` : ''}
                  </td>
                  <td class={isDue ? 'bridge-referral-due' : ''}>
                    {r.followUpOn ?? '—'}
                    {isDue && <span> (due)</span>}
                  </td>
                  <td>
                    <StatusChanger referral={r} onChangeStatus={onChangeStatus} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {onExportCsv && referrals.length > 0 && (
        <button type="button" onClick={onExportCsv}>
          Export CSV
        </button>
      )}
    </section>
  );
}
