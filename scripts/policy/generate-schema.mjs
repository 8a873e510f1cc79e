#!/usr/bin/env node
// Regenerates public/managed_schema.json from the zod policy schema (lib/policy/schema.ts).
// The generator is TypeScript, so it runs inside vitest, which also checks the file afterwards.
import { spawnSync } from 'node:child_process';

const result = spawnSync('npx', ['vitest', 'run', 'lib/policy/managed-schema.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, UPDATE_MANAGED_SCHEMA: '1' },
});
process.exit(result.status ?? 1);
