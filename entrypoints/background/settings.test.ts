import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BridgeDatabase } from '@/lib/db/database';
import type { SettingsSnapshot } from '@/lib/settings/settings.browser';
import { coreHandlers } from './handlers/core';
import { retentionDaysOf } from './handlers/records';
import { settingsHandlers } from './handlers/settings';
import { createStartUpWork } from '@/lib/messaging/start-up-work';
import { effectiveSettingsNow, followEffectiveSettings, policyAllowedHosts } from './settings';

const extensionPage = { kind: 'extension' as const, tabId: undefined };

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(predicate()).toBe(true);
}

/** A background's settings for one test: its own database, and every snapshot it applied. */
function startBackground(db = new BridgeDatabase(`background-settings-${Math.random()}`)) {
  const applied: { current: SettingsSnapshot; previous: SettingsSnapshot | null }[] = [];
  const controller = new AbortController();
  followEffectiveSettings(db, (current, previous) => void applied.push({ current, previous }), controller.signal);
  return { db, applied, stop: () => controller.abort() };
}

describe('background settings', () => {
  it('merge policy over the local settings in Dexie, and apply a policy that arrives later', async () => {
    const { db, applied, stop } = startBackground();
    await until(() => applied.length === 1);
    expect(applied[0]?.previous).toBeNull();
    expect(policyAllowedHosts(applied[0]!.current)).toBeNull();
    expect(await retentionDaysOf(db)).toBe(90);

    await fakeBrowser.storage.managed.set({ retentionDays: 30, allowedEhrHosts: ['https://ehr.example.org/*'] });
    await until(() => applied.length === 2);
    expect(applied[1]?.previous?.values.retentionDays).toBe(90);
    expect(policyAllowedHosts(applied[1]!.current)).toEqual(['https://ehr.example.org/*']);
    expect(await retentionDaysOf(db)).toBe(30);
    stop();
  });

  it('validate local saves against the schema and the policy locks, then apply them at once', async () => {
    await fakeBrowser.storage.managed.set({ rescreenIntervalMonths: 6 });
    const { db, applied, stop } = startBackground();
    await until(() => applied.length === 1);
    const core = coreHandlers(db);

    await expect(core['settings.saveLocal']!({ values: { rescreenIntervalMonths: 24 } }, extensionPage)).rejects.toThrow(
      'Setting `rescreenIntervalMonths` is set by your organization and cannot be changed here.',
    );
    await expect(core['settings.saveLocal']!({ values: { retentionDays: -1 } }, extensionPage)).rejects.toThrow(
      'Setting `retentionDays` was not saved: it must be a whole number from 1 to 3650, got -1.',
    );
    expect(await db.settings.count()).toBe(0);

    await core['settings.saveLocal']!({ values: { retentionDays: 45, clinicianName: '  Dr. Lee ' } }, extensionPage);
    // The reply comes after the new settings are in force: no wait for an event.
    expect((await effectiveSettingsNow(db)).values).toMatchObject({ retentionDays: 45, clinicianName: 'Dr. Lee', rescreenIntervalMonths: 6 });

    const settings = settingsHandlers(db);
    await settings['settings.resetLocal']!({ keys: ['retentionDays'] }, extensionPage);
    const reply = await settings['settings.effective']!({}, extensionPage);
    expect(reply.values.retentionDays).toBe(90);
    expect(reply.sources).toMatchObject({ retentionDays: 'default', clinicianName: 'local', rescreenIntervalMonths: 'policy' });
    expect(reply.lockedKeys).toEqual(['rescreenIntervalMonths']);
    expect(JSON.parse(JSON.stringify(reply))).toEqual(reply);
    stop();
  });

  it('write ignored policy values to the audit log once, not at every re-read or restart', async () => {
    await fakeBrowser.storage.managed.set({ retentionDays: -3 });
    const { db, applied, stop } = startBackground();
    await until(() => applied.length === 1);
    const reply = await settingsHandlers(db)['settings.effective']!({}, extensionPage);
    expect(reply.warnings).toEqual([{ key: 'retentionDays', message: 'must be a whole number from 1 to 3650, got -3' }]);

    await fakeBrowser.storage.managed.set({ defaultLanguage: 'es' });
    await until(() => applied.length === 2);
    let entries: { detail: string }[] = [];
    for (let i = 0; i < 100 && entries.length === 0; i += 1) {
      entries = await db.audit.where('action').equals('policy').toArray();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(entries.map((entry) => entry.detail)).toEqual(['ignored policy values: retentionDays must be a whole number from 1 to 3650, got -3']);
    stop();

    // A restarted service worker reads the same policy again: no second entry.
    const restarted = startBackground(db);
    await until(() => restarted.applied.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await db.audit.where('action').equals('policy').count()).toBe(1);
    restarted.stop();
  });

  it('with a start-up gate, read nothing until the first answer, unless a handler needs the settings or a policy arrives', async () => {
    const db = new BridgeDatabase(`background-settings-${Math.random()}`);
    const gate = () => createStartUpWork({ graceMs: 60_000, setTimer: () => undefined });
    const follow = (startUp: ReturnType<typeof gate>) => {
      const applied: SettingsSnapshot[] = [];
      const controller = new AbortController();
      followEffectiveSettings(db, (current) => void applied.push(current), controller.signal, startUp);
      return { applied, stop: () => controller.abort() };
    };

    const answered = gate();
    const first = follow(answered);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(first.applied).toHaveLength(0);
    answered.startNow();
    await until(() => first.applied.length === 1);
    first.stop();

    const needed = follow(gate());
    expect((await effectiveSettingsNow(db)).values.retentionDays).toBe(90);
    expect(needed.applied).toHaveLength(1);
    needed.stop();

    const woken = follow(gate());
    await fakeBrowser.storage.managed.set({ retentionDays: 30 });
    await until(() => woken.applied.length === 1);
    expect(woken.applied[0]?.values.retentionDays).toBe(30);
    woken.stop();
  });
});
