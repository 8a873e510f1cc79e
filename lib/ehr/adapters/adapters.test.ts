import { describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { builtInAdapters } from './index';
import { matchesPage } from './match';
import { ehrAdapterSchema } from './schema';

describe('built-in adapters', () => {
  test.each(builtInAdapters.map((a) => [a.id, a] as const))('%s passes the schema unchanged and lists existing fixtures', (_, adapter) => {
    expect(ehrAdapterSchema.parse(adapter)).toEqual(adapter);
    expect(adapter.provenPages.length).toBeGreaterThan(0);
    for (const page of adapter.provenPages) expect(existsSync(join(process.cwd(), 'tests/fixtures/ehr', page)), page).toBe(true);
  });

  test('ids are unique', () => {
    expect(new Set(builtInAdapters.map((a) => a.id)).size).toBe(builtInAdapters.length);
  });

  test('host and path patterns', () => {
    const [classic] = builtInAdapters;
    expect(classic && matchesPage(classic, 'http://127.0.0.1:4321/chart/p01')).toBe(true);
    expect(classic && matchesPage(classic, 'http://127.0.0.1:4321/spa/patient/p01')).toBe(false);
    expect(classic && matchesPage(classic, 'https://evil.example/chart/p01')).toBe(false);
    expect(classic && matchesPage(classic, 'not a url')).toBe(false);
    const smart = builtInAdapters.find((a) => a.id === 'smart-sandbox');
    expect(smart && matchesPage(smart, 'https://apps.smarthealthit.org/x')).toBe(true);
    expect(smart && matchesPage(smart, 'https://smarthealthit.org.evil.example/x')).toBe(false);
  });
});
