import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CaseloadRow as RegistryRowWithScores } from '@/lib/registry/caseload';
import type { RegistrySortKey } from '@/lib/registry/registry';
import { FLAG_WORD, INSTRUMENT_NAME, TREND_WORD } from './labels';
import { REFERRAL_STATUS_WORDS } from '@/lib/referral/status-words';
import { Sparkline } from './Sparkline';

/** Every row is this tall (CSS keeps it so), which is what lets the table render only what is visible. */
export const ROW_HEIGHT = 40;
/** Rows rendered above and below the visible ones, so a fast scroll or a keypress never shows a gap. */
const OVERSCAN = 10;

export interface RegistrySort {
  key: RegistrySortKey;
  direction: 'asc' | 'desc';
}

interface RegistryTableProps {
  /** Rows already filtered and sorted (lib/registry `queryRegistry`). */
  rows: readonly RegistryRowWithScores[];
  sort: RegistrySort;
  onSort: (key: RegistrySortKey) => void;
  /** The patient's plan page: `careplan.html?patient=<fingerprint>`. */
  planHref: (fingerprint: string) => string;
  /** Changes when the filters or sort change: the list then starts again at the top. */
  resetKey?: string;
  /** Rows to render before the container's height is known (and in tests). */
  initialWindow?: number;
}

const instrumentName = new Map(Object.entries(INSTRUMENT_NAME));
const COLUMNS: { label: string; key: RegistrySortKey | null }[] = [
  { label: 'Patient', key: 'name' },
  { label: 'MRN', key: null },
  { label: 'Last contact', key: 'lastContactOn' },
  { label: 'Next contact due', key: 'nextContactDue' },
  { label: 'Latest score', key: 'latestScore' },
  { label: 'Referral', key: 'referralStatus' },
  { label: 'Flags', key: null },
];

function scoreWords(row: RegistryRowWithScores): string {
  if (!row.latestScore) return '';
  const name = instrumentName.get(row.latestScore.instrumentId) ?? row.latestScore.instrumentId;
  const series = row.recentScores.length > 1 ? `; recent scores ${row.recentScores.join(', ')}` : '';
  return `${name} ${row.latestScore.score} on ${row.latestScore.on}${series}${row.trend ? `; ${TREND_WORD[row.trend]}` : ''}`;
}

/**
 * The caseload as an accessible table: sortable column headers (with aria-sort), one focusable
 * row at a time (arrow keys, Home/End, Page Up/Down move; Enter opens the patient's plan).
 * Only the rows in view (plus a margin) are in the DOM, with aria-rowcount/aria-rowindex telling
 * assistive technology where they sit in the whole list: 5,000 rows stay fast to render and sort.
 */
export function RegistryTable({ rows, sort, onSort, planHref, resetKey = '', initialWindow = 40 }: RegistryTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(initialWindow * ROW_HEIGHT);
  const [active, setActive] = useState(0);
  const focusAfterRender = useRef(false);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight || initialWindow * ROW_HEIGHT));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  // A new filter or sort starts again at the top.
  useEffect(() => {
    setActive(0);
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [resetKey]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  const activeIndex = Math.min(active, Math.max(0, rows.length - 1));
  const tabStop = activeIndex >= first && activeIndex < last ? activeIndex : first;

  useEffect(() => {
    if (!focusAfterRender.current) return;
    focusAfterRender.current = false;
    scroller.current?.querySelector<HTMLElement>(`tr[data-index="${activeIndex}"]`)?.focus({ preventScroll: true });
  });

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    const el = scroller.current;
    if (el) {
      // Keep the row below the sticky header (one row tall) and above the bottom edge.
      const top = next * ROW_HEIGHT;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + 2 * ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + 2 * ROW_HEIGHT - el.clientHeight;
      setScrollTop(el.scrollTop);
    }
    focusAfterRender.current = true;
    setActive(next);
  };
  const pageRows = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 2);
  const onKeyDown = (event: KeyboardEvent) => {
    const from = Number((event.target as HTMLElement).closest('tr')?.dataset.index ?? activeIndex);
    const moves: Record<string, number> = { ArrowDown: from + 1, ArrowUp: from - 1, PageDown: from + pageRows, PageUp: from - pageRows, Home: 0, End: rows.length - 1 };
    if (event.key in moves && (event.target as HTMLElement).tagName === 'TR') {
      event.preventDefault();
      moveTo(moves[event.key]!);
    } else if (event.key === 'Enter' && (event.target as HTMLElement).tagName === 'TR') {
      event.preventDefault();
      (event.target as HTMLElement).querySelector<HTMLAnchorElement>('a[data-plan-link]')?.click();
    }
  };

  const visible = rows.slice(first, last);
  return (
    <div
      class="bridge-registry-scroll"
      ref={scroller}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
      data-testid="registry-scroll"
    >
      <table class="bridge-registry-table" aria-rowcount={rows.length + 1} aria-describedby="registry-keys">
        <caption class="bridge-visually-hidden">Caseload registry: {rows.length} patients. Column headers sort the list.</caption>
        <thead>
          <tr aria-rowindex={1}>
            {COLUMNS.map((c) => (
              <th
                key={c.label}
                scope="col"
                aria-sort={c.key && sort.key === c.key ? (sort.direction === 'asc' ? 'ascending' : 'descending') : c.key ? 'none' : undefined}
              >
                {c.key ? (
                  <button type="button" class="bridge-registry-sort" onClick={() => onSort(c.key!)}>
                    {c.label}
                    <span aria-hidden="true">{sort.key === c.key ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                ) : (
                  c.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody onKeyDown={onKeyDown}>
          {first > 0 && <tr aria-hidden="true" class="bridge-registry-spacer" style={{ height: `${first * ROW_HEIGHT}px` }} />}
          {visible.map((row, i) => {
            const index = first + i;
            return (
              <tr
                key={row.patientFingerprint}
                data-index={index}
                data-fingerprint={row.patientFingerprint}
                aria-rowindex={index + 2}
                tabIndex={index === tabStop ? 0 : -1}
                class={row.flags.length ? 'bridge-registry-flagged' : undefined}
                onFocus={() => index !== active && setActive(index)}
              >
                <th scope="row">
                  <a data-plan-link href={planHref(row.patientFingerprint)} tabIndex={-1}>
                    {row.name || 'Unnamed patient'}
                  </a>
                </th>
                <td>{row.mrn ?? ''}</td>
                <td>{row.lastContactOn ?? '—'}</td>
                <td class="bridge-registry-due">
                  {row.nextContactDue ?? '—'}
                  {row.daysOverdue > 0 && (
                    <span class="bridge-registry-late">
                      {' '}
                      ({row.daysOverdue} {row.daysOverdue === 1 ? 'day' : 'days'} overdue)
                    </span>
                  )}
                </td>
                <td aria-label={scoreWords(row) || undefined}>
                  {row.latestScore ? (
                    <span class="bridge-registry-score">
                      <span>
                        {instrumentName.get(row.latestScore.instrumentId) ?? row.latestScore.instrumentId} <strong>{row.latestScore.score}</strong>
                      </span>
                      <Sparkline scores={row.recentScores} />
                      {row.trend && <span class={`bridge-registry-trend bridge-trend-${row.trend}`}>{TREND_WORD[row.trend]}</span>}
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{row.referralStatus ? `${REFERRAL_STATUS_WORDS[row.referralStatus]}${row.referralSentOn ? ` ${row.referralSentOn}` : ''}` : '—'}</td>
                <td class="bridge-registry-flags">
                  {row.flags.map((f) => (
                    <span key={f} class={`bridge-registry-flag bridge-flag-${f}`} data-flag={f}>
                      {FLAG_WORD[f]}
                    </span>
                  ))}
                </td>
              </tr>
            );
          })}
          {last < rows.length && <tr aria-hidden="true" class="bridge-registry-spacer" style={{ height: `${(rows.length - last) * ROW_HEIGHT}px` }} />}
        </tbody>
      </table>
      {rows.length === 0 && <p class="bridge-card">No patient matches these filters.</p>}
    </div>
  );
}
