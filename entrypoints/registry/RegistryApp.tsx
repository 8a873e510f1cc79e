import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { DEFAULT_VIEW, queryOf, RegistryFilters, type RegistryView } from '@/components/registry/RegistryFilters';
import { RegistryTable } from '@/components/registry/RegistryTable';
import { saveTextFile } from '@/components/ui/save-file';
import { sendToBackground } from '@/lib/messaging/client.browser';
import type { RegistryRowWithScores } from '@/lib/messaging/messages/registry';
import { queryRegistry, REGISTRY_FLAGS, type RegistryFlag, type RegistrySortKey } from '@/lib/registry/registry';
import '@/components/registry/registry.css';

// The caseload registry (issue 10, collaborative care): every patient on this computer with an
// active care plan or an open referral, those who need a change first. Rows are computed by the
// background on this page's clock (so a test's `page.clock` decides what is overdue), refreshed
// every minute and when the tab comes back into view. Opened from the side panel's header.

/** User Timing names the benchmark reads (tests/bench/registry/registry-page.bench.mjs). */
export const FIRST_RENDER_MEASURE = 'bridge:registry-first-render';
export const QUERY_MEASURE = 'bridge:registry-query-to-paint';
/** From asking the background for the rows to having them (the background's share of a render). */
export const ROWS_REPLY_MEASURE = 'bridge:registry-rows-reply';
const QUERY_MARK = 'bridge:registry-query';
const REFRESH_MS = 60_000;

/** The page of one patient's care plan, as the registry links to it. */
export const planHref = (fingerprint: string) => `careplan.html?patient=${encodeURIComponent(fingerprint)}`;

const afterPaint = (then: () => void) => requestAnimationFrame(() => setTimeout(then, 0));

export function RegistryApp() {
  const [data, setData] = useState<{ rows: RegistryRowWithScores[]; asOf: Date; skippedPlans: number } | null>(null);
  const [view, setView] = useState<RegistryView>(DEFAULT_VIEW);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const queryPending = useRef(false);

  const load = () => {
    const asOf = new Date();
    const asked = performance.now();
    return sendToBackground('registry.rows', { now: asOf.toISOString() }).then(
      ({ rows, skippedPlans }) => {
        performance.measure(ROWS_REPLY_MEASURE, { start: asked });
        setData({ rows, asOf, skippedPlans });
        setError(null);
      },
      (e: unknown) => setError(String((e as Error).message)),
    );
  };
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    const onVisible = () => document.visibilityState === 'visible' && void load();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  // queryRegistry returns the same row objects it was given (filtered and sorted), sparkline scores
  // included. The whole caseload is sorted once per sort order; a filter or search then sorts an
  // already sorted subset, which the engine's sort (TimSort) does in one linear pass.
  const sorted = useMemo(() => (data ? (queryRegistry(data.rows, { sort: view.sort }) as RegistryRowWithScores[]) : []), [data, view.sort.key, view.sort.direction]);
  const shown = useMemo(() => queryRegistry(sorted, queryOf(view)) as RegistryRowWithScores[], [sorted, view]);
  const flagCounts = useMemo(() => {
    const counts = Object.fromEntries(REGISTRY_FLAGS.map((f) => [f, 0])) as Record<RegistryFlag, number>;
    for (const r of data?.rows ?? []) for (const f of r.flags) counts[f]++;
    return counts;
  }, [data]);

  const firstRender = data !== null;
  useEffect(() => {
    if (firstRender && performance.getEntriesByName(FIRST_RENDER_MEASURE).length === 0) afterPaint(() => performance.measure(FIRST_RENDER_MEASURE, { start: 0 }));
  }, [firstRender]);
  useEffect(() => {
    if (!queryPending.current) return;
    queryPending.current = false;
    afterPaint(() => performance.measure(QUERY_MEASURE, QUERY_MARK));
  }, [shown]);

  const changeView = (next: RegistryView) => {
    performance.mark(QUERY_MARK);
    queryPending.current = true;
    setView(next);
  };
  const sortBy = (key: RegistrySortKey) =>
    changeView({ ...view, sort: { key, direction: view.sort.key === key && view.sort.direction === 'asc' ? 'desc' : 'asc' } });
  const exportCsv = () => {
    const asOf = new Date();
    sendToBackground('registry.exportCsv', { now: asOf.toISOString(), query: queryOf(view) }).then(
      ({ csv, rows }) => {
        saveTextFile(`bridge-caseload-${asOf.toISOString().slice(0, 10)}.csv`, csv);
        setStatus(`Exported ${rows} patient${rows === 1 ? '' : 's'} as CSV. The export is recorded in the audit log.`);
      },
      (e: unknown) => setError(String((e as Error).message)),
    );
  };

  return (
    <main class="bridge-registry" aria-labelledby="registry-title">
      <div class="bridge-registry-head">
        <h1 id="registry-title">Caseload registry</h1>
        {data && (
          <span class="bridge-muted" data-testid="registry-as-of">
            As of {data.asOf.toISOString().slice(0, 10)} · {data.rows.length} patient{data.rows.length === 1 ? '' : 's'} with an active plan or open referral
          </span>
        )}
        <div class="bridge-registry-actions">
          <button type="button" onClick={() => void load()}>
            Refresh
          </button>
          <button type="button" class="bridge-primary" onClick={exportCsv} disabled={!data} aria-describedby="registry-export-note">
            Export CSV for case review
          </button>
          <span id="registry-export-note" class="bridge-muted">
            The file holds names and MRNs; each export is recorded in the audit log.
          </span>
        </div>
      </div>
      {error && (
        <p class="bridge-alert" role="alert">
          {error}
        </p>
      )}
      {status && (
        <p class="bridge-muted" role="status">
          {status}
        </p>
      )}
      {data && data.skippedPlans > 0 && (
        <p class="bridge-alert" role="status">
          {data.skippedPlans} stored care plan{data.skippedPlans === 1 ? '' : 's'} could not be read and {data.skippedPlans === 1 ? 'is' : 'are'} not listed.
        </p>
      )}
      {data === null && !error ? (
        <p>Loading the caseload…</p>
      ) : (
        data && (
          <>
            <RegistryFilters view={view} onChange={changeView} shown={shown.length} total={data.rows.length} flagCounts={flagCounts} />
            <p id="registry-keys" class="bridge-registry-keys bridge-muted">
              In the list, the arrow keys move between patients and Enter opens the patient’s care plan.
            </p>
            <RegistryTable rows={shown} sort={view.sort} onSort={sortBy} planHref={planHref} resetKey={JSON.stringify(view)} />
          </>
        )
      )}
    </main>
  );
}
