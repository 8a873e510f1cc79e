import { useState } from 'preact/hooks';
import { sendToBackground } from '@/lib/messaging/client.browser';
import { saveTextFile } from '@/components/ui/save-file';

/**
 * Audit log export (unless the clinic's policy forbids it), retention purge and "Erase all data
 * on this device". `onErased` lets the page re-read settings the erase removed.
 */
export function DataOnDevice({ exportAllowed, onErased }: { exportAllowed: boolean; onErased?: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState('');

  const exportAudit = async () => {
    const { csv, entries } = await sendToBackground('audit.exportCsv', {});
    saveTextFile(`bridge-audit-log-${new Date().toISOString().slice(0, 10)}.csv`, csv, 'text/csv');
    setStatus(`Audit log exported (${entries} entries).`);
  };
  const purge = async () => {
    const r = await sendToBackground('records.purgeExpired', {});
    setStatus(`Purged ${r.screenings} screenings, ${r.drafts} drafts, ${r.referrals} closed referrals, ${r.carePlans} closed care plans and ${r.audit} audit entries older than ${r.before.slice(0, 10)}.`);
  };
  const erase = async () => {
    await sendToBackground('records.eraseAll', { confirm: 'ERASE' });
    setConfirming(false);
    setStatus('All Bridge data on this device was erased.');
    onErased?.();
  };

  return (
    <section class="bridge-card" aria-labelledby="data-heading">
      <h2 id="data-heading">Data on this device</h2>
      <p class="bridge-muted">Screenings, referrals, consents and care plans are stored only in this browser profile.</p>
      {exportAllowed ? (
        <button type="button" onClick={exportAudit}>Export audit log (CSV)</button>
      ) : (
        <span class="bridge-muted" data-testid="audit-export-locked">Audit log export is turned off by your organization.</span>
      )}{' '}
      <button type="button" onClick={purge}>Purge expired records now</button>{' '}
      {!confirming ? (
        <button type="button" onClick={() => setConfirming(true)}>Erase all data on this device…</button>
      ) : (
        <div role="alertdialog" aria-labelledby="erase-title" aria-describedby="erase-desc" class="bridge-alert">
          <strong id="erase-title">Erase all Bridge data on this device?</strong>
          <p id="erase-desc">This deletes every screening, draft, referral, consent, care plan, setting and the audit log kept here. It cannot be undone.</p>
          <button type="button" class="bridge-primary" onClick={erase}>Erase everything</button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>Cancel</button>
        </div>
      )}
      <p role="status" data-testid="data-status">{status}</p>
    </section>
  );
}
