import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

// Least privilege (docs/security.md): every permission of the production build is listed, with
// its reason, in the README's "Permissions and why" table, and nothing is listed that the build
// does not ask for. Adding a permission without documenting it fails here.
function documentedPermissions(): Set<string> {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.split('## Permissions and why')[1]?.split('\n## ')[0] ?? '';
  const names = new Set<string>();
  for (const row of section.split('\n').filter((line) => line.startsWith('| `') || line.startsWith('| optional'))) {
    const cell = row.split('|')[1] ?? '';
    if (cell.includes('demo builds only')) continue;
    for (const match of cell.matchAll(/`([^`]+)`/g)) names.add(`${cell.trim().startsWith('optional') ? 'optional:' : ''}${match[1]}`);
  }
  return names;
}

// BRIDGE_PRODUCTION_DIR lets an engineer check a production build made into their own folder.
const PRODUCTION_DIR = process.env.BRIDGE_PRODUCTION_DIR ?? '.output/chrome-mv3';

test('the production manifest asks for exactly the documented permissions', () => {
  const manifest = JSON.parse(readFileSync(`${PRODUCTION_DIR}/manifest.json`, 'utf8'));
  const asked = new Set<string>([
    ...manifest.permissions,
    ...(manifest.host_permissions ?? []),
    ...(manifest.optional_host_permissions ?? []).map((p: string) => `optional:${p}`),
    ...(manifest.optional_permissions ?? []).map((p: string) => `optional:${p}`),
  ]);
  expect([...asked].sort()).toEqual([...documentedPermissions()].sort());
  expect(manifest.host_permissions ?? []).toEqual([]);
  // The SMART sign-in window is asked for when a clinician signs in, never at install.
  expect(manifest.optional_permissions).toEqual(['identity']);
  expect(manifest.permissions).not.toContain('identity');
  expect(manifest.content_scripts ?? []).toEqual([]);
  expect(manifest.externally_connectable).toBeUndefined();
  // MV3's default CSP (no remote code, no eval) stays in force: Bridge never loosens it.
  expect(manifest.content_security_policy).toBeUndefined();
});
