import type { ReferralStatus } from '@/lib/referral/status';
import { REGISTRY_FLAGS, type RegistryFlag, type RegistrySortKey } from '@/lib/registry/registry';
import { FLAG_HINT, FLAG_WORD, SORT_WORD } from './labels';
import { REFERRAL_STATUS_WORDS } from '@/lib/referral/status-words';

/** What the clinician chose to see: the page turns it into a lib/registry query. */
export interface RegistryView {
  search: string;
  flags: RegistryFlag[];
  /** A referral status, 'none' (no referral), or '' for any. */
  referral: ReferralStatus | 'none' | '';
  /** 'yes', 'no', or '' for any. */
  hasPlan: 'yes' | 'no' | '';
  sort: { key: RegistrySortKey; direction: 'asc' | 'desc' };
}

export const DEFAULT_VIEW: RegistryView = { search: '', flags: [], referral: '', hasPlan: '', sort: { key: 'priority', direction: 'asc' } };

interface RegistryFiltersProps {
  view: RegistryView;
  onChange: (view: RegistryView) => void;
  /** Patients shown and on the caseload, and how many carry each flag (of all, not of those shown). */
  shown: number;
  total: number;
  flagCounts: Record<RegistryFlag, number>;
}

/** Search, flag, referral-status, plan and sort controls; all native form controls, so all work by keyboard. */
export function RegistryFilters({ view, onChange, shown, total, flagCounts }: RegistryFiltersProps) {
  const set = (patch: Partial<RegistryView>) => onChange({ ...view, ...patch });
  return (
    <form class="bridge-registry-filters" role="search" aria-label="Filter the caseload" onSubmit={(e) => e.preventDefault()}>
      <div class="bridge-registry-field bridge-registry-search">
        <label for="registry-search">Search name, MRN or provider</label>
        <input id="registry-search" type="search" value={view.search} onInput={(e) => set({ search: (e.currentTarget as HTMLInputElement).value })} />
      </div>
      <fieldset>
        <legend>Flags</legend>
        {REGISTRY_FLAGS.map((f) => (
          <label key={f} title={FLAG_HINT[f]}>
            <input
              type="checkbox"
              checked={view.flags.includes(f)}
              onChange={(e) => set({ flags: (e.currentTarget as HTMLInputElement).checked ? [...view.flags, f] : view.flags.filter((x) => x !== f) })}
            />
            {FLAG_WORD[f]} ({flagCounts[f]})
          </label>
        ))}
      </fieldset>
      <div class="bridge-registry-field">
        <label for="registry-referral">Referral status</label>
        <select id="registry-referral" value={view.referral} onChange={(e) => set({ referral: (e.currentTarget as HTMLSelectElement).value as RegistryView['referral'] })}>
          <option value="">Any</option>
          {(Object.keys(REFERRAL_STATUS_WORDS) as ReferralStatus[]).map((s) => (
            <option key={s} value={s}>
              {REFERRAL_STATUS_WORDS[s]}
            </option>
          ))}
          <option value="none">No referral</option>
        </select>
      </div>
      <div class="bridge-registry-field">
        <label for="registry-plan">Care plan</label>
        <select id="registry-plan" value={view.hasPlan} onChange={(e) => set({ hasPlan: (e.currentTarget as HTMLSelectElement).value as RegistryView['hasPlan'] })}>
          <option value="">Any</option>
          <option value="yes">Has a plan</option>
          <option value="no">No plan yet</option>
        </select>
      </div>
      <div class="bridge-registry-field">
        <label for="registry-sort">Sort by</label>
        <select
          id="registry-sort"
          value={view.sort.key}
          onChange={(e) => set({ sort: { key: (e.currentTarget as HTMLSelectElement).value as RegistrySortKey, direction: 'asc' } })}
        >
          {(Object.keys(SORT_WORD) as RegistrySortKey[]).map((k) => (
            <option key={k} value={k}>
              {SORT_WORD[k]}
            </option>
          ))}
        </select>
      </div>
      <p class="bridge-registry-count" role="status" aria-live="polite" data-testid="registry-count">
        Showing {shown} of {total} patients
      </p>
    </form>
  );
}

/** The lib/registry query for a view. */
export function queryOf(view: RegistryView) {
  return {
    ...(view.search.trim() ? { search: view.search } : {}),
    ...(view.flags.length ? { flags: view.flags } : {}),
    ...(view.referral ? { referralStatuses: [view.referral === 'none' ? null : view.referral] } : {}),
    ...(view.hasPlan ? { hasPlan: view.hasPlan === 'yes' } : {}),
    sort: view.sort,
  };
}
