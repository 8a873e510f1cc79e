#!/usr/bin/env node
// Packages Bridge for clinics, after `wxt build` and `wxt build -b firefox --mv3`:
//   .output/package/bridge-<version>-chrome.zip    Chrome Web Store upload
//   .output/package/bridge.crx + updates.xml       self-hosted CRX3 for ExtensionInstallForcelist
//   .output/package/bridge-firefox.xpi             Firefox MV3 package (a zip; AMO signs it)
//   .output/package/extension-id.txt               the id derived from the clinic's key
//   .output/package/policies/                      policy files with this id and URL filled in
// Options: --base-url=<URL where bridge.crx and updates.xml will be served> (or
// BRIDGE_UPDATE_BASE_URL), --key=<path> (or BRIDGE_SIGNING_KEY; default keys/bridge-clinic.pem),
// --chrome-dir, --firefox-dir, --out-dir.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildCrx3, extensionIdFromPublicKey, generateSigningKeyPem, publicKeyDerFromPrivatePem } from './crx.mjs';
import { policyFiles, updatesXml } from './policies.mjs';
import { zipDirectory } from './zip.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const { values: options } = parseArgs({
  options: {
    'base-url': { type: 'string', default: process.env.BRIDGE_UPDATE_BASE_URL ?? 'http://127.0.0.1:8787/' },
    key: { type: 'string', default: process.env.BRIDGE_SIGNING_KEY ?? join(ROOT, 'keys/bridge-clinic.pem') },
    'chrome-dir': { type: 'string', default: join(ROOT, '.output/chrome-mv3') },
    'firefox-dir': { type: 'string', default: join(ROOT, '.output/firefox-mv3') },
    'out-dir': { type: 'string', default: join(ROOT, '.output/package') },
  },
});

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

/** The clinic's signing key: read it, or create it (RSA 2048, owner-only) on the first run. */
function signingKey(path) {
  if (existsSync(path)) return { pem: readFileSync(path, 'utf8'), created: false };
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const pem = generateSigningKeyPem();
  writeFileSync(path, pem, { mode: 0o600 });
  chmodSync(path, 0o600);
  return { pem, created: true };
}

function manifestOf(dir) {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) fail(`${path} is missing. Build first: npx wxt build && npx wxt build -b firefox --mv3`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

const baseUrl = options['base-url'].endsWith('/') ? options['base-url'] : `${options['base-url']}/`;
try {
  new URL(baseUrl);
} catch {
  fail(`--base-url must be a URL, got "${options['base-url']}"`);
}
const outDir = resolve(options['out-dir']);
const keyPath = resolve(options.key);
if (keyPath.startsWith(`${outDir}/`) || keyPath.startsWith(`${resolve(options['chrome-dir'])}/`)) {
  fail(`the signing key ${keyPath} must not live inside a folder that gets published or packaged`);
}

const chromeManifest = manifestOf(options['chrome-dir']);
const version = chromeManifest.version;
rmSync(outDir, { recursive: true, force: true });
mkdirSync(join(outDir, 'policies'), { recursive: true });

const chromeZip = zipDirectory(options['chrome-dir']);
const storeZipName = `bridge-${version}-chrome.zip`;
writeFileSync(join(outDir, storeZipName), chromeZip);

const key = signingKey(keyPath);
const extensionId = extensionIdFromPublicKey(publicKeyDerFromPrivatePem(key.pem));
writeFileSync(join(outDir, 'bridge.crx'), buildCrx3(chromeZip, key.pem));
const crxUrl = new URL('bridge.crx', baseUrl).href;
writeFileSync(join(outDir, 'updates.xml'), updatesXml({ extensionId, crxUrl, version }));
writeFileSync(join(outDir, 'extension-id.txt'), `${extensionId}\n`);
for (const [name, text] of Object.entries(policyFiles({ extensionId, baseUrl }))) writeFileSync(join(outDir, 'policies', name), text);

const report = [
  `Bridge ${version}, extension id ${extensionId}`,
  `  signing key   ${keyPath}${key.created ? ' (created now: back it up; losing it changes the id)' : ''}`,
  `  web store zip ${join(outDir, storeZipName)}`,
  `  self-hosted   ${join(outDir, 'bridge.crx')} + updates.xml, to be served at ${baseUrl}`,
];
if (existsSync(join(options['firefox-dir'], 'manifest.json'))) {
  writeFileSync(join(outDir, 'bridge-firefox.xpi'), zipDirectory(options['firefox-dir']));
  report.push(`  firefox       ${join(outDir, 'bridge-firefox.xpi')} (check: npx web-ext lint --source-dir ${options['firefox-dir']})`);
} else {
  report.push(`  firefox       skipped: ${options['firefox-dir']} not built (npx wxt build -b firefox --mv3)`);
}
report.push(`  policies      ${join(outDir, 'policies')}/ (force-install ${extensionId};${new URL('updates.xml', baseUrl).href})`);
console.log(report.join('\n'));
