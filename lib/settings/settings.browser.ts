import { browser } from 'wxt/browser';
import { parsePolicy, type ParsedPolicy, type PolicyWarning } from '../policy/parse';
import { effectiveSettings, parseLocalSettings, type SettingsSnapshot } from './merge';
import { settingDefaults } from './schema';

export type { SettingsSnapshot } from './merge';

/**
 * The browser edge of settings: reads the clinic policy from `storage.managed`, the user's
 * local settings, merges them and follows changes live.
 */

/** Where local settings are read from. The default reads `storage.local` key `settings`. */
export type LocalSettingsReader = () => Promise<unknown>;

/** The `storage.local` key holding local settings when the default reader is used. */
export const LOCAL_SETTINGS_KEY = 'settings';

const readLocalFromStorage: LocalSettingsReader = async () => (await browser.storage.local.get(LOCAL_SETTINGS_KEY))[LOCAL_SETTINGS_KEY];

// Firefox rejects storage.managed.get() with this message when no policy or managed-storage
// manifest exists for the extension; that is "no policy", not an error.
const NO_MANAGED_STORAGE = /managed storage manifest not found|not supported|not implemented|not available/i;

/**
 * Reads and validates the clinic policy. Absent managed storage (Firefox without policy,
 * unmanaged Chrome) gives an empty policy and no warning; any other failure to read gives an
 * empty policy and a warning, so Bridge keeps running on defaults either way. Never rejects.
 */
export async function readPolicy(): Promise<ParsedPolicy & { managedStorageAvailable: boolean }> {
  const managed = browser.storage?.managed;
  if (!managed) return { policy: {}, warnings: [], managedStorageAvailable: false };
  let raw: unknown;
  try {
    raw = await managed.get();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (NO_MANAGED_STORAGE.test(message)) return { policy: {}, warnings: [], managedStorageAvailable: false };
    return {
      policy: {},
      warnings: [{ key: '(policy)', message: `could not be read from the browser (${message}); running on defaults` }],
      managedStorageAvailable: false,
    };
  }
  return { ...parsePolicy(raw), managedStorageAvailable: true };
}

/** Reads policy and local settings once and merges them. Never rejects on a bad policy. */
export async function loadEffectiveSettings(readLocal: LocalSettingsReader = readLocalFromStorage): Promise<SettingsSnapshot> {
  const [policyResult, localRaw] = await Promise.all([readPolicy(), readLocal()]);
  const local = parseLocalSettings(localRaw);
  return {
    ...effectiveSettings(settingDefaults, local.settings, policyResult.policy),
    policyWarnings: policyResult.warnings,
    localWarnings: local.warnings,
    managedStorageAvailable: policyResult.managedStorageAvailable,
  };
}

/** Options of `watchEffectiveSettings`. */
export interface WatchSettingsOptions {
  /** Called with the first snapshot, then after every policy or local change, newest last. */
  onChange: (snapshot: SettingsSnapshot) => void;
  /** Stops watching; no call to `onChange` happens after it aborts. */
  signal: AbortSignal;
  /** Where local settings live; defaults to `storage.local` key `settings`. */
  readLocal?: LocalSettingsReader;
  /** Called with each new set of policy warnings (for the log); defaults to console.warn. */
  onPolicyWarnings?: (warnings: PolicyWarning[]) => void;
}

/** Handle to a running watch. */
export interface SettingsWatch {
  /** Re-reads everything now, for local settings stored where `storage.onChanged` cannot see. */
  refresh: () => Promise<void>;
}

/**
 * Follows the effective settings live: reads them now, and again whenever the admin's policy
 * changes (`storage.onChanged` area `managed`, including a policy that arrives after start-up)
 * or local settings change (area `local`, key `settings`). Reads are serialised and a stale read
 * never overwrites a newer one. The listener is registered synchronously, so a background
 * script may call this at start-up.
 */
export function watchEffectiveSettings(options: WatchSettingsOptions): SettingsWatch {
  const { onChange, signal, readLocal = readLocalFromStorage, onPolicyWarnings = logPolicyWarnings } = options;
  let latestRequest = 0;
  let lastWarningText = '';

  const refresh = async (): Promise<void> => {
    if (signal.aborted) return;
    const request = ++latestRequest;
    const snapshot = await loadEffectiveSettings(readLocal);
    if (signal.aborted || request !== latestRequest) return;
    const warningText = JSON.stringify(snapshot.policyWarnings);
    if (warningText !== lastWarningText) {
      lastWarningText = warningText;
      if (snapshot.policyWarnings.length > 0) onPolicyWarnings(snapshot.policyWarnings);
    }
    onChange(snapshot);
  };

  const listener = (changes: Record<string, unknown>, areaName: string) => {
    if (areaName === 'managed' || (areaName === 'local' && Object.hasOwn(changes, LOCAL_SETTINGS_KEY))) void refresh();
  };
  if (!signal.aborted) {
    browser.storage.onChanged.addListener(listener);
    signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(listener), { once: true });
    void refresh();
  }
  return { refresh };
}

function logPolicyWarnings(warnings: PolicyWarning[]): void {
  for (const warning of warnings) console.warn(`Bridge ignored policy value \`${warning.key}\`: ${warning.message}`);
}
