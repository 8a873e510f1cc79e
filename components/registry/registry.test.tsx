// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import axe from 'axe-core';
import type { CaseloadRow as RegistryRowWithScores } from '@/lib/registry/caseload';
import { DEFAULT_VIEW, queryOf, RegistryFilters } from './RegistryFilters';
import { RegistryTable } from './RegistryTable';
import { Sparkline } from './Sparkline';
import { INSTRUMENT_NAME } from './labels';
import { instruments } from '@/lib/screening';
import { useActMount } from '@/tests/support/render-root';

const mount = useActMount();

const row = (i: number, patch: Partial<RegistryRowWithScores> = {}): RegistryRowWithScores => ({
  patientFingerprint: `fp-test-${String(i).padStart(5, '0')}`,
  name: `Pat Example ${i}`,
  mrn: `MRN${i}`,
  planId: `plan-${i}`,
  lastContactOn: '2026-11-01',
  nextContactDue: '2026-11-20',
  latestScore: { instrumentId: 'audit-c', score: 7, on: '2026-11-01' },
  trend: 'not-improving',
  referralStatus: 'sent',
  referralSentOn: '2026-11-02',
  flags: ['overdue-contact', 'not-improving'],
  daysOverdue: 3,
  searchText: `pat example ${i}`,
  recentScores: [8, 7, 7],
  ...patch,
});
const href = (fp: string) => `careplan.html?patient=${fp}`;
const key = (el: Element, k: string) => act(() => void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));

describe('RegistryTable', () => {
  it('shows each patient with flags, score words and a link to exactly their plan; headers carry aria-sort', () => {
    const onSort = vi.fn();
    const el = mount(<RegistryTable rows={[row(1), row(2, { flags: [], daysOverdue: 0, latestScore: null, trend: null, recentScores: [] })]} sort={{ key: 'name', direction: 'desc' }} onSort={onSort} planHref={href} />);
    const first = el.querySelector('tbody tr[data-index="0"]')!;
    expect(first.querySelector('th[scope="row"] a')!.getAttribute('href')).toBe('careplan.html?patient=fp-test-00001');
    expect([...first.querySelectorAll('[data-flag]')].map((f) => f.textContent)).toEqual(['Overdue contact', 'Not improving']);
    expect(first.textContent).toContain('(3 days overdue)');
    expect(first.querySelector('td[aria-label]')!.getAttribute('aria-label')).toBe('AUDIT-C 7 on 2026-11-01; recent scores 8, 7, 7; not improving');
    expect(first.querySelector('svg polyline')).not.toBeNull();
    const headers = [...el.querySelectorAll('thead th')];
    expect(headers.map((h) => h.getAttribute('aria-sort'))).toEqual(['descending', null, 'none', 'none', 'none', 'none', null]);
    act(() => (headers[3]!.querySelector('button') as HTMLButtonElement).click());
    expect(onSort).toHaveBeenCalledWith('nextContactDue');
  });

  it('moves between rows with the arrow keys and opens the plan with Enter', () => {
    const el = mount(<RegistryTable rows={[row(1), row(2), row(3)]} sort={{ key: 'priority', direction: 'asc' }} onSort={() => undefined} planHref={href} />);
    const rows = () => [...el.querySelectorAll<HTMLTableRowElement>('tbody tr[data-index]')];
    expect(rows().map((r) => r.tabIndex)).toEqual([0, -1, -1]);
    rows()[0]!.focus();
    key(rows()[0]!, 'ArrowDown');
    expect(document.activeElement).toBe(rows()[1]);
    expect(rows().map((r) => r.tabIndex)).toEqual([-1, 0, -1]);
    key(rows()[1]!, 'End');
    expect(document.activeElement).toBe(rows()[2]);
    key(rows()[2]!, 'ArrowDown');
    expect(document.activeElement).toBe(rows()[2]);
    const opened: string[] = [];
    rows()[2]!.querySelector('a')!.addEventListener('click', (e) => {
      e.preventDefault();
      opened.push((e.currentTarget as HTMLAnchorElement).getAttribute('href')!);
    });
    key(rows()[2]!, 'Enter');
    expect(opened).toEqual(['careplan.html?patient=fp-test-00003']);
  });

  it('puts only the rows in view in the DOM, with their place in the whole list', () => {
    const many = Array.from({ length: 2000 }, (_, i) => row(i));
    const el = mount(<RegistryTable rows={many} sort={{ key: 'priority', direction: 'asc' }} onSort={() => undefined} planHref={href} initialWindow={20} />);
    const rendered = el.querySelectorAll('tbody tr[data-index]');
    expect(rendered.length).toBeLessThanOrEqual(40);
    expect(el.querySelector('table')!.getAttribute('aria-rowcount')).toBe('2001');
    expect(rendered[0]!.getAttribute('aria-rowindex')).toBe('2');
    // Page Down past the window renders (and focuses) rows further down.
    (rendered[0] as HTMLElement).focus();
    for (let i = 0; i < 5; i++) key(document.activeElement!, 'PageDown');
    const focused = document.activeElement as HTMLElement;
    expect(Number(focused.dataset.index)).toBeGreaterThan(40);
    expect(focused.getAttribute('aria-rowindex')).toBe(String(Number(focused.dataset.index) + 2));
  });

  it('has no serious accessibility violations', async () => {
    const el = mount(
      <main>
        <p id="registry-keys">Arrow keys move between patients.</p>
        <RegistryTable rows={[row(1), row(2)]} sort={{ key: 'name', direction: 'asc' }} onSort={() => undefined} planHref={href} />
      </main>,
    );
    const { violations } = await axe.run(el, { rules: { 'color-contrast': { enabled: false } } });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  });
});

describe('RegistryFilters', () => {
  it('turns the controls into a lib/registry query', () => {
    const onChange = vi.fn();
    const el = mount(<RegistryFilters view={DEFAULT_VIEW} onChange={onChange} shown={3} total={9} flagCounts={{ 'overdue-contact': 2, 'not-improving': 1, 'no-first-appointment': 0 }} />);
    expect(el.querySelector('[data-testid="registry-count"]')!.textContent).toBe('Showing 3 of 9 patients');
    const box = [...el.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].find((b) => b.parentElement!.textContent!.startsWith('Not improving'))!;
    act(() => box.click());
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_VIEW, flags: ['not-improving'] });
    expect(queryOf({ ...DEFAULT_VIEW, search: '  ', referral: 'none', hasPlan: 'no' })).toEqual({ referralStatuses: [null], hasPlan: false, sort: { key: 'priority', direction: 'asc' } });
    expect(queryOf({ ...DEFAULT_VIEW, search: 'jane', referral: 'sent', hasPlan: 'yes', flags: ['overdue-contact'] })).toEqual({
      search: 'jane',
      flags: ['overdue-contact'],
      referralStatuses: ['sent'],
      hasPlan: true,
      sort: { key: 'priority', direction: 'asc' },
    });
  });
});

describe('Sparkline', () => {
  it('draws one point per score, higher scores higher up, and nothing for fewer than two', () => {
    const el = mount(<Sparkline scores={[9, 3]} width={20} height={10} />);
    expect(el.querySelector('polyline')!.getAttribute('points')).toBe('2.0,2.0 18.0,8.0');
    act(() => render(<Sparkline scores={[4]} />, el));
    expect(el.querySelector('svg')).toBeNull();
  });
});

describe('labels', () => {
  it("repeat lib/screening's short names exactly", () => {
    expect(INSTRUMENT_NAME).toEqual(Object.fromEntries(instruments.map((i) => [i.id, i.shortName])));
  });
});
