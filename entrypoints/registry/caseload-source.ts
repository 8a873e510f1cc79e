import Dexie, { liveQuery } from 'dexie';
import type { RegistrySummaryRecord } from '@/lib/db/registry-summary';
import { REGISTRY_SUMMARY_TABLE, summariesIn, type RegistrySummaryBucket } from '@/lib/db/registry-summary-table';

/** lib/db's DATABASE_NAME (caseload-source.test.ts checks), written out to keep lib/db/database.ts out of the page's start-up. */
export const REGISTRY_DATABASE_NAME = 'bridge';

/**
 * The caseload's summaries as they are now and after every change (lib/db/registry-summary.ts),
 * read by the registry page itself. The page shares the service worker's origin and database, so
 * opening it never waits for a stopped worker to start; and Dexie tells every context of the
 * origin about each committed write (BroadcastChannel), so a save anywhere, a retention purge or a
 * sync pull in the background shows up here without a reload.
 *
 * The page only reads, so it opens the database as it is (Dexie without a declared schema) and
 * does not load Bridge's schema, stores and validators at start-up. Only when the database has no
 * summaries yet (created or last opened by an older release) does it open it through
 * `BridgeDatabase`, which upgrades it and builds them. Returns the unsubscribe function.
 */
export type CaseloadWatch = (onSummaries: (summaries: RegistrySummaryRecord[]) => void, onError: (error: Error) => void) => () => void;

/** performance.mark set when the page starts reading the summaries (the bench measures from it). */
export const READ_START_MARK = 'bridge:registry-read-start';

/**
 * Starts watching now (at module load, before the first render and its effects) and hands the
 * latest summaries to whoever subscribes later: reading the database overlaps the page's start-up.
 */
export function watchFromNow(watch: CaseloadWatch): CaseloadWatch {
  let latest: RegistrySummaryRecord[] | null = null;
  let failed: Error | null = null;
  let listener: { next: (s: RegistrySummaryRecord[]) => void; fail: (e: Error) => void } | null = null;
  const stop = watch(
    (s) => {
      latest = s;
      listener?.next(s);
    },
    (e) => {
      failed = e;
      listener?.fail(e);
    },
  );
  return (next, fail) => {
    listener = { next, fail };
    if (latest) next(latest);
    if (failed) fail(failed);
    return () => {
      listener = null;
      stop();
    };
  };
}

export function watchCaseload(onSummaries: (summaries: RegistrySummaryRecord[]) => void, onError: (error: Error) => void, name = REGISTRY_DATABASE_NAME): () => void {
  let stopped = false;
  let unsubscribe = () => undefined as void;
  const fail = (e: unknown) => onError(e instanceof Error ? e : new Error(String(e)));
  const follow = (db: Dexie) => {
    if (stopped) return;
    const subscription = liveQuery(() => db.table<RegistrySummaryBucket>(REGISTRY_SUMMARY_TABLE).toArray().then(summariesIn)).subscribe({ next: onSummaries, error: fail });
    unsubscribe = () => subscription.unsubscribe();
  };
  performance.mark(READ_START_MARK);
  // No query cache: with it, Dexie deep-copies every result it hands to a live query (5,000 rows).
  const asStored = new Dexie(name, { cache: 'disabled' });
  asStored.open().then(
    (db) => {
      if (db.tables.some((t) => t.name === REGISTRY_SUMMARY_TABLE)) return follow(db);
      db.close();
      return import('@/lib/db/database').then(({ BridgeDatabase }) => follow(new BridgeDatabase(name)));
    },
    // No database yet (NoSuchDatabaseError): BridgeDatabase creates it.
    () => import('@/lib/db/database').then(({ BridgeDatabase }) => follow(new BridgeDatabase(name)), fail),
  ).catch(fail);
  return () => {
    stopped = true;
    unsubscribe();
  };
}
