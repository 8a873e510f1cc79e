// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, test, vi } from 'vitest';
import type { Provider } from '@/lib/directory/provider';
import { buildDirectoryIndex, nearestProviders } from '@/lib/directory/search';
import type { ServiceTag } from '@/lib/directory/service-codes';
import { ProviderSearch, ROWS_IN_FIRST_FRAME, type ProviderSearchProps } from './ProviderSearch';
import { useRenderRoot } from '../../tests/support/render-root';

const listing = (id: string, lat: number, services: ServiceTag[], known: boolean, extra: Partial<Provider> = {}): Provider => ({
  id, name: `Clinic ${id}`, name2: null, street1: '1 Main St', street2: null, city: 'Cambridge', state: 'MA', zip: '02139', phone: '617-555-0100 x12',
  phoneAsOf: null, intakePhone: null, hotline: null, website: 'https://clinic.example.org', lat, lng: -71.1, typeOfCare: ['su'], services, rawCodes: [],
  servicesKnown: known, source: 'findtreatment-json', alsoFrom: [], lastVerified: '2026-11-01', ...extra,
});
const index = buildDirectoryIndex([
  listing('a', 42.37, ['buprenorphine', 'medicaid'], true),
  listing('b', 42.38, [], false, { phone: '703-555-0199', phoneAsOf: '2017-02-01', website: null }),
]);
const origin = { lat: 42.36, lng: -71.1 };

let root: HTMLElement;
useRenderRoot((el) => (root = el));

function mount(props: Partial<ProviderSearchProps> = {}) {
  const spies = { onFilterChange: vi.fn(), onSelect: vi.fn(), onFlag: vi.fn(), onZipChange: vi.fn() };
  const filters = props.filters ?? [];
  act(() => {
    render(
      <ProviderSearch
        results={nearestProviders(index, origin, { need: filters })}
        filters={filters}
        selectedIds={new Set()}
        originLabel="near 02139 (patient ZIP)"
        {...spies}
        {...props}
      />,
      root,
    );
  });
  return spies;
}

const buttons = (text: string) => Array.from(root.querySelectorAll('button')).filter((b) => b.textContent?.trim() === text);

describe('ProviderSearch', () => {
  test('lists the nearest with distance, explanation, click-to-call, website and directions', () => {
    mount();
    const items = root.querySelectorAll('.bridge-provider');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('Clinic a');
    expect(items[0]!.textContent).toContain('0.7 mi');
    const tel = items[0]!.querySelector('a[href^="tel:"]')!;
    expect(tel.getAttribute('href')).toBe('tel:6175550100,12');
    expect(items[0]!.querySelector('a[href="https://clinic.example.org"]')?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(items[0]!.querySelector('a[href^="https://www.google.com/maps/dir/"]')?.getAttribute('href')).toContain(encodeURIComponent('1 Main St, Cambridge, MA 02139'));
    expect(items[1]!.textContent).toContain('services not listed: call to confirm');
    expect(items[1]!.textContent).toContain('(listed 2017-02-01: confirm it)');
    expect(root.textContent).toContain('Treatment near 02139 (patient ZIP)');
  });

  test('chips report the new filter set and show which are on', () => {
    const spies = mount({ filters: ['medicaid'] });
    const medicaid = buttons('Medicaid')[0]!;
    expect(medicaid.getAttribute('aria-pressed')).toBe('true');
    act(() => buttons('Buprenorphine')[0]!.click());
    expect(spies.onFilterChange).toHaveBeenCalledWith(['medicaid', 'buprenorphine']);
    act(() => medicaid.click());
    expect(spies.onFilterChange).toHaveBeenLastCalledWith([]);
  });

  test('with needs set, listings without services go to their own section', () => {
    mount({ filters: ['buprenorphine'] });
    const lists = root.querySelectorAll('ol');
    expect(lists).toHaveLength(2);
    expect(lists[0]!.textContent).toContain('offers buprenorphine');
    expect(root.querySelector('#bridge-unlisted-heading')?.textContent).toBe('Services not listed: call to confirm');
    expect(lists[1]!.textContent).toContain('Clinic b');
  });

  test('select for referral and flag a listing with a reason', () => {
    const spies = mount({ flags: new Map([['b', 'Phone number wrong']]) });
    act(() => buttons('Select for referral')[0]!.click());
    expect(spies.onSelect).toHaveBeenCalledWith(expect.objectContaining({ id: 'a' }));
    act(() => buttons('Flag listing as wrong')[0]!.click());
    const form = root.querySelector('form.bridge-provider__flag') as HTMLFormElement;
    const select = form.querySelector('select')!;
    act(() => {
      select.value = 'Closed or moved';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const input = form.querySelector('input')!;
    act(() => {
      input.value = 'Closed in 2024';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => {
      form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    expect(spies.onFlag).toHaveBeenCalledWith(expect.objectContaining({ id: 'a' }), 'Closed or moved: Closed in 2024');
    expect(root.textContent).toContain('Flagged on this computer: Phone number wrong');
  });

  test('a typed ZIP is handed back, and a ZIP error is announced', () => {
    const spies = mount({ zipError: 'ZIP 00000 is not in Bridge\'s ZIP table' });
    const input = root.querySelector('.bridge-provider-search__origin input') as HTMLInputElement;
    act(() => {
      input.value = '02139-4307';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => {
      root.querySelector('.bridge-provider-search__origin')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    expect(spies.onZipChange).toHaveBeenCalledWith('02139-4307');
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('00000');
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  test('a new answer renders the rows in view in its frame and every row once that frame is painted', async () => {
    const many = buildDirectoryIndex(
      Array.from({ length: 30 }, (_, i) => listing(`m${i}`, 42.36 + i / 1000, i % 2 ? ['methadone'] : [], i % 2 === 1)),
    );
    const results = nearestProviders(many, origin, { need: ['methadone'] });
    expect(results.matches.length + results.unlisted.length).toBe(30);
    const props = { filters: ['methadone'] as ServiceTag[], selectedIds: new Set<string>(), originLabel: 'near 02139', onFilterChange: vi.fn(), onSelect: vi.fn(), onFlag: vi.fn(), onZipChange: vi.fn() };
    // Outside act(): what the panel's frame holds before effects run.
    render(<ProviderSearch results={results} {...props} />, root);
    const names = () => Array.from(root.querySelectorAll('.bridge-provider__name')).map((h) => h.textContent);
    expect(names()).toEqual(results.matches.slice(0, ROWS_IN_FIRST_FRAME).map((m) => m.provider.name));
    await vi.waitFor(() => expect(root.querySelectorAll('.bridge-provider')).toHaveLength(30));
    expect(names()).toEqual([...results.matches, ...results.unlisted].map((m) => m.provider.name));
    expect(root.querySelectorAll('.bridge-provider-search__unlisted .bridge-provider')).toHaveLength(results.unlisted.length);
  });
});
