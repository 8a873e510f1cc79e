import { browser } from 'wxt/browser';
import type { BridgeDatabase } from '@/lib/db/database';
import { adapterFromPolicy } from '@/lib/ehr/adapters/from-policy';
import { parsePolicyAdapters } from '@/lib/ehr/adapters/policy';
import type { EhrAdapter } from '@/lib/ehr/adapters/schema';
import type { PolicyEhrAdapter } from '@/lib/policy/schema';
import { readLocalSettings } from '@/lib/db/settings-store';
import type { EffectiveSettingsReply } from '@/lib/messaging/messages/settings';
import type { PolicyWarning } from '@/lib/policy/parse';
import type { StartUpWork } from '@/lib/messaging/start-up-work';
import { LOCAL_SETTINGS_KEY, loadEffectiveSettings, watchEffectiveSettings, type SettingsSnapshot, type SettingsWatch } from '@/lib/settings/settings.browser';

/**
 * The background's view of the effective settings (clinic policy over local settings over
 * defaults). `followEffectiveSettings` runs once per service-worker start, synchronously, so its
 * `storage.onChanged` listener exists in the worker's first turn; the snapshot below is a cache
 * rebuilt on every start, never state that must survive a restart.
 */

/** What the background does when the settings in force change (content script, retention...). */
export type OnSettingsChange = (current: SettingsSnapshot, previous: SettingsSnapshot | null) => void | Promise<void>;

let latest: Promise<SettingsSnapshot> | null = null;
let watch: SettingsWatch | null = null;
let startWatching: (() => void) | null = null;

/**
 * Starts following policy and local settings for this worker's lifetime: reads them, again on
 * every `storage.onChanged` in area `managed` (a policy pushed or changed after start-up) and
 * after `refreshEffectiveSettings()`. Each new snapshot goes to `onChange` with the one before it.
 * With `startUp`, the first read waits for the start-up gate (the worker's first message answered)
 * unless something needs the settings sooner: `effectiveSettingsNow`, or a settings change.
 */
export function followEffectiveSettings(
  db: BridgeDatabase,
  onChange: OnSettingsChange,
  signal = new AbortController().signal,
  startUp?: Pick<StartUpWork, 'defer'>,
): void {
  let previous: SettingsSnapshot | null = null;
  let resolveFirst: (snapshot: SettingsSnapshot) => void = () => undefined;
  latest = new Promise((resolve) => (resolveFirst = resolve));
  watch = null;
  const start = () => {
    if (watch || signal.aborted) return;
    watch = watchEffectiveSettings({
      signal,
      readLocal: () => readLocalOrNothing(db),
      onPolicyWarnings: (warnings) => void logPolicyWarnings(db, warnings),
      onChange: (snapshot) => {
        const before = previous;
        previous = snapshot;
        latest = Promise.resolve(snapshot);
        resolveFirst(snapshot);
        void Promise.resolve(onChange(snapshot, before)).catch((error: unknown) => console.error('[Bridge] applying settings failed', error));
      },
    });
  };
  startWatching = start;
  if (!startUp) return start();
  // A policy pushed while the worker was stopped wakes it with this event: read at once.
  const wake = (changes: Record<string, unknown>, area: string) => {
    if (area === 'managed' || (area === 'local' && Object.hasOwn(changes, LOCAL_SETTINGS_KEY))) start();
  };
  browser.storage.onChanged.addListener(wake);
  signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(wake), { once: true });
  startUp.defer(start);
}

/**
 * The settings in force now. Waits for the first read after start-up (starting it if it was
 * deferred); outside a running background (tests, or before `followEffectiveSettings`) it reads
 * them directly.
 */
export function effectiveSettingsNow(db: BridgeDatabase): Promise<SettingsSnapshot> {
  startWatching?.();
  return latest ?? loadEffectiveSettings(() => readLocalOrNothing(db));
}

/** Re-reads policy and local settings now; resolves once the new snapshot is in force. */
export async function refreshEffectiveSettings(): Promise<void> {
  startWatching?.();
  await watch?.refresh();
}

/** The snapshot as JSON for extension pages (`settings.effective`). */
export function effectiveSettingsReply(snapshot: SettingsSnapshot): EffectiveSettingsReply {
  return {
    values: snapshot.values as unknown as Record<string, unknown>,
    lockedKeys: [...snapshot.lockedKeys],
    sources: snapshot.sources,
    warnings: snapshot.policyWarnings,
    localWarnings: snapshot.localWarnings,
    managedStorageAvailable: snapshot.managedStorageAvailable,
  };
}

/** The EHR host patterns the clinic's policy allows, or null when its policy sets none. */
export function policyAllowedHosts(snapshot: SettingsSnapshot): string[] | null {
  return snapshot.sources.allowedEhrHosts === 'policy' ? [...snapshot.values.allowedEhrHosts] : null;
}

// A database that cannot be read must not stop the clinic's policy from applying; Bridge then
// runs on policy and defaults and says so in the console.
async function readLocalOrNothing(db: BridgeDatabase): Promise<Record<string, unknown>> {
  try {
    return await readLocalSettings(db);
  } catch (error) {
    console.error('[Bridge] local settings could not be read; using policy and defaults', error);
    return {};
  }
}

/**
 * Logs ignored policy values to the console and, once per distinct set, to the audit log, so a
 * compliance review shows when the clinic's policy was not applied as written.
 */
async function logPolicyWarnings(db: BridgeDatabase, warnings: PolicyWarning[]): Promise<void> {
  for (const warning of warnings) console.warn(`[Bridge] ignored policy value \`${warning.key}\`: ${warning.message}`);
  const detail = `ignored policy values: ${warnings.map((w) => `${w.key} ${w.message}`).join('; ')}`.slice(0, 2000);
  try {
    const last = await db.audit.where('action').equals('policy').last();
    if (last?.detail !== detail) await db.audit.add({ at: new Date().toISOString(), action: 'policy', patientFingerprint: null, detail });
  } catch (error) {
    console.error('[Bridge] could not write policy warnings to the audit log', error);
  }
}

/**
 * The clinic's EHR adapters from policy, converted and validated (lib/ehr/adapters); what is
 * dropped or invalid is logged with what to fix. The EHR page script and the referral fill both
 * read the page through these before the built-in adapters.
 */
export async function policyEhrAdapters(db: BridgeDatabase): Promise<EhrAdapter[]> {
  const fromPolicy = (((await effectiveSettingsNow(db)).values.ehrAdapters ?? []) as PolicyEhrAdapter[]).map(adapterFromPolicy);
  const { adapters, problems } = parsePolicyAdapters(fromPolicy.map((c) => c.adapter));
  for (const problem of [...fromPolicy.flatMap((c) => c.dropped), ...problems.map((p) => p.message)]) console.warn(`[Bridge] policy EHR adapter: ${problem}`);
  return adapters;
}
