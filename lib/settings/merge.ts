import type { z } from 'zod';
import { parseByKey, parseOneKey, type PolicyWarning } from '../policy/parse';
import type { Policy } from '../policy/schema';
import { localSettingsShape, SETTING_KEYS, type LocalSettingKey, type LocalSettings, type SettingKey, type Settings } from './schema';

/** Where a setting's effective value came from. */
export type SettingSource = 'policy' | 'local' | 'default';

/** The settings Bridge runs on, which of them the clinic locked, and where each came from. */
export interface EffectiveSettings {
  values: Settings;
  /** Keys set by policy: shown as "Set by your organization" and not editable. */
  lockedKeys: ReadonlySet<SettingKey>;
  sources: Record<SettingKey, SettingSource>;
}

/** Effective settings plus what the options page must show about how they were obtained. */
export interface SettingsSnapshot extends EffectiveSettings {
  /** Policy values Bridge ignored, each naming the key and what was wrong. */
  policyWarnings: PolicyWarning[];
  /** Locally stored values that no longer validate and fell back to their default. */
  localWarnings: PolicyWarning[];
  /** False where the browser offers no managed storage (Firefox without a policy, tests). */
  managedStorageAvailable: boolean;
}

/**
 * Merges the three layers: a key set by policy wins and is locked; otherwise the user's local
 * value; otherwise the default. Inputs are expected already validated (`parsePolicy`,
 * `parseLocalSettings`); values are copied so callers cannot mutate the layers through them.
 */
export function effectiveSettings(defaults: Settings, local: Partial<LocalSettings>, policy: Partial<Policy>): EffectiveSettings {
  const values = {} as Record<SettingKey, unknown>;
  const sources = {} as Record<SettingKey, SettingSource>;
  const lockedKeys = new Set<SettingKey>();
  for (const key of SETTING_KEYS) {
    if (Object.hasOwn(policy, key) && (policy as Record<string, unknown>)[key] !== undefined) {
      values[key] = structuredClone((policy as Record<string, unknown>)[key]);
      sources[key] = 'policy';
      lockedKeys.add(key);
    } else if (Object.hasOwn(local, key) && (local as Record<string, unknown>)[key] !== undefined) {
      values[key] = structuredClone((local as Record<string, unknown>)[key]);
      sources[key] = 'local';
    } else {
      values[key] = structuredClone(defaults[key]);
      sources[key] = 'default';
    }
  }
  return { values: values as Settings, lockedKeys, sources };
}

/** Locally stored settings that passed validation, and why any others were dropped. */
export interface ParsedLocalSettings {
  settings: Partial<LocalSettings>;
  warnings: PolicyWarning[];
}

/**
 * Validates the locally stored settings key by key, as `parsePolicy` does for policy, so a value
 * written by an older version or edited by hand falls back to the default instead of breaking
 * the options page. Never throws.
 */
export function parseLocalSettings(raw: unknown): ParsedLocalSettings {
  const { values, warnings } = parseByKey(
    localSettingsShape as Record<LocalSettingKey, z.ZodType>,
    raw,
    'is not a setting this version of Bridge knows; it was ignored',
  );
  return { settings: values as Partial<LocalSettings>, warnings };
}

/** A value the options page tried to store that its setting does not accept. */
export class SettingRejectedError extends Error {
  override readonly name = 'SettingRejectedError';
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`Setting \`${key}\` was not saved: it ${reason}.`);
  }
}

/** A setting the clinic's policy locks, so this machine may not change it. */
export class SettingLockedError extends Error {
  override readonly name = 'SettingLockedError';
  constructor(readonly key: string) {
    super(`Setting \`${key}\` is set by your organization and cannot be changed here.`);
  }
}

/**
 * Checks one value the user entered for `key`, returning the value to store (trimmed etc.).
 * Throws `SettingRejectedError` naming the key and the problem when the value is not valid, or
 * when `key` cannot be set locally at all.
 */
export function validateLocalSetting<Key extends LocalSettingKey>(key: Key, value: unknown): LocalSettings[Key] {
  if (!Object.hasOwn(localSettingsShape, key)) {
    throw new SettingRejectedError(key, 'is not a setting that can be changed on this machine');
  }
  const result = parseOneKey(localSettingsShape[key] as z.ZodType, value);
  if (!result.ok) throw new SettingRejectedError(key, result.message);
  return result.value as LocalSettings[Key];
}

/**
 * Validates a batch of changes from the options page before they are stored: every key must be
 * settable locally, not locked by policy, and valid. All or nothing: throws
 * `SettingLockedError` or `SettingRejectedError` for the first bad key, otherwise returns the
 * values to store.
 */
export function validateLocalChanges(changes: Record<string, unknown>, lockedKeys: ReadonlySet<string>): Partial<LocalSettings> {
  const accepted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (lockedKeys.has(key)) throw new SettingLockedError(key);
    accepted[key] = validateLocalSetting(key as LocalSettingKey, value);
  }
  return accepted as Partial<LocalSettings>;
}
