import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/**
 * `BRIDGE_DEMO=1` builds the same extension plus a static grant for the bundled demo EHR on
 * 127.0.0.1, for `npm start`, the end-to-end tests and the benchmarks. A production build asks
 * for no host at all: EHR hosts come from the clinic's policy or an explicit grant by the user.
 */
const DEMO_HOSTS = ['http://127.0.0.1/*'];
const demo = process.env.BRIDGE_DEMO === '1';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  // A separate output folder lets two builds (say, two engineers' e2e runs) proceed side by side.
  outDir: process.env.BRIDGE_OUT_DIR ?? '.output',
  outDirTemplate: `{{browser}}-mv{{manifestVersion}}${demo ? '-demo' : ''}{{modeSuffix}}`,
  manifest: ({ browser }) => ({
    name: 'Bridge: SUD screening and referral',
    short_name: 'Bridge',
    // Patient-facing screening text lives in public/_locales (English and Spanish).
    default_locale: 'en',
    description:
      'Screens for substance use, finds treatment nearby and pre-fills the referral, inside the EHR you already use.',
    permissions: ['storage', 'unlimitedStorage', 'scripting', 'alarms', 'notifications', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // The SMART sign-in window (identity.launchWebAuthFlow), asked only when a clinician signs in
    // to the clinic's FHIR server.
    optional_permissions: ['identity'],
    host_permissions: demo ? DEMO_HOSTS : [],
    action: { default_title: 'Open Bridge' },
    minimum_chrome_version: '116',
    storage: { managed_schema: 'managed_schema.json' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'bridge@sud-bridge.example', strict_min_version: '128.0' } } }
      : {}),
  }),
});
