import { Component } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Provider } from '@/lib/directory/provider';
import type { NearestResult, ProviderMatch } from '@/lib/directory/search';
import { SERVICE_TAG_INFO, serviceTagInfo, type ServiceCategory, type ServiceTag } from '@/lib/directory/service-codes';
// `bridge-visually-hidden` comes from components/ui/base.css.
import './ProviderSearch.css';

/** Why a clinician says a listing is wrong; stored with the flag and exported for maintainers. */
export const FLAG_REASONS = ['Closed or moved', 'Phone number wrong', 'Address wrong', 'Services listed wrongly', 'Other'] as const;

export interface ProviderSearchProps {
  /** From `nearestProviders`: full matches and, when needs are set, listings with unknown services. */
  results: NearestResult;
  /** Needs currently applied. */
  filters: readonly ServiceTag[];
  onFilterChange: (filters: ServiceTag[]) => void;
  onSelect: (provider: Provider) => void;
  onFlag: (provider: Provider, reason: string) => void;
  /** Listings already chosen for the referral. */
  selectedIds: ReadonlySet<string>;
  /** Where the search is centred, e.g. "near 02139 (patient ZIP)". */
  originLabel: string;
  /** Searches again from another ZIP (5 digits or ZIP+4); the caller geocodes and reports errors. */
  onZipChange: (zip: string) => void;
  /** The message of an InvalidZipError / UnknownZipError from the last ZIP typed. */
  zipError?: string | null;
  /** Listings flagged on this install, with the reason, shown to colleagues. */
  flags?: ReadonlyMap<string, string>;
  /** Chips offered; default: medications, payment, level of care, language and programs. */
  availableFilters?: readonly ServiceTag[];
}

const CHIP_CATEGORIES: readonly ServiceCategory[] = ['medication', 'payment', 'level-of-care', 'language', 'program', 'delivery'];
const CATEGORY_LABEL: Record<ServiceCategory, string> = {
  medication: 'Medication',
  payment: 'Payment',
  'level-of-care': 'Level of care',
  language: 'Language',
  program: 'Programs',
  delivery: 'Delivery',
  community: 'Community',
};
/** The need chips offered when `availableFilters` is not given. */
export const DEFAULT_FILTERS: readonly ServiceTag[] = [
  'buprenorphine', 'methadone', 'naltrexone', 'medicaid', 'medicare', 'private-insurance', 'sliding-fee', 'free', 'outpatient',
  'intensive-outpatient', 'residential', 'detox', 'spanish', 'asl', 'adolescents', 'pregnant-postpartum', 'veterans', 'telehealth',
];

/** Digits for a tel: link, extension as ",ext" (a pause then the digits, as dialers expect). */
function telHref(phone: string): string {
  const [main, extension] = phone.split(/\s*x/i);
  return `tel:${(main ?? '').replace(/[^\d+]/g, '')}${extension ? `,${extension.replace(/\D/g, '')}` : ''}`;
}

/** A maps link for the address: a plain link, nothing is loaded until the clinician opens it. */
function directionsHref(p: Provider): string {
  const address = [p.street1, p.city, `${p.state} ${p.zip}`].filter(Boolean).join(', ');
  return `https://www.google.com/maps/dir/?api=1&destination=${encodeURIComponent(address)}`;
}

interface ProviderItemProps {
  match: ProviderMatch;
  selected: boolean;
  flag: string | undefined;
  onSelect: (provider: Provider) => void;
  onFlag: (provider: Provider, reason: string) => void;
}

const SHOWN: readonly (keyof Provider)[] = ['id', 'name', 'name2', 'street1', 'street2', 'city', 'state', 'zip', 'phone', 'phoneAsOf', 'intakePhone', 'website'];

/**
 * Whether a listing row would render the same: everything it shows is equal. A filter change
 * keeps most rows (the nearest listings stay the nearest), and each search reply is a new object.
 */
function sameRow(a: ProviderItemProps, b: ProviderItemProps): boolean {
  if (a.selected !== b.selected || a.flag !== b.flag) return false;
  const x = a.match;
  const y = b.match;
  if (x.explanation !== y.explanation || x.miles !== y.miles || x.servicesNotListed !== y.servicesNotListed) return false;
  return SHOWN.every((key) => x.provider[key] === y.provider[key]);
}

function ProviderItemRow(props: ProviderItemProps) {
  const { match, selected, flag } = props;
  const p = match.provider;
  const [flagging, setFlagging] = useState(false);
  const [reason, setReason] = useState<string>(FLAG_REASONS[0]);
  const [note, setNote] = useState('');
  const headingId = `bridge-provider-${p.id}`;
  return (
    <li class={`bridge-provider${selected ? ' bridge-provider--selected' : ''}`} aria-labelledby={headingId}>
      <div class="bridge-provider__head">
        <h3 id={headingId} class="bridge-provider__name">
          {p.name}
          {p.name2 && <span class="bridge-provider__name2"> · {p.name2}</span>}
        </h3>
        <span class="bridge-provider__distance">{match.miles < 10 ? match.miles.toFixed(1) : Math.round(match.miles)} mi</span>
      </div>
      <p class="bridge-provider__why">{match.explanation}</p>
      {match.servicesNotListed && <p class="bridge-dir-badge bridge-dir-badge--unlisted">services not listed: call to confirm</p>}
      {flag && <p class="bridge-dir-badge bridge-dir-badge--flagged">Flagged on this computer: {flag}</p>}
      <address class="bridge-provider__address">
        {p.street1}
        {p.street2 && `, ${p.street2}`}, {p.city}, {p.state} {p.zip}
      </address>
      <ul class="bridge-provider__contact">
        {p.phone && (
          <li>
            <a href={telHref(p.phone)}>{p.phone}</a>
            {p.phoneAsOf && <span class="bridge-provider__asof"> (listed {p.phoneAsOf}: confirm it)</span>}
          </li>
        )}
        {p.intakePhone && p.intakePhone !== p.phone && (
          <li>
            Intake: <a href={telHref(p.intakePhone)}>{p.intakePhone}</a>
          </li>
        )}
        {p.website && (
          <li>
            <a href={p.website} target="_blank" rel="noopener noreferrer">
              Website<span class="bridge-visually-hidden"> of {p.name}</span>
            </a>
          </li>
        )}
        <li>
          <a href={directionsHref(p)} target="_blank" rel="noopener noreferrer">
            Directions<span class="bridge-visually-hidden"> to {p.name}</span>
          </a>
        </li>
      </ul>
      <div class="bridge-provider__actions">
        <button type="button" class="bridge-dir-button bridge-dir-button--primary" aria-pressed={selected} onClick={() => props.onSelect(p)}>
          {selected ? 'Selected for referral' : 'Select for referral'}
        </button>
        <button type="button" class="bridge-dir-button" aria-expanded={flagging} onClick={() => setFlagging(!flagging)}>
          Flag listing as wrong
        </button>
      </div>
      {flagging && (
        <form
          class="bridge-provider__flag"
          onSubmit={(event) => {
            event.preventDefault();
            props.onFlag(p, note.trim() ? `${reason}: ${note.trim()}` : reason);
            setFlagging(false);
            setNote('');
          }}
        >
          <label>
            What is wrong?
            <select value={reason} onChange={(event) => setReason(event.currentTarget.value)}>
              {FLAG_REASONS.map((r) => (
                <option value={r} key={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label>
            Details (optional)
            <input type="text" maxLength={300} value={note} onInput={(event) => setNote(event.currentTarget.value)} />
          </label>
          <button type="submit" class="bridge-dir-button">
            Save flag
          </button>
        </form>
      )}
    </li>
  );
}

/** A row that re-renders only when what it shows changes; its callbacks are stable (see ProviderSearch). */
class ProviderItem extends Component<ProviderItemProps> {
  override shouldComponentUpdate(next: ProviderItemProps): boolean {
    return !sameRow(this.props, next);
  }

  override render() {
    return <ProviderItemRow {...this.props} />;
  }
}

/**
 * Rows rendered in the frame of a new answer (a chip click). The chips sit above the list, so a
 * clinician clicking one sees its top: in a 900 px panel the first row starts at about 700 px and
 * each row is about 220 px tall, so five rows fill a panel up to about 1,600 px. The others, out
 * of view, are rendered in a task after that frame is painted, so a chip click does not wait for
 * up to 40 rows (20 matches and 20 "services not listed") to be built.
 */
export const ROWS_IN_FIRST_FRAME = 5;

/** How many rows of `results` to render: the first ones at once, all of them once a frame is painted. */
function useRowsShown(results: NearestResult): number {
  const [complete, setComplete] = useState<NearestResult | null>(null);
  useEffect(() => {
    if (results.matches.length + results.unlisted.length <= ROWS_IN_FIRST_FRAME) return;
    // Effects run in the first task after the frame; the timeout leaves that task short (input
    // and the pane's own after-paint work come first).
    const timer = setTimeout(() => setComplete(results), 0);
    return () => clearTimeout(timer);
  }, [results]);
  return complete === results ? Number.POSITIVE_INFINITY : ROWS_IN_FIRST_FRAME;
}

/**
 * Treatment search for the side panel: ZIP, need chips, and the nearest listings with distance,
 * why each is listed, click-to-call, website, directions, "Select for referral" and "Flag listing
 * as wrong". Listings whose services are not listed carry a badge and, when needs are set, appear
 * in their own section rather than among the matches.
 */
export function ProviderSearch(props: ProviderSearchProps) {
  const { results, filters, selectedIds } = props;
  const [zip, setZip] = useState('');
  const offered = props.availableFilters ?? DEFAULT_FILTERS;
  const shown = useRowsShown(results);
  const matches = results.matches.slice(0, shown);
  const unlisted = results.unlisted.slice(0, Math.max(0, shown - matches.length));
  const active = new Set(filters);
  const toggle = (tag: ServiceTag) => {
    props.onFilterChange(active.has(tag) ? filters.filter((t) => t !== tag) : [...filters, tag]);
  };
  // Stable callbacks that call the latest props: a row kept from the previous render acts on today's state.
  const latest = useRef(props);
  latest.current = props;
  const onSelect = useCallback((p: Provider) => latest.current.onSelect(p), []);
  const onFlag = useCallback((p: Provider, reason: string) => latest.current.onFlag(p, reason), []);
  const item = (match: ProviderMatch) => (
    <ProviderItem
      key={match.provider.id}
      match={match}
      selected={selectedIds.has(match.provider.id)}
      flag={props.flags?.get(match.provider.id)}
      onSelect={onSelect}
      onFlag={onFlag}
    />
  );
  return (
    <section class="bridge-provider-search" aria-label="Find treatment">
      <form
        class="bridge-provider-search__origin"
        onSubmit={(event) => {
          event.preventDefault();
          props.onZipChange(zip.trim());
        }}
      >
        <p class="bridge-provider-search__near">Treatment {props.originLabel}</p>
        <label>
          Search near another ZIP
          <input
            type="text"
            inputMode="numeric"
            autoComplete="off"
            pattern="\d{5}(-?\d{4})?"
            maxLength={10}
            value={zip}
            aria-invalid={props.zipError ? true : undefined}
            aria-describedby={props.zipError ? 'bridge-zip-error' : undefined}
            onInput={(event) => setZip(event.currentTarget.value)}
          />
        </label>
        <button type="submit" class="bridge-dir-button">
          Search
        </button>
        {props.zipError && (
          <p id="bridge-zip-error" class="bridge-provider-search__error" role="alert">
            {props.zipError}
          </p>
        )}
      </form>
      <div class="bridge-provider-search__filters" role="group" aria-label="Filter by need">
        {CHIP_CATEGORIES.map((category) => {
          const tags = SERVICE_TAG_INFO.filter((info) => info.category === category && offered.includes(info.tag));
          if (tags.length === 0) return null;
          return (
            <div class="bridge-dir-chip-group" role="group" aria-label={CATEGORY_LABEL[category]} key={category}>
              <span class="bridge-dir-chip-group__label" aria-hidden="true">
                {CATEGORY_LABEL[category]}
              </span>
              {tags.map((info) => (
                <button type="button" key={info.tag} class="bridge-dir-chip" aria-pressed={active.has(info.tag)} onClick={() => toggle(info.tag)}>
                  {info.label}
                </button>
              ))}
            </div>
          );
        })}
      </div>
      <p class="bridge-provider-search__count" role="status">
        {results.matches.length === 0
          ? filters.length > 0
            ? `No listing nearby states ${filters.map((t) => serviceTagInfo(t).label).join(' + ')}.`
            : 'No listing nearby.'
          : `${results.matches.length} nearest${filters.length > 0 ? ' offering what you selected' : ''}.`}
      </p>
      {matches.length > 0 && <ol class="bridge-provider-search__list">{matches.map(item)}</ol>}
      {unlisted.length > 0 && (
        <section class="bridge-provider-search__unlisted" aria-labelledby="bridge-unlisted-heading">
          <h2 id="bridge-unlisted-heading">Services not listed: call to confirm</h2>
          <p>These listings do not say which services they offer, so the filters could not be applied to them.</p>
          <ol class="bridge-provider-search__list">{unlisted.map(item)}</ol>
        </section>
      )}
    </section>
  );
}
