import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// Chromium on Linux reads every *.json file in this folder as mandatory machine policy. It is
// machine-wide: a test that writes here must remove its file whatever happens (see
// removeManagedPolicy), and while developing, run inside a private mount namespace
// (docs/deploy.md, "Testing a policy without touching the machine").
export const MANAGED_POLICY_DIR = '/etc/chromium/policies/managed';
export const MANAGED_POLICY_FILE = join(MANAGED_POLICY_DIR, 'bridge-e2e.json');

/** Creates the policy folder if this machine has none, so a browser started now watches it. */
export function ensureManagedPolicyDir(): void {
  mkdirSync(MANAGED_POLICY_DIR, { recursive: true });
}

/**
 * Writes `policy` as Chromium's machine policy, atomically (a rename), so the browser's file
 * watcher never reads half a file. Creates the folder if this machine has none yet.
 */
export function writeManagedPolicy(policy: object): void {
  ensureManagedPolicyDir();
  const temporary = join(MANAGED_POLICY_DIR, '.bridge-e2e.json.tmp');
  writeFileSync(temporary, JSON.stringify(policy, null, 2));
  renameSync(temporary, MANAGED_POLICY_FILE);
}

/** Removes the test's policy file; safe to call when it does not exist. */
export function removeManagedPolicy(): void {
  rmSync(MANAGED_POLICY_FILE, { force: true });
  rmSync(join(MANAGED_POLICY_DIR, '.bridge-e2e.json.tmp'), { force: true });
}

/** The packaging scripts (plain ES modules, untyped), with the signatures the tests use. */
export interface PackageScripts {
  extensionIdForUnpackedPath: (absolutePath: string) => string;
  chromeLinuxPolicy: (options: { extensionId: string; updateUrl: string; managedValues: object }) => Record<string, unknown>;
}

/** Loads `scripts/package/crx.mjs` and `policies.mjs`, the same code `npm run package` runs. */
export async function packageScripts(): Promise<PackageScripts> {
  // A computed specifier keeps TypeScript from wanting declarations for these plain .mjs files.
  // eslint-disable-next-line no-unsanitized/method -- fixed files of this repository, not data
  const load = (name: 'crx.mjs' | 'policies.mjs') => import(pathToFileURL(resolve('scripts/package', name)).href);
  const [crx, policies] = await Promise.all([load('crx.mjs'), load('policies.mjs')]);
  return { extensionIdForUnpackedPath: crx.extensionIdForUnpackedPath, chromeLinuxPolicy: policies.chromeLinuxPolicy };
}

/** Bridge's managed values in a Linux policy file, for an extension Chromium already loads. */
export function thirdPartyPolicy(extensionId: string, managedValues: object): object {
  // A force-installed extension is invisible to DevTools, and so to Playwright's CDP, unless this
  // is 1 (the default, 0, hides it; measured). Harmless for an extension loaded unpacked.
  return { DeveloperToolsAvailability: 1, '3rdparty': { extensions: { [extensionId]: managedValues } } };
}
