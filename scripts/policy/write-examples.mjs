#!/usr/bin/env node
// Rewrites examples/policies/ from scripts/package/policies.mjs (placeholder id and URL).
// `npx vitest run --config scripts/package/vitest.config.mjs` fails when they drift apart.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PLACEHOLDER_BASE_URL, PLACEHOLDER_ID, policyFiles } from '../package/policies.mjs';

const dir = fileURLToPath(new URL('../../examples/policies/', import.meta.url));
for (const [name, text] of Object.entries(policyFiles({ extensionId: PLACEHOLDER_ID, baseUrl: PLACEHOLDER_BASE_URL }))) {
  writeFileSync(dir + name, text);
  console.log(`wrote examples/policies/${name}`);
}
