import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { DEFAULT_VIEW, queryOf, RegistryFilters, type RegistryView } from '@/components/registry/RegistryFilters';
import { RegistryTable } from '@/components/registry/RegistryTable';
import type { RegistrySummaryRecord } from '@/lib/db/registry-summary';
import { READ_START_MARK } from './caseload-source';
import { caseloadRows, type CaseloadRow as RegistryRowWithScores } from '@/lib/registry/caseload';
import { queryRegistry, REGISTRY_FLAGS, type RegistryFlag, type RegistrySortKey } from '@/lib/registry/registry';
import '@/components/registry/registry.css';

// The caseload registry (issue 10, collaborative care): every patient on this computer with an
// active care plan or an open referral, those who need a change first. The page reads the
// caseload's summaries itself and follows every change to them (caseload-source.ts); rows are
// computed on this page's clock (so a test's `page.clock` decides what is overdue), again every
// minute and when the tab comes back into view. Opened from the side panel's header.

/** User Timing names the benchmark reads (tests/bench/registry/registry-page.bench.mjs). */
export const FIRST_RENDER_MEASURE = 'bridge:registry-first-render';
export const QUERY_MEASURE = 'bridge:registry-query-to-paint';
/** From asking the database for the caseload's summaries to having them. */
export const READ_MEASURE = 'bridge:registry-read';
/** From having the summaries to having the rows (registryRows on the page's clock). */
export const ROWS_MEASURE = 'bridge:registry-rows';
/** The first sort of the whole caseload (the default order), part of the first render. */
export const SORT_MEASURE = 'bridge:registry-sort';
const QUERY_MARK = 'bridge:registry-query';
const REFRESH_MS = 60_000;

/** The page of one patient's care plan, as the registry links to it. */
export const planHref = (fingerprint: string) => `careplan.html?patient=${encodeURIComponent(fingerprint)}`;

const afterPaint = (then: () => void) => requestAnimationFrame(() => setTimeout(then, 0));

interface RegistryAppProps {
  /** Subscribes to the caseload's summaries (now, then after each change); returns the unsubscribe. */
  watch: (next: (summaries: RegistrySummaryRecord[]) => void, fail: (error: Error) => void) => () => void;
}

export function RegistryApp({ watch }: RegistryAppProps) {
  const [summaries, setSummaries] = useState<RegistrySummaryRecord[] | null>(null);
  const [asOf, setAsOf] = useState(() => new Date());
  const [view, setView] = useState<RegistryView>(DEFAULT_VIEW);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const queryPending = useRef(false);

  useEffect(() => {
    const stop = watch(
      (next) => {
        if (performance.getEntriesByName(READ_MEASURE).length === 0 && performance.getEntriesByName(READ_START_MARK).length > 0) performance.measure(READ_MEASURE, READ_START_MARK);
        setSummaries(next);
        setAsOf(new Date());
        setError(null);
      },
      (e) => setError(e.message),
    );
    const timer = setInterval(() => setAsOf(new Date()), REFRESH_MS);
    const onVisible = () => document.visibilityState === 'visible' && setAsOf(new Date());
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stop();
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  const data = useMemo(() => {
    if (!summaries) return null;
    const started = performance.now();
    const { rows, skippedPlans } = caseloadRows(summaries, asOf);
    if (performance.getEntriesByName(ROWS_MEASURE).length === 0) performance.measure(ROWS_MEASURE, { start: started });
    return { rows, asOf, skippedPlans };
  }, [summaries, asOf]);

  // queryRegistry returns the same row objects it was given (filtered and sorted), sparkline scores
  // included. The whole caseload is sorted once per sort order; a filter or search then sorts an
  // already sorted subset, which the engine's sort (TimSort) does in one linear pass.
  const sorted = useMemo(() => {
    if (!data) return [];
    const started = performance.now();
    const out = queryRegistry(data.rows, { sort: view.sort }) as RegistryRowWithScores[];
    if (performance.getEntriesByName(SORT_MEASURE).length === 0) performance.measure(SORT_MEASURE, { start: started });
    return out;
  }, [data, view.sort.key, view.sort.direction]);
  const shown = useMemo(() => {
    const query = queryOf(view);
    const filtering = Boolean(query.search?.trim()) || (query.flags?.length ?? 0) > 0 || query.referralStatuses !== undefined || query.hasPlan !== undefined;
    // Nothing to filter: the sorted caseload is already the answer (the first render's case).
    return filtering ? (queryRegistry(sorted, query) as RegistryRowWithScores[]) : sorted;
  }, [sorted, view]);
  const flagCounts = useMemo(() => {
    const counts = Object.fromEntries(REGISTRY_FLAGS.map((f) => [f, 0])) as Record<RegistryFlag, number>;
    for (const r of data?.rows ?? []) for (const f of r.flags) counts[f]++;
    return counts;
  }, [data]);

  // Layout effects run as soon as the rows are in the DOM; the measure ends after the next frame
  // (the one that paints them). A plain effect would only run after that frame, and measure one more.
  const firstRender = data !== null;
  useLayoutEffect(() => {
    if (firstRender && performance.getEntriesByName(FIRST_RENDER_MEASURE).length === 0) afterPaint(() => performance.measure(FIRST_RENDER_MEASURE, { start: 0 }));
  }, [firstRender]);
  useLayoutEffect(() => {
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
    // Loaded on first use: the messaging layer and its validators are not needed to show the list.
    Promise.all([import('@/lib/messaging/client.browser'), import('@/components/ui/save-file')])
      .then(([{ sendToBackground }, { saveTextFile }]) =>
        sendToBackground('registry.exportCsv', { now: asOf.toISOString(), query: queryOf(view) }).then(({ csv, rows }) => {
          saveTextFile(`bridge-caseload-${asOf.toISOString().slice(0, 10)}.csv`, csv);
          setStatus(`Exported ${rows} patient${rows === 1 ? '' : 's'} as CSV. The export is recorded in the audit log.`);
        }),
      )
      .catch((e: unknown) => setError(String((e as Error).message)));
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
          <button type="button" onClick={() => setAsOf(new Date())}>
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
