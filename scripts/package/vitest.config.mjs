import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests of the packaging scripts. The main vitest.config.ts only includes lib/ and components/;
// until it also includes scripts/**/*.test.mjs, run: npx vitest run --config scripts/package/vitest.config.mjs
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: { include: ['scripts/**/*.test.mjs'], environment: 'node', testTimeout: 60_000 },
});
