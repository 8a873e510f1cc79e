import { defineConfig } from '@playwright/test';

export const DEMO_EHR_PORT = Number(process.env.DEMO_EHR_PORT ?? 4321);

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e-artifacts',
  // Each test starts its own Chromium with the extension; two cores do not run two at once well.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
  webServer: {
    command: 'node tests/demo-ehr/server.mjs',
    url: `http://127.0.0.1:${DEMO_EHR_PORT}/`,
    reuseExistingServer: !process.env.CI,
    env: { DEMO_EHR_PORT: String(DEMO_EHR_PORT) },
  },
});
