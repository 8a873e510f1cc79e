import { expect, test } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The Firefox MV3 build clinics force-install through policies.json (docs/deploy.md): built
// from the same sources into a folder of its own, its manifest declares what Firefox needs, and
// Mozilla's own linter (web-ext lint, offline) finds no error. That Firefox without a policy
// ("Managed storage manifest not found") means "no policy" is proven in
// lib/settings/settings.browser.test.ts.
test.describe.configure({ mode: 'serial' });

let outDir = '';
let firefoxDir = '';

test.beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'bridge-firefox-'));
  const env: NodeJS.ProcessEnv = { ...process.env, BRIDGE_OUT_DIR: outDir };
  delete env.BRIDGE_DEMO;
  execFileSync('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], { env, stdio: 'pipe' });
  firefoxDir = join(outDir, 'firefox-mv3');
});

test.afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

test('the Firefox manifest is MV3 with a gecko id, no Chrome-only permission, and the managed schema', () => {
  const manifest = JSON.parse(readFileSync(join(firefoxDir, 'manifest.json'), 'utf8'));
  expect(manifest.manifest_version).toBe(3);
  // policies.json names the add-on by this id (scripts/package/policies.mjs FIREFOX_ADDON_ID).
  expect(manifest.browser_specific_settings.gecko.id).toBe('bridge@sud-bridge.example');
  expect(manifest.permissions).not.toContain('sidePanel');
  expect(manifest.side_panel).toBeUndefined();
  expect(manifest.background.scripts).toEqual(['background.js']);
  expect(manifest.host_permissions).toEqual([]);
  // Firefox reads 3rdparty policy only for add-ons that declare a managed storage schema.
  expect(manifest.storage.managed_schema).toBe('managed_schema.json');
  expect(existsSync(join(firefoxDir, manifest.storage.managed_schema))).toBe(true);
  expect(readFileSync(join(firefoxDir, 'managed_schema.json'), 'utf8')).toBe(readFileSync('public/managed_schema.json', 'utf8'));
});

test('web-ext lint finds no error in the Firefox build', () => {
  test.setTimeout(120_000);
  const lint = spawnSync('npx', ['web-ext', 'lint', '--source-dir', firefoxDir, '--output', 'json', '--no-input'], { encoding: 'utf8' });
  const report = JSON.parse(lint.stdout) as { summary: { errors: number; warnings: number }; errors: { code: string; file?: string; message: string }[] };
  expect(report.errors.map((error) => `${error.code} ${error.file ?? ''}: ${error.message}`)).toEqual([]);
  expect(report.summary.errors).toBe(0);
});
