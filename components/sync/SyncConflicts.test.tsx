// @vitest-environment happy-dom
import axe from 'axe-core';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import type { SyncConflictView, SyncStatusView } from '@/lib/messaging/messages/sync';
import { SyncConflicts } from './SyncConflicts';
import { SyncStatusBar } from './SyncStatusBar';
import { useRenderRoot } from '../../tests/support/render-root';

let root: HTMLElement;
useRenderRoot((el) => (root = el));

const flush = () => act(async () => new Promise((r) => setTimeout(r, 0)));

const goalConflict: SyncConflictView = {
  id: 'care-plan:plan-0001@2026-11-23T15:00:00.000Z',
  kind: 'care-plan',
  kindLabel: 'Care plan',
  recordId: 'plan-0001',
  foundAt: '2026-11-23T15:00:00.000Z',
  lastChangeHere: { by: 'Nurse Kim', at: '2026-11-23T14:00:00.000Z' },
  fields: [{ path: 'goals/g-drive', label: 'Goal “Drive my kids to school”', onThisComputer: '“Drive my kids to school”, target 2027-03-01', onServer: '“Drive my kids to school”, target 2027-04-15' }],
};
const statusConflict: SyncConflictView = {
  ...goalConflict,
  id: 'c2',
  fields: [{ path: 'nextContactDue', label: 'Next contact due', onThisComputer: '2026-12-01', onServer: '2026-12-08' }],
};

describe('SyncConflicts', () => {
  it("shows each field on both sides in plain words, and sends the clinician's choice", async () => {
    const choices: [string, string][] = [];
    let count = -1;
    await act(async () =>
      render(
        <SyncConflicts
          load={async () => [goalConflict, statusConflict]}
          resolve={async (id, choice) => (choices.push([id, choice]), id === 'c2' ? [goalConflict] : [statusConflict])}
          onCountChange={(n) => (count = n)}
        />,
        root,
      ),
    );
    await flush();
    const items = root.querySelectorAll('[data-testid="sync-conflict"]');
    expect(items).toHaveLength(2);
    expect(count).toBe(2);
    expect(items[0]!.textContent).toContain('Goal “Drive my kids to school”');
    expect(items[0]!.textContent).toContain('On this computer: “Drive my kids to school”, target 2027-03-01');
    expect(items[0]!.textContent).toContain('On the clinic server: “Drive my kids to school”, target 2027-04-15');
    expect(items[0]!.textContent).toContain('last changed on this computer by Nurse Kim, 2026-11-23 14:00 UTC');
    await act(async () => (items[1]!.querySelector('[data-testid="conflict-take-remote"]') as HTMLButtonElement).click());
    await flush();
    expect(choices).toEqual([['c2', 'take-remote']]);
    expect(root.querySelectorAll('[data-testid="sync-conflict"]')).toHaveLength(1);
    expect(count).toBe(1);
    // Focus stays in the list (on its heading) once the pressed buttons are gone.
    expect(document.activeElement?.id).toBe('bridge-sync-conflicts-title');
    await act(async () => (root.querySelector('[data-testid="conflict-keep-local"]') as HTMLButtonElement).click());
    await flush();
    expect(choices).toEqual([['c2', 'take-remote'], [goalConflict.id, 'keep-local']]);
  });

  it('shows a refusal as an alert and keeps the conflict', async () => {
    await act(async () =>
      render(
        <SyncConflicts
          load={async () => [goalConflict]}
          resolve={async () => {
            throw new Error('This conflict belongs to another patient than the one on the chart. Nothing was changed.');
          }}
        />,
        root,
      ),
    );
    await flush();
    await act(async () => (root.querySelector('[data-testid="conflict-take-remote"]') as HTMLButtonElement).click());
    await flush();
    expect(root.querySelector('[role="alert"]')?.textContent).toMatch(/another patient/);
    expect(root.querySelectorAll('[data-testid="sync-conflict"]')).toHaveLength(1);
  });

  it('uses real buttons in a labelled list, with no serious accessibility violations', async () => {
    await act(async () => render(<SyncConflicts load={async () => [goalConflict, statusConflict]} resolve={async () => []} />, root));
    await flush();
    const buttons = [...root.querySelectorAll('button')];
    expect(buttons.map((b) => b.textContent)).toEqual(['Keep this computer’s', 'Take the clinic server’s', 'Keep this computer’s', 'Take the clinic server’s']);
    expect(buttons.every((b) => b.type === 'button' && b.tabIndex >= 0)).toBe(true);
    const { violations } = await axe.run(root, { rules: { 'color-contrast': { enabled: false } } });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  });
});

describe('SyncStatusBar with conflicts', () => {
  const status: SyncStatusView = { state: 'on', host: 'fhir.clinic.example', pending: 0, blocked: 0, failed: 0, conflicts: 2, lastSyncedAt: null, lastError: null, reasons: [], pulled: null };

  it('opens the review list from "2 conflicts — review" and counts down as they are resolved', async () => {
    await act(async () =>
      render(<SyncStatusBar open={async () => status} syncNow={async () => status} conflicts={{ load: async () => [goalConflict, statusConflict], resolve: async () => [goalConflict] }} />, root),
    );
    await flush();
    const review = root.querySelector('[data-testid="sync-review-conflicts"]') as HTMLButtonElement;
    expect(review.textContent).toBe('2 conflicts — review');
    expect(review.getAttribute('aria-expanded')).toBe('false');
    expect(root.querySelector('[data-testid="sync-conflicts"]')).toBeNull();
    await act(async () => review.click());
    await flush();
    expect(review.getAttribute('aria-expanded')).toBe('true');
    expect(root.querySelectorAll('[data-testid="sync-conflict"]')).toHaveLength(2);
    await act(async () => (root.querySelector('[data-testid="conflict-keep-local"]') as HTMLButtonElement).click());
    await flush();
    expect(root.querySelector('[data-testid="sync-status"]')!.textContent).toContain('1 conflict to review');
    const { violations } = await axe.run(root, { rules: { 'color-contrast': { enabled: false } } });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  });

  it('offers no review button without conflicts', async () => {
    await act(async () => render(<SyncStatusBar open={async () => ({ ...status, conflicts: 0 })} syncNow={async () => status} conflicts={{ load: async () => [], resolve: async () => [] }} />, root));
    await flush();
    expect(root.querySelector('[data-testid="sync-status"]')).not.toBeNull();
    expect(root.querySelector('[data-testid="sync-review-conflicts"]')).toBeNull();
  });
});
