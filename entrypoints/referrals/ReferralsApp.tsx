import { useEffect, useState } from 'preact/hooks';
import { ReferralList } from '@/components/referral/ReferralList';
import { sendToBackground } from '@/lib/messaging/client.browser';
import { followUpsDue, type ReferralRecord } from '@/lib/referral/status';
import { saveTextFile } from '@/components/ui/save-file';

// The clinic-wide referral list (every patient's referrals on this computer), for the care
// manager's follow-up round: due follow-ups first, status changes, CSV export. Opened from the
// Refer pane and from the follow-up notification.

/** Every referral on this computer, due follow-ups first. */
export function ReferralsApp() {
  const [referrals, setReferrals] = useState<ReferralRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    sendToBackground('referral.list', { patientFingerprint: null }).then(
      ({ referrals: all }) => {
        const due = new Set(followUpsDue(all, new Date()).map((d) => d.referral.id));
        setReferrals([...all.filter((r) => due.has(r.id)), ...all.filter((r) => !due.has(r.id))]);
      },
      (e: unknown) => setError(String((e as Error).message)),
    );
  useEffect(() => {
    void load();
  }, []);
  return (
    <main class="bridge-options" aria-label="Bridge referrals">
      <h1>Referrals on this computer</h1>
      {error && (
        <p class="bridge-alert" role="alert">
          {error}
        </p>
      )}
      {referrals === null ? (
        <p>Loading…</p>
      ) : (
        <ReferralList
          referrals={referrals}
          today={new Date().toISOString().slice(0, 10)}
          showPatient
          onChangeStatus={(referralId, status, options) => {
            const referral = referrals.find((r) => r.id === referralId);
            if (!referral) return;
            void sendToBackground('referral.updateStatus', { patientFingerprint: referral.packet.patient.fingerprint, referralId, status, ...options }).then(load, (e: unknown) =>
              setError(String((e as Error).message)),
            );
          }}
          onExportCsv={() =>
            void sendToBackground('referral.exportCsv', { patientFingerprint: null }).then(({ csv }) => saveTextFile('bridge-referrals.csv', csv), (e: unknown) => setError(String((e as Error).message)))
          }
        />
      )}
    </main>
  );
}
