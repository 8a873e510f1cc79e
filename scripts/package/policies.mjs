// Example browser policy files that force-install Bridge and configure it, for Chrome on Linux,
// Windows and macOS and for Firefox. The same functions write the committed examples (with
// placeholders) and, during `npm run package`, ready-to-use copies with the real extension id.

/** The Firefox add-on id, as declared in wxt.config.ts (browser_specific_settings.gecko.id). */
export const FIREFOX_ADDON_ID = 'bridge@sud-bridge.example';

/** Placeholders the committed examples use; `npm run package` replaces them. */
export const PLACEHOLDER_ID = 'abcdefghijklmnopabcdefghijklmnop';
export const PLACEHOLDER_BASE_URL = 'https://it.example.org/bridge/';

/** Managed values the examples carry: a clinic that configures every key (no secrets). */
export const EXAMPLE_MANAGED_VALUES = {
  allowedEhrHosts: ['https://ehr.example.org/*'],
  ehrAdapters: [
    {
      id: 'clinic-ehr-chart',
      label: 'Clinic EHR chart',
      urlPatterns: ['https://ehr.example.org/chart/*'],
      banner: '#patient-banner',
      fields: { name: '.patient-name', birthDate: '.patient-dob', sex: '.patient-sex', postalCode: '.patient-address', mrn: '.patient-mrn' },
      referralForm: { frame: 'iframe#referral-frame', fields: { reason: 'textarea[name="reason"]', providerName: 'input[name="to"]' } },
    },
  ],
  enabledInstruments: ['niaaa-single', 'nida-single', 'audit-c', 'audit', 'dast-10', 'taps', 'crafft-2.1'],
  auditCCutoffs: { men: 4, women: 3 },
  rescreenIntervalMonths: 12,
  defaultLanguage: 'en',
  clinic: { name: 'Eastside Community Health', address: '100 Main Street, Springfield, MA', postalCode: '01103', npi: '1234567893', phone: '(413) 555-0100' },
  referringContacts: [{ name: 'Dana Ruiz', role: 'Care manager', phone: '(413) 555-0101', email: 'dana.ruiz@example.org' }],
  directorySourceUrl: 'https://it.example.org/bridge/directory.json',
  directoryRefreshHours: 24,
  fhirEndpoint: { baseUrl: 'https://fhir.example.org/r4', patientIdentifierSystem: 'urn:oid:2.16.840.1.113883.3.999', auth: 'smart', clientId: 'bridge' },
  retentionDays: 90,
  selfScreenAllowed: false,
  auditLogExportAllowed: true,
  s2biAndCageAidEnabled: false,
};

/** Chrome/Chromium on Linux: /etc/opt/chrome/policies/managed/bridge.json (Chromium: /etc/chromium/policies/managed/). */
export function chromeLinuxPolicy({ extensionId, updateUrl, managedValues }) {
  return {
    ExtensionInstallForcelist: [`${extensionId};${updateUrl}`],
    '3rdparty': { extensions: { [extensionId]: managedValues } },
  };
}

/** Firefox: policies.json (distribution/ folder of the install, or /etc/firefox/policies/). */
export function firefoxPolicies({ installUrl, managedValues }) {
  return {
    policies: {
      ExtensionSettings: { [FIREFOX_ADDON_ID]: { installation_mode: 'force_installed', install_url: installUrl } },
      '3rdparty': { Extensions: { [FIREFOX_ADDON_ID]: managedValues } },
    },
  };
}

function regString(text) {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Windows registry file. Chrome reads booleans and integers as REG_DWORD; lists and objects are
 * written as REG_SZ holding JSON, which Chrome parses against the extension's schema.
 */
export function windowsRegistry({ extensionId, updateUrl, managedValues }) {
  const lines = [
    'Windows Registry Editor Version 5.00',
    '',
    '; Force-installs Bridge from the clinic server and configures it. Import with: reg import bridge.reg',
    '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome\\ExtensionInstallForcelist]',
    `"1"=${regString(`${extensionId};${updateUrl}`)}`,
    '',
    `[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome\\3rdparty\\extensions\\${extensionId}\\policy]`,
  ];
  for (const [key, value] of Object.entries(managedValues)) {
    if (typeof value === 'boolean') lines.push(`"${key}"=dword:${value ? '00000001' : '00000000'}`);
    else if (Number.isInteger(value)) lines.push(`"${key}"=dword:${value.toString(16).padStart(8, '0')}`);
    else if (typeof value === 'string') lines.push(`"${key}"=${regString(value)}`);
    else lines.push(`"${key}"=${regString(JSON.stringify(value))}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

function escapeXml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function plistValue(value, indent) {
  const pad = '  '.repeat(indent);
  if (typeof value === 'boolean') return `${pad}<${value}/>`;
  if (Number.isInteger(value)) return `${pad}<integer>${value}</integer>`;
  if (typeof value === 'number') return `${pad}<real>${value}</real>`;
  if (typeof value === 'string') return `${pad}<string>${escapeXml(value)}</string>`;
  if (Array.isArray(value)) return [`${pad}<array>`, ...value.map((item) => plistValue(item, indent + 1)), `${pad}</array>`].join('\n');
  return [
    `${pad}<dict>`,
    ...Object.entries(value).flatMap(([key, item]) => [`${pad}  <key>${escapeXml(key)}</key>`, plistValue(item, indent + 1)]),
    `${pad}</dict>`,
  ].join('\n');
}

/**
 * macOS configuration profile with two payloads: Chrome's ExtensionInstallForcelist, and the
 * extension's managed values under the payload type com.google.Chrome.extensions.<id>.
 */
export function macosMobileconfig({ extensionId, updateUrl, managedValues }) {
  const profile = {
    PayloadContent: [
      {
        PayloadType: 'com.google.Chrome',
        PayloadIdentifier: 'org.example.bridge.chrome',
        PayloadUUID: '3C1B0D2E-5B1A-4E7C-9F4D-2A6B8C0D1E21',
        PayloadVersion: 1,
        PayloadDisplayName: 'Chrome: install Bridge',
        ExtensionInstallForcelist: [`${extensionId};${updateUrl}`],
      },
      {
        PayloadType: `com.google.Chrome.extensions.${extensionId}`,
        PayloadIdentifier: 'org.example.bridge.settings',
        PayloadUUID: '7E2F4A6B-8C1D-4E3F-A5B7-C9D1E3F5A7B9',
        PayloadVersion: 1,
        PayloadDisplayName: 'Bridge clinic settings',
        ...managedValues,
      },
    ],
    PayloadDisplayName: 'Bridge for the clinic',
    PayloadIdentifier: 'org.example.bridge',
    PayloadType: 'Configuration',
    PayloadUUID: '1A2B3C4D-5E6F-4A7B-8C9D-0E1F2A3B4C5D',
    PayloadVersion: 1,
    PayloadScope: 'System',
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    plistValue(profile, 0),
    '</plist>',
    '',
  ].join('\n');
}

/** The self-hosting update manifest Chrome fetches from the ExtensionInstallForcelist URL. */
export function updatesXml({ extensionId, crxUrl, version }) {
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    "<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>",
    `  <app appid='${escapeXml(extensionId)}'>`,
    `    <updatecheck codebase='${escapeXml(crxUrl)}' version='${escapeXml(version)}' />`,
    '  </app>',
    '</gupdate>',
    '',
  ].join('\n');
}

/** Every example policy file, by file name, for one deployment. */
export function policyFiles({ extensionId, baseUrl, managedValues = EXAMPLE_MANAGED_VALUES }) {
  const updateUrl = new URL('updates.xml', baseUrl).href;
  const firefoxUrl = new URL('bridge-firefox.xpi', baseUrl).href;
  return {
    'chrome-linux-bridge.json': `${JSON.stringify(chromeLinuxPolicy({ extensionId, updateUrl, managedValues }), null, 2)}\n`,
    'chrome-windows-bridge.reg': windowsRegistry({ extensionId, updateUrl, managedValues }),
    'chrome-macos-bridge.mobileconfig': macosMobileconfig({ extensionId, updateUrl, managedValues }),
    'firefox-policies.json': `${JSON.stringify(firefoxPolicies({ installUrl: firefoxUrl, managedValues }), null, 2)}\n`,
  };
}
