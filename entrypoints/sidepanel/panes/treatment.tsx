import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { DEFAULT_FILTERS, ProviderSearch } from '@/components/directory/ProviderSearch';
import type { Provider } from '@/lib/directory/provider';
import type { NearestResult } from '@/lib/directory/search';
import type { ServiceTag } from '@/lib/directory/service-codes';
import { sendToBackground } from '@/lib/messaging/client.browser';
import type { SearchOrigin } from '@/lib/messaging/messages/directory';
import type { ResponseOf } from '@/lib/messaging/protocol';
import { providerChoiceSchema, type ProviderChoice } from '@/lib/referral/packet';
import type { PaneDefinition, PaneProps } from './types';
import './treatment.css';

// "Find treatment": the nearest listings to the patient's ZIP (or a typed ZIP, or the clinic),
// narrowed by need chips, searched by the background (which owns the directory). Chosen
// listings go to the patient's `referral` draft, which the Refer pane reads.

/** The referral draft kind (entrypoints/background/handlers/referral.ts REFERRAL_DRAFT_KIND). */
const REFERRAL_DRAFT = 'referral';
/** User Timing names: the e2e test and the benchmark read filter change → next paint from these. */
export const FILTER_MARK = 'bridge:filter-change';
export const FILTER_MEASURE = 'bridge:filter-to-paint';
const REPLY_MARK = 'bridge:filter-reply';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

type SearchReply = ResponseOf<'directory.search'>;
/** Which answer a search gives: same origin, same needs (in any order). */
const searchKey = (from: SearchOrigin, need: readonly ServiceTag[]) => JSON.stringify([from, [...need].sort()]);

/**
 * Answers for the chips next to the current ones (each chip toggled), asked of the background
 * one at a time while the panel is idle, so that a chip click re-renders the list in the same
 * task instead of waiting for a round trip to the worker. Dropped at each new answer: an answer
 * is never older than the list on screen.
 */
function createPrefetch() {
  let answers = new Map<string, SearchReply>();
  let generation = 0;
  const idle = (run: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: 1000 }) : setTimeout(run, 50));
  return {
    take: (key: string) => answers.get(key),
    /** Forgets every answer and asks, in the background, for each chip toggled from `need`. */
    restart(from: SearchOrigin, need: readonly ServiceTag[]) {
      const mine = ++generation;
      answers = new Map();
      const next = DEFAULT_FILTERS.map((tag) => (need.includes(tag) ? need.filter((t) => t !== tag) : [...need, tag]));
      const step = (k: number) => {
        if (mine !== generation || k >= next.length) return;
        idle(() => {
          if (mine !== generation) return;
          sendToBackground('directory.search', { origin: from, need: next[k]! })
            .then((reply) => {
              if (mine === generation) answers.set(searchKey(from, next[k]!), reply);
            })
            .catch(() => undefined)
            .finally(() => step(k + 1));
        });
      };
      step(0);
    },
    stop() {
      generation++;
      answers = new Map();
    },
  };
}

/** The listing as a referral names it: phone blank when unknown, website only when it is a URL. */
function choiceOf(p: Provider): ProviderChoice {
  const address = [p.street1, p.street2, p.city, `${p.state} ${p.zip}`].filter(Boolean).join(', ');
  const choice = { id: p.id, name: p.name, address, phone: p.phone ?? '', ...(p.website ? { website: p.website } : {}) };
  const checked = providerChoiceSchema.safeParse(choice);
  return checked.success ? checked.data : { id: p.id, name: p.name, address, phone: p.phone ?? '' };
}

/** The chart gave no ZIP: say so, and take one (the clinic location is offered beside it). */
function NoZipSearch({ chartZip, error, onSearch }: { chartZip: string | null; error: string | null; onSearch: (zip: string) => void }) {
  const [zip, setZip] = useState('');
  return (
    <form
      class="bridge-card"
      data-testid="no-zip"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(zip.trim());
      }}
    >
      <p>
        {chartZip ? `Bridge cannot search near the chart's ZIP (${chartZip}).` : 'The chart shows no ZIP code for this patient.'} Type the patient's ZIP, or
        search from the clinic's location.
      </p>
      <label>
        Patient's ZIP{' '}
        <input type="text" inputMode="numeric" autoComplete="off" maxLength={10} value={zip} onInput={(event) => setZip(event.currentTarget.value)} />
      </label>{' '}
      <button type="submit" class="bridge-dir-button">
        Search
      </button>
      {error && (
        <p class="bridge-provider-search__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function TreatmentPane({ patient, goTo }: PaneProps) {
  const fingerprint = patient.fingerprint;
  const [origin, setOrigin] = useState<SearchOrigin | null>(
    patient.postalCode ? { kind: 'zip', zip: patient.postalCode, label: `near ${patient.postalCode} (patient ZIP)` } : null,
  );
  const [originLabel, setOriginLabel] = useState('');
  const [filters, setFilters] = useState<ServiceTag[]>([]);
  const [results, setResults] = useState<NearestResult | null>(null);
  const [zipError, setZipError] = useState<string | null>(null);
  const [selected, setSelected] = useState<ProviderChoice[]>([]);
  const [flags, setFlags] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const latest = useRef(0);
  const measuring = useRef(false);
  const prefetch = useRef<ReturnType<typeof createPrefetch> | null>(null);
  prefetch.current ??= createPrefetch();
  useEffect(() => () => prefetch.current?.stop(), []);

  const show = (from: SearchOrigin, need: ServiceTag[], reply: SearchReply) => {
    if (measuring.current) performance.mark(REPLY_MARK);
    if (!reply.ok) {
      setZipError(reply.message);
      measuring.current = false;
      return;
    }
    setZipError(null);
    setError(null);
    setFilters(need);
    setOrigin(from);
    setOriginLabel(reply.origin.label);
    setResults({ matches: reply.matches, unlisted: reply.unlisted });
    prefetch.current!.restart(from, need);
  };

  /** Searches; an answer that arrives after a newer search started is dropped. */
  const search = async (from: SearchOrigin, need: ServiceTag[]) => {
    const ticket = ++latest.current;
    const ready = prefetch.current!.take(searchKey(from, need));
    if (ready) {
      show(from, need, ready);
      return;
    }
    try {
      const reply = await sendToBackground('directory.search', { origin: from, need });
      if (ticket !== latest.current) return;
      show(from, need, reply);
    } catch (e) {
      if (ticket === latest.current) setError(message(e));
    }
  };

  useEffect(() => {
    if (origin) void search(origin, filters);
    void sendToBackground('draft.read', { kind: REFERRAL_DRAFT, patientFingerprint: fingerprint }).then((draft) => {
      const list = Array.isArray(draft?.data.providers) ? draft.data.providers : [];
      setSelected(list.flatMap((p) => (providerChoiceSchema.safeParse(p).success ? [p as ProviderChoice] : [])));
    });
    void sendToBackground('directory.flags', {}).then(({ flags: list }) => setFlags(new Map(list.map((f) => [f.providerId, f.reason]))));
  }, [fingerprint]);

  // Filter change → list re-rendered: from the chip click to the commit (layout effect, before
  // paint), then to the first task after the next frame (rAF, then a macrotask: the paint is done).
  useLayoutEffect(() => {
    if (!measuring.current) return;
    measuring.current = false;
    performance.measure('bridge:filter-reply-to-commit', REPLY_MARK);
    requestAnimationFrame(() => setTimeout(() => performance.measure(FILTER_MEASURE, FILTER_MARK), 0));
  }, [results]);

  const changeFilters = (next: ServiceTag[]) => {
    performance.clearMarks(FILTER_MARK);
    performance.clearMarks(REPLY_MARK);
    performance.mark(FILTER_MARK);
    measuring.current = origin !== null;
    // Chips and list change together when the answer is there (already asked for while the panel
    // was idle, or after a round trip of a few ms): one render, not two.
    if (origin) void search(origin, next);
    else setFilters(next);
  };

  const toggleSelected = async (p: Provider) => {
    const next = selected.some((c) => c.id === p.id) ? selected.filter((c) => c.id !== p.id) : [...selected, choiceOf(p)];
    try {
      await sendToBackground('draft.save', { kind: REFERRAL_DRAFT, patientFingerprint: fingerprint, data: { providers: next } });
      setSelected(next);
      setNotice(next.length > 0 ? `${next.length} listing${next.length > 1 ? 's' : ''} chosen for the referral.` : 'No listing chosen for the referral.');
    } catch (e) {
      setError(message(e));
    }
  };

  const flag = async (p: Provider, reason: string) => {
    try {
      await sendToBackground('directory.flag', { providerId: p.id, reason });
      setFlags(new Map(flags).set(p.id, reason));
      setNotice(`Flag saved for ${p.name}. Colleagues on this computer will see it; your directory's maintainer can export it from Bridge's options.`);
    } catch (e) {
      setError(message(e));
    }
  };

  return (
    <section class="bridge-treatment" data-testid="treatment-pane">
      {!results && (!origin || zipError) && <NoZipSearch chartZip={patient.postalCode} error={zipError} onSearch={(zip) => void search({ kind: 'zip', zip }, filters)} />}
      <div class="bridge-treatment__actions">
        <button type="button" class="bridge-dir-button" onClick={() => void search({ kind: 'clinic' }, filters)}>
          Use clinic location
        </button>
        {selected.length > 0 && (
          <button type="button" class="bridge-dir-button bridge-dir-button--primary" onClick={() => goTo('refer')}>
            Refer to {selected.length} chosen
          </button>
        )}
      </div>
      {error && (
        <p class="bridge-alert" role="alert">
          {error}
        </p>
      )}
      <p class="bridge-treatment__notice" role="status">
        {notice}
      </p>
      {origin && !results && !zipError && <p class="bridge-card">Searching the directory…</p>}
      {results && (
        <ProviderSearch
          results={results}
          filters={filters}
          onFilterChange={changeFilters}
          onSelect={(p) => void toggleSelected(p)}
          onFlag={(p, reason) => void flag(p, reason)}
          selectedIds={new Set(selected.map((c) => c.id))}
          originLabel={originLabel || 'nearby'}
          onZipChange={(zip) => void search({ kind: 'zip', zip }, filters)}
          zipError={zipError}
          flags={flags}
        />
      )}
    </section>
  );
}

export const treatmentPane: PaneDefinition = { id: 'treatment', label: 'Find treatment', Pane: TreatmentPane };
