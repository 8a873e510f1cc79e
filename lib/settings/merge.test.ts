import { describe, expect, it } from 'vitest';
import { fullPolicy } from '../policy/policy.fixture';
import { effectiveSettings, parseLocalSettings, SettingLockedError, SettingRejectedError, validateLocalChanges, validateLocalSetting } from './merge';
import { isLocallySettable, offeredInstruments, SETTING_KEYS, settingDefaults } from './schema';

describe('effectiveSettings', () => {
  it('uses defaults when neither policy nor user set anything', () => {
    const result = effectiveSettings(settingDefaults, {}, {});
    expect(result.values).toEqual(settingDefaults);
    expect(result.lockedKeys.size).toBe(0);
    expect(new Set(Object.values(result.sources))).toEqual(new Set(['default']));
    expect(Object.keys(result.sources)).toEqual(SETTING_KEYS);
  });

  it('lets policy win over the local value and locks the key; local wins over the default', () => {
    const result = effectiveSettings(settingDefaults, { retentionDays: 30, rescreenIntervalMonths: 6, clinicianName: 'Dr. Lee' }, { retentionDays: 180 });
    expect(result.values.retentionDays).toBe(180);
    expect(result.sources.retentionDays).toBe('policy');
    expect(result.values.rescreenIntervalMonths).toBe(6);
    expect(result.sources.rescreenIntervalMonths).toBe('local');
    expect(result.values.clinicianName).toBe('Dr. Lee');
    expect(result.values.directoryRefreshHours).toBe(24);
    expect(result.sources.directoryRefreshHours).toBe('default');
    expect([...result.lockedKeys]).toEqual(['retentionDays']);
  });

  it('locks every key of a full policy and keeps its values', () => {
    const result = effectiveSettings(settingDefaults, {}, fullPolicy);
    for (const [key, value] of Object.entries(fullPolicy)) {
      expect(result.values[key as keyof typeof fullPolicy]).toEqual(value);
      expect(result.lockedKeys.has(key as keyof typeof fullPolicy)).toBe(true);
    }
  });

  it('hands out copies, so editing the result cannot change a layer', () => {
    const policy = { allowedEhrHosts: ['https://ehr.example.org/*'] };
    const result = effectiveSettings(settingDefaults, {}, policy);
    result.values.allowedEhrHosts.push('https://evil.example.com/*');
    result.values.enabledInstruments.pop();
    expect(policy.allowedEhrHosts).toEqual(['https://ehr.example.org/*']);
    expect(settingDefaults.enabledInstruments).toHaveLength(7);
  });
});

describe('local settings', () => {
  it('keeps valid stored values and drops, with a warning, what no longer validates', () => {
    const { settings, warnings } = parseLocalSettings({ retentionDays: 0, clinicianName: ' Dr. Lee ', allowedEhrHosts: ['https://x.example/*'] });
    expect(settings).toEqual({ clinicianName: 'Dr. Lee' });
    expect(warnings.map((warning) => warning.key)).toEqual(['retentionDays', 'allowedEhrHosts']);
  });

  it('does not let EHR hosts or adapters be set locally (they come from policy or a permission grant)', () => {
    expect(isLocallySettable('allowedEhrHosts')).toBe(false);
    expect(isLocallySettable('ehrAdapters')).toBe(false);
    expect(isLocallySettable('clinicianNpi')).toBe(true);
    expect(() => validateLocalSetting('allowedEhrHosts' as never, [])).toThrow(SettingRejectedError);
  });

  it('rejects a bad value with the key and the reason, and a locked key outright', () => {
    expect(() => validateLocalSetting('clinicianNpi', '1234567890')).toThrow(
      'Setting `clinicianNpi` was not saved: it must be a 10-digit NPI whose last digit is its check digit, got "1234567890".',
    );
    expect(validateLocalSetting('clinicianNpi', '1234567893')).toBe('1234567893');
    expect(() => validateLocalChanges({ retentionDays: 30 }, new Set(['retentionDays']))).toThrow(SettingLockedError);
    expect(validateLocalChanges({ retentionDays: 30, defaultLanguage: 'es' }, new Set())).toEqual({ retentionDays: 30, defaultLanguage: 'es' });
  });
});

describe('offeredInstruments', () => {
  it('withholds CAGE-AID and S2BI until the clinic confirms their terms', () => {
    const enabledInstruments = ['audit-c', 'cage-aid', 's2bi', 'dast-10'] as const;
    expect(offeredInstruments({ enabledInstruments: [...enabledInstruments], s2biAndCageAidEnabled: false })).toEqual(['audit-c', 'dast-10']);
    expect(offeredInstruments({ enabledInstruments: [...enabledInstruments], s2biAndCageAidEnabled: true })).toEqual([...enabledInstruments]);
  });
});
