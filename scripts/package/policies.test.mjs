import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../lib/policy/parse';
import { EXAMPLE_MANAGED_VALUES, FIREFOX_ADDON_ID, PLACEHOLDER_BASE_URL, PLACEHOLDER_ID, policyFiles, updatesXml } from './policies.mjs';

const files = policyFiles({ extensionId: PLACEHOLDER_ID, baseUrl: PLACEHOLDER_BASE_URL });

describe('example policy files', () => {
  it.each(Object.keys(files))('examples/policies/%s is what scripts/policy/write-examples.mjs writes', (name) => {
    expect(readFileSync(new URL(`../../examples/policies/${name}`, import.meta.url), 'utf8')).toBe(files[name]);
  });

  it('carry managed values Bridge accepts without a single warning, covering every key', () => {
    expect(parsePolicy(EXAMPLE_MANAGED_VALUES)).toEqual({ policy: EXAMPLE_MANAGED_VALUES, warnings: [] });
  });

  it('Chrome on Linux: force-installs id;updates.xml and configures the same id', () => {
    const policy = JSON.parse(files['chrome-linux-bridge.json']);
    expect(policy.ExtensionInstallForcelist).toEqual([`${PLACEHOLDER_ID};https://it.example.org/bridge/updates.xml`]);
    expect(policy['3rdparty'].extensions[PLACEHOLDER_ID]).toEqual(EXAMPLE_MANAGED_VALUES);
  });

  it('Firefox: force-installs the add-on id and configures it under 3rdparty.Extensions', () => {
    const { policies } = JSON.parse(files['firefox-policies.json']);
    expect(policies.ExtensionSettings[FIREFOX_ADDON_ID].installation_mode).toBe('force_installed');
    expect(policies['3rdparty'].Extensions[FIREFOX_ADDON_ID]).toEqual(EXAMPLE_MANAGED_VALUES);
  });

  it('Windows: every value reads back (DWORD numbers and booleans, JSON strings for lists and objects)', () => {
    const lines = files['chrome-windows-bridge.reg'].split('\r\n');
    const section = lines.indexOf(`[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome\\3rdparty\\extensions\\${PLACEHOLDER_ID}\\policy]`);
    const values = {};
    for (const line of lines.slice(section + 1).filter(Boolean)) {
      const [, name, raw] = /^"([^"]+)"=(.*)$/.exec(line);
      const key = name;
      if (raw.startsWith('dword:')) values[key] = parseInt(raw.slice(6), 16);
      else {
        const text = JSON.parse(raw);
        values[key] = /^[[{]/.test(text) ? JSON.parse(text) : text;
      }
    }
    const expected = Object.fromEntries(Object.entries(EXAMPLE_MANAGED_VALUES).map(([k, v]) => [k, typeof v === 'boolean' ? Number(v) : v]));
    expect(values).toEqual(expected);
  });

  it('macOS: a well-formed plist with a payload for the extension', () => {
    const text = files['chrome-macos-bridge.mobileconfig'];
    expect(text).toContain(`<string>com.google.Chrome.extensions.${PLACEHOLDER_ID}</string>`);
    expect(text).toContain('<key>retentionDays</key>\n      <integer>90</integer>');
    const opened = (text.match(/<(dict|array)>/g) ?? []).length;
    const closed = (text.match(/<\/(dict|array)>/g) ?? []).length;
    expect(opened).toBe(closed);
  });

  it('updates.xml names the app id, the CRX URL and the version, escaped', () => {
    expect(updatesXml({ extensionId: PLACEHOLDER_ID, crxUrl: 'https://x.example/bridge.crx?a=1&b=2', version: '0.1.0' })).toContain(
      `<app appid='${PLACEHOLDER_ID}'>\n    <updatecheck codebase='https://x.example/bridge.crx?a=1&amp;b=2' version='0.1.0' />`,
    );
  });
});
