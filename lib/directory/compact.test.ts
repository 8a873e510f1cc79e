import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeDirectory, encodeDirectory } from './compact';
import { importFindTreatmentJson } from './importers/findtreatment-json';
import { importHsdsPackage } from './importers/hsds';

const sources = [
  { id: 'findtreatment-json' as const, title: 'FindTreatment export', asOf: '2026-11-01', url: null },
  { id: 'hsds' as const, title: 'Community resources', asOf: '2026-11-20', url: null },
];

describe('compact directory', () => {
  it('round-trips providers (coordinates to 4 decimals)', () => {
    const ft = importFindTreatmentJson(fs.readFileSync(path.join(__dirname, 'fixtures/findtreatment-export.json'), 'utf8'), '2026-11-01');
    const hsds = importHsdsPackage(fs.readFileSync(path.join(__dirname, 'fixtures/hsds-package.json'), 'utf8'), '2026-11-20', () => ({ lat: 42.38, lng: -71.1 }));
    if (!ft.ok || !hsds.ok) throw new Error('fixtures did not import');
    const providers = [...ft.providers, ...hsds.providers];
    const decoded = decodeDirectory(JSON.parse(JSON.stringify(encodeDirectory(providers, sources, '2026-11-23'))));
    const byId = new Map(decoded.map((p) => [p.id, p]));
    expect(decoded).toHaveLength(providers.length);
    for (const p of providers) {
      const back = byId.get(p.id)!;
      expect({ ...back, lat: 0, lng: 0 }).toEqual({ ...p, lat: 0, lng: 0 });
      expect(Math.abs(back.lat - p.lat)).toBeLessThanOrEqual(0.00005 + 1e-9);
      expect(Math.abs(back.lng - p.lng)).toBeLessThanOrEqual(0.00005 + 1e-9);
    }
  });

  it('the stored form carries ids, and a value of the wrong type is named', () => {
    const ft = importFindTreatmentJson(fs.readFileSync(path.join(__dirname, 'fixtures/findtreatment-export.json'), 'utf8'), '2026-11-01');
    if (!ft.ok) throw new Error(ft.message);
    const stored = encodeDirectory(ft.providers, sources, '2026-11-23', true);
    expect(stored.columns.id).toEqual(expect.arrayContaining(ft.providers.map((p) => p.id)));
    expect(decodeDirectory(stored).map((p) => p.id).sort()).toEqual(ft.providers.map((p) => p.id).sort());
    const broken = JSON.parse(JSON.stringify(stored));
    broken.columns.lat[1] = 'north';
    expect(() => decodeDirectory(broken)).toThrow('Directory row 2: `lat` must be a whole number.');
  });

  it('rejects a file whose columns disagree with its count', () => {
    const compact = encodeDirectory([], sources, '2026-11-23');
    expect(() => decodeDirectory({ ...compact, count: 1 })).toThrow(/count/);
    expect(() => decodeDirectory({ format: 'something else' })).toThrow();
  });
});
