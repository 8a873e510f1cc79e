import { useEffect, useRef, useState } from 'preact/hooks';
import type { SyncConflictView } from '@/lib/messaging/messages/sync';
import type { ConflictChoice } from '@/lib/sync/conflicts';
import './SyncConflicts.css';

/** "2026-11-23 15:00 UTC" from an ISO time (the same on every computer, as the server's times are). */
function when(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The patient's sync conflicts, opened from the status bar: per record, each field both computers
 * changed, "On this computer" and "On the clinic server", and two buttons. `resolve` returns the
 * conflicts still open; `onCountChange` tells the status bar how many remain.
 */
export function SyncConflicts({
  load,
  resolve,
  onCountChange,
}: {
  load: () => Promise<SyncConflictView[]>;
  resolve: (conflictId: string, choice: ConflictChoice) => Promise<SyncConflictView[]>;
  onCountChange?: (count: number) => void;
}) {
  const [conflicts, setConflicts] = useState<SyncConflictView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const show = (list: SyncConflictView[]) => {
    setConflicts(list);
    onCountChange?.(list.length);
  };
  useEffect(() => {
    load()
      .then(show)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  const choose = (id: string, choice: ConflictChoice) => {
    setBusy(id);
    setError(null);
    resolve(id, choice)
      .then((list) => {
        show(list);
        // The buttons just pressed are gone: keep the keyboard user in the list.
        heading.current?.focus();
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(null));
  };
  return (
    <section class="bridge-sync-conflicts" aria-labelledby="bridge-sync-conflicts-title" data-testid="sync-conflicts">
      <h3 id="bridge-sync-conflicts-title" tabIndex={-1} ref={heading}>
        Changes that could not be combined
      </h3>
      {error && (
        <p role="alert" class="bridge-sync-conflicts-error">
          {error}
        </p>
      )}
      {conflicts === null && !error && <p aria-busy="true">Loading…</p>}
      {conflicts?.length === 0 && <p data-testid="sync-conflicts-none">No conflicts left for this patient.</p>}
      {conflicts && conflicts.length > 0 && (
        <ul>
          {conflicts.map((c) => (
            <li key={c.id} data-testid="sync-conflict" aria-labelledby={`conflict-${c.id}`}>
              <h4 id={`conflict-${c.id}`}>{c.kindLabel}</h4>
              <p class="bridge-muted">
                Found {when(c.foundAt)}
                {c.lastChangeHere ? `; last changed on this computer by ${c.lastChangeHere.by}, ${when(c.lastChangeHere.at)}` : ''}.
              </p>
              {c.fields.map((f) => (
                <div class="bridge-sync-conflict-field" key={f.path} data-path={f.path}>
                  <p class="bridge-sync-conflict-label">{f.label}</p>
                  <p>
                    <span class="bridge-sync-conflict-side">On this computer:</span> <span data-testid="conflict-local">{f.onThisComputer}</span>
                  </p>
                  <p>
                    <span class="bridge-sync-conflict-side">On the clinic server:</span> <span data-testid="conflict-remote">{f.onServer}</span>
                  </p>
                </div>
              ))}
              <div class="bridge-sync-conflict-actions" role="group" aria-label={`Resolve: ${c.kindLabel}`}>
                <button type="button" disabled={busy !== null} onClick={() => choose(c.id, 'keep-local')} data-testid="conflict-keep-local">
                  Keep this computer’s
                </button>
                <button type="button" disabled={busy !== null} onClick={() => choose(c.id, 'take-remote')} data-testid="conflict-take-remote">
                  Take the clinic server’s
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
