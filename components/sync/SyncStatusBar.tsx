import { useEffect, useState } from 'preact/hooks';
import type { SyncConflictView, SyncStatusView } from '@/lib/messaging/messages/sync';
import type { ConflictChoice } from '@/lib/sync/conflicts';
import { SyncConflicts } from './SyncConflicts';
import './SyncStatusBar.css';

/** The status in one plain sentence: pending, synced or failed, and why. */
export function syncSentence(s: SyncStatusView, now = Date.now()): { text: string; tone: 'ok' | 'busy' | 'problem' } {
  const host = s.host ?? 'the clinic’s server';
  if (s.state === 'not-permitted') return { text: `Not shared: Bridge is not permitted to reach ${host}. Allow it on Bridge’s options page.`, tone: 'problem' };
  if (s.state === 'not-signed-in') return { text: `Not shared: sign in to ${host} on Bridge’s options page.`, tone: 'problem' };
  const parts: string[] = [];
  if (s.conflicts) parts.push(`${s.conflicts} conflict${s.conflicts === 1 ? '' : 's'} to review`);
  if (s.failed) parts.push(`${s.failed} failed`);
  if (s.blocked) parts.push(`${s.blocked} waiting`);
  if (s.pending) parts.push(`${s.pending} pending`);
  const why = s.lastError ?? s.reasons[0] ?? null;
  if (parts.length) return { text: `${parts.join(', ')}${why ? `: ${why}` : '.'}`, tone: s.conflicts || s.failed || s.lastError ? 'problem' : 'busy' };
  if (!s.lastSyncedAt) return { text: `Not synced with ${host} yet.`, tone: 'busy' };
  const minutes = Math.max(0, Math.round((now - Date.parse(s.lastSyncedAt)) / 60_000));
  return { text: `Synced with ${host} ${minutes === 0 ? 'just now' : `${minutes} min ago`}.`, tone: 'ok' };
}

/** Reading and resolving the patient's conflicts (`sync.conflicts`, `sync.resolveConflict`). */
export interface ConflictReview {
  load: () => Promise<SyncConflictView[]>;
  resolve: (conflictId: string, choice: ConflictChoice) => Promise<SyncConflictView[]>;
}

/**
 * The side panel's sync line for the patient on the chart. `open` runs when the patient is opened
 * (it pulls the patient's shared records and returns the status); `syncNow` runs on the button.
 * With `conflicts`, a count of conflicts becomes a button that opens the review list.
 * Shows nothing when sharing is off (no clinic server configured).
 */
export function SyncStatusBar({ open, syncNow, conflicts }: { open: () => Promise<SyncStatusView>; syncNow: () => Promise<SyncStatusView>; conflicts?: ConflictReview }) {
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const run = (task: () => Promise<SyncStatusView>) => {
    setBusy(true);
    task()
      .then((s) => {
        setStatus(s);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  useEffect(() => run(open), []);
  if (error) return <p class="bridge-sync bridge-sync-problem" role="status" data-testid="sync-status">Sync status unavailable: {error}</p>;
  if (!status || status.state === 'off') return null;
  const { text, tone } = syncSentence(status);
  const bar = (
    <p class={`bridge-sync bridge-sync-${tone}`} role="status" data-testid="sync-status" data-state={status.state} aria-busy={busy}>
      <span>{busy ? 'Syncing… ' : ''}{text}</span>
      {status.pulled && status.pulled.applied + status.pulled.merged > 0 && (
        <span class="bridge-muted"> {status.pulled.applied + status.pulled.merged} update{status.pulled.applied + status.pulled.merged === 1 ? '' : 's'} from colleagues.</span>
      )}{' '}
      <button type="button" onClick={() => run(syncNow)} disabled={busy} data-testid="sync-now">
        Sync now
      </button>
      {conflicts && (status.conflicts > 0 || reviewing) && (
        <button type="button" aria-expanded={reviewing} aria-controls="bridge-sync-conflicts" onClick={() => setReviewing(!reviewing)} data-testid="sync-review-conflicts">
          {reviewing ? 'Close the conflicts' : `${status.conflicts} conflict${status.conflicts === 1 ? '' : 's'} — review`}
        </button>
      )}
    </p>
  );
  if (!conflicts) return bar;
  return (
    <div>
      {bar}
      <div id="bridge-sync-conflicts">
        {reviewing && <SyncConflicts load={conflicts.load} resolve={conflicts.resolve} onCountChange={(count) => setStatus((s) => (s ? { ...s, conflicts: count } : s))} />}
      </div>
    </div>
  );
}
