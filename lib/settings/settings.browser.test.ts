import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { SettingsSnapshot } from './settings.browser';
import { loadEffectiveSettings, LOCAL_SETTINGS_KEY, readPolicy, watchEffectiveSettings } from './settings.browser';

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
});

async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !predicate(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(predicate()).toBe(true);
}

describe('readPolicy', () => {
  it("treats Firefox's missing managed storage as no policy, without a warning", async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(new Error('Managed storage manifest not found'));
    expect(await readPolicy()).toEqual({ policy: {}, warnings: [], managedStorageAvailable: false });
  });

  it('reports any other failure to read as a warning and runs on defaults', async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(new Error('IO error'));
    const result = await readPolicy();
    expect(result.policy).toEqual({});
    expect(result.warnings[0]?.message).toMatch(/IO error.*running on defaults/);
  });

  it('validates what Chrome delivers', async () => {
    await fakeBrowser.storage.managed.set({ retentionDays: -3, defaultLanguage: 'es' });
    const result = await readPolicy();
    expect(result.policy).toEqual({ defaultLanguage: 'es' });
    expect(result.warnings).toEqual([{ key: 'retentionDays', message: 'must be a whole number from 1 to 3650, got -3' }]);
  });
});

describe('loadEffectiveSettings', () => {
  it('merges policy over local settings from storage.local', async () => {
    await fakeBrowser.storage.local.set({ [LOCAL_SETTINGS_KEY]: { retentionDays: 30, clinicianName: 'Dr. Lee' } });
    await fakeBrowser.storage.managed.set({ retentionDays: 180 });
    const snapshot = await loadEffectiveSettings();
    expect(snapshot.values.retentionDays).toBe(180);
    expect(snapshot.lockedKeys.has('retentionDays')).toBe(true);
    expect(snapshot.values.clinicianName).toBe('Dr. Lee');
    expect(snapshot.sources.clinicianName).toBe('local');
  });

  it('reads local settings through an injected reader (the Dexie store)', async () => {
    const snapshot = await loadEffectiveSettings(async () => ({ defaultLanguage: 'es' }));
    expect(snapshot.values.defaultLanguage).toBe('es');
  });
});

describe('watchEffectiveSettings', () => {
  it('applies a policy that arrives after start-up, and local changes, live; stops on abort', async () => {
    const seen: SettingsSnapshot[] = [];
    const controller = new AbortController();
    const logged = vi.fn();
    watchEffectiveSettings({ onChange: (snapshot) => seen.push(snapshot), signal: controller.signal, onPolicyWarnings: logged });
    await until(() => seen.length === 1);
    expect(seen[0]?.sources.retentionDays).toBe('default');

    await fakeBrowser.storage.managed.set({ retentionDays: 14, rescreenIntervalMonths: 0 });
    await until(() => seen.length === 2);
    expect(seen[1]?.values.retentionDays).toBe(14);
    expect(seen[1]?.lockedKeys.has('retentionDays')).toBe(true);
    expect(seen[1]?.policyWarnings.map((warning) => warning.key)).toEqual(['rescreenIntervalMonths']);
    expect(logged).toHaveBeenCalledTimes(1);

    await fakeBrowser.storage.local.set({ [LOCAL_SETTINGS_KEY]: { clinicianName: 'Dr. Lee' } });
    await until(() => seen.length === 3);
    expect(seen[2]?.values.clinicianName).toBe('Dr. Lee');

    controller.abort();
    await fakeBrowser.storage.managed.set({ retentionDays: 1 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(seen).toHaveLength(3);
  });

  it('re-reads on demand for local settings kept outside storage.local', async () => {
    let stored: Record<string, unknown> = {};
    const seen: SettingsSnapshot[] = [];
    const watch = watchEffectiveSettings({ onChange: (snapshot) => seen.push(snapshot), signal: new AbortController().signal, readLocal: async () => stored });
    await until(() => seen.length === 1);
    stored = { retentionDays: 7 };
    await watch.refresh();
    expect(seen.at(-1)?.values.retentionDays).toBe(7);
  });
});
