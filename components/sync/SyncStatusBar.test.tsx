// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import type { SyncStatusView } from '@/lib/messaging/messages/sync';
import { SyncStatusBar, syncSentence } from './SyncStatusBar';
import { useRenderRoot } from '../../tests/support/render-root';

let root: HTMLElement;
useRenderRoot((el) => (root = el));

const base: SyncStatusView = { state: 'on', host: 'fhir.clinic.example', pending: 0, blocked: 0, failed: 0, conflicts: 0, lastSyncedAt: null, lastError: null, reasons: [], pulled: null };
const now = Date.parse('2026-11-23T16:00:00Z');

describe('syncSentence', () => {
  it('says synced, pending, waiting, failed or not permitted, and why', () => {
    expect(syncSentence({ ...base, lastSyncedAt: '2026-11-23T15:57:00Z' }, now)).toEqual({ text: 'Synced with fhir.clinic.example 3 min ago.', tone: 'ok' });
    expect(syncSentence({ ...base, pending: 4 }, now)).toEqual({ text: '4 pending.', tone: 'busy' });
    expect(syncSentence({ ...base, blocked: 1, reasons: ['Not shared: record the patient’s consent first.'] }, now).text).toBe('1 waiting: Not shared: record the patient’s consent first.');
    expect(syncSentence({ ...base, pending: 2, lastError: 'fhir.clinic.example could not be reached (HTTP 503) after 4 attempts.' }, now)).toMatchObject({ tone: 'problem', text: expect.stringMatching(/^2 pending: .*HTTP 503/) });
    expect(syncSentence({ ...base, conflicts: 1 }, now)).toMatchObject({ text: '1 conflict to review.', tone: 'problem' });
    expect(syncSentence({ ...base, state: 'not-permitted' }, now).text).toMatch(/not permitted to reach fhir\.clinic\.example/);
  });
});

describe('SyncStatusBar', () => {
  it('pulls when the patient is opened, shows the result, and syncs again on the button', async () => {
    let opened = 0;
    let synced = 0;
    await act(async () => {
      render(
        <SyncStatusBar
          open={async () => (opened++, { ...base, pending: 1, pulled: { applied: 2, merged: 0, conflicts: 0 } })}
          syncNow={async () => (synced++, { ...base, lastSyncedAt: new Date().toISOString() })}
        />,
        root,
      );
    });
    await act(async () => new Promise((r) => setTimeout(r, 0)));
    const bar = root.querySelector('[data-testid="sync-status"]')!;
    expect(opened).toBe(1);
    expect(bar.textContent).toContain('1 pending');
    expect(bar.textContent).toContain('2 updates from colleagues');
    await act(async () => (root.querySelector('[data-testid="sync-now"]') as HTMLButtonElement).click());
    expect(synced).toBe(1);
    await act(async () => new Promise((r) => setTimeout(r, 0)));
    expect(root.querySelector('[data-testid="sync-status"]')!.textContent).toContain('Synced with fhir.clinic.example just now');
  });

  it('shows nothing when sharing is off', async () => {
    await act(async () => render(<SyncStatusBar open={async () => ({ ...base, state: 'off', host: null })} syncNow={async () => base} />, root));
    expect(root.querySelector('[data-testid="sync-status"]')).toBeNull();
  });
});
