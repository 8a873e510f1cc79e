import Dexie from 'dexie';
import { browser } from 'wxt/browser';
import type { BridgeDatabase } from '@/lib/db/database';
import { originPatternFor } from '@/lib/hosts/ehr-hosts';
import type { SyncStatusView } from '@/lib/messaging/messages/sync';
import type { FhirEndpoint } from '@/lib/policy/schema';
import { SyncEngine, type PullReport } from '@/lib/sync/engine';
import { fhirAuthorization } from './fhir-auth';
import { effectiveSettingsNow } from './settings';
import { startUpWork } from './start-up';

/**
 * The background's side of sharing with the clinic's FHIR server. Off until a FHIR endpoint is
 * configured (policy or options page) and its origin is granted. The outbox lives in IndexedDB,
 * so a stopped service worker loses nothing: an alarm (which survives restarts) drains it every
 * minute, a change to screenings, consents, referrals or care plans drains it a few seconds
 * later, and opening a patient in the side panel pulls that patient first. Runs never overlap.
 */

export const SYNC_ALARM = 'bridge-sync';
const SYNC_PERIOD_MINUTES = 1;
const CHANGE_DELAY_MS = 3000;
const SHARED_TABLES = ['screenings', 'consents', 'referrals', 'carePlans'];

type Ready = { state: 'on'; engine: SyncEngine; endpoint: FhirEndpoint } | { state: 'off' | 'not-permitted'; endpoint: FhirEndpoint | null };

let running: Promise<unknown> = Promise.resolve();
let listening = false;
let changeTimer: ReturnType<typeof setTimeout> | null = null;

/** Runs `task` after every run already started (one sync at a time per worker). */
function serialised<T>(task: () => Promise<T>): Promise<T> {
  const next = running.then(task, task);
  running = next.catch(() => undefined);
  return next;
}

async function engineFor(db: BridgeDatabase): Promise<Ready> {
  const settings = await effectiveSettingsNow(db);
  const endpoint = (settings.values.fhirEndpoint as FhirEndpoint | null | undefined) ?? null;
  // Team sharing is its own decision: an endpoint configured only to receive sent referrals
  // must see no traffic (not even a patient lookup) until the clinic turns sharing on.
  if (!endpoint?.shareWithTeam) return { state: 'off', endpoint: null };
  const pattern = originPatternFor(endpoint.baseUrl);
  if (!pattern || !(await browser.permissions.contains({ origins: [pattern] }))) return { state: 'not-permitted', endpoint };
  const values = settings.values as unknown as Record<string, unknown>;
  const clinic = values.clinic as { name?: string } | null | undefined;
  const clinician = typeof values.clinicianName === 'string' && values.clinicianName.trim() ? values.clinicianName.trim() : null;
  const engine = new SyncEngine({
    db,
    endpoint: { baseUrl: endpoint.baseUrl, patientIdentifierSystem: endpoint.patientIdentifierSystem },
    authorize: () => fhirAuthorization(endpoint),
    // The token goes only to the configured server: no cookies, no redirects elsewhere.
    fetch: (url, init) => fetch(url, { ...init, credentials: 'omit', cache: 'no-store', redirect: 'error' }),
    machine: clinician ? `${clinician} (Bridge sync)` : 'Bridge sync',
    recipient: { id: 'clinic-fhir-server', name: clinic?.name ?? new URL(endpoint.baseUrl).host },
  });
  return { state: 'on', engine, endpoint };
}

/** The status bar's view for one patient (or all). */
export async function syncStatus(db: BridgeDatabase, patientFingerprint: string | null, pulled: PullReport | null = null): Promise<SyncStatusView> {
  const ready = await engineFor(db);
  const host = ready.endpoint ? new URL(ready.endpoint.baseUrl).host : null;
  const counts = await new SyncEngine({
    db,
    endpoint: { baseUrl: ready.endpoint?.baseUrl ?? 'http://127.0.0.1/', patientIdentifierSystem: '' },
    authorize: async () => null,
    fetch: () => Promise.reject(new Error('status only')),
  }).status(patientFingerprint ?? undefined);
  const notSignedIn = ready.state === 'on' && counts.lastError?.includes('not signed in');
  return {
    state: ready.state === 'on' && notSignedIn ? 'not-signed-in' : ready.state,
    host,
    pending: counts.pending,
    blocked: counts.blocked,
    failed: counts.failed,
    conflicts: counts.conflicts,
    lastSyncedAt: counts.lastSyncedAt,
    lastError: counts.lastError,
    reasons: counts.reasons.slice(0, 3),
    pulled: pulled ? { applied: pulled.applied, merged: pulled.merged, conflicts: pulled.conflicts } : null,
  };
}

/** Pushes what is queued; with `caseload`, pulls the caseload's changes too. Does nothing when sync is off. */
export function runSync(db: BridgeDatabase, options: { caseload?: boolean; patientFingerprint?: string } = {}): Promise<PullReport | null> {
  return serialised(async () => {
    const ready = await engineFor(db);
    if (ready.state !== 'on') return null;
    const { engine } = ready;
    let pulled: PullReport | null = null;
    try {
      if (options.patientFingerprint) pulled = await engine.pullPatient(options.patientFingerprint);
      await engine.collectChanges();
      await engine.drain();
      if (options.caseload) await engine.pullCaseload();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await db.syncState.put({ key: 'lastError', value: message });
      console.warn(`[Bridge] sync: ${message}`);
    }
    return pulled;
  });
}

/**
 * Registers the sync alarm and the change listener, synchronously in the worker's first turn
 * (Chrome wakes a stopped worker only for listeners that exist then).
 */
export function startSyncService(db: BridgeDatabase): void {
  if (listening || !browser.alarms?.onAlarm) return;
  listening = true;
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void runSync(db, { caseload: true });
  });
  startUpWork.defer(() => browser.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_PERIOD_MINUTES }));
  // A record saved anywhere in the extension: drain soon after (batched), not once per write.
  Dexie.on('storagemutated', (parts: Record<string, unknown>) => {
    const keys = Object.keys(parts);
    if (!keys.some((k) => SHARED_TABLES.some((t) => k.includes(`/${t}/`)))) return;
    if (changeTimer) clearTimeout(changeTimer);
    changeTimer = setTimeout(() => {
      changeTimer = null;
      void runSync(db);
    }, CHANGE_DELAY_MS);
  });
  startUpWork.defer(() => runSync(db));
}
