import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importHsdsPackage } from './hsds';
import { anyCell } from './fuzz-helpers';

const FIXTURE = fs.readFileSync(path.join(__dirname, '../fixtures/hsds-package.json'), 'utf8');

describe('Open Referral HSDS 3.0 importer', () => {
  it('lists each service at each location with its words turned into tags', () => {
    const result = importHsdsPackage(FIXTURE, '2026-11-20', (zip) => (zip === '02143' ? { lat: 42.38, lng: -71.1 } : null));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const byName = Object.fromEntries(result.providers.map((p) => [p.name, p]));
    expect(byName['Recovery Coaching']).toMatchObject({
      name2: 'Greater Boston Recovery Coalition', services: ['spanish', 'peer-support'], street2: '2nd floor', zip: '02139',
      phone: '617-555-0400', website: 'https://gbrc.example.org', typeOfCare: ['community'], source: 'hsds',
    });
    expect(byName['SMART Recovery meeting']).toMatchObject({ services: ['telehealth', 'mutual-help'], phone: '617-555-0401' });
    expect(byName['Naloxone and syringe services']).toMatchObject({ services: ['harm-reduction', 'naloxone'], zip: '02115', phone: '617-555-0500 x7', lat: 42.3398 });
    expect(byName['Sober Living Referral Line']).toMatchObject({ services: ['recovery-housing'], lat: 42.38 });
  });

  it('a location without coordinates and no ZIP table imports nothing, naming the row and field', () => {
    const result = importHsdsPackage(FIXTURE, '2026-11-20');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toBe("Row 4: `location.latitude` must be a number between -90 and 90, got ''. Nothing was imported.");
  });

  it('names a link to a missing service', () => {
    const pkg = JSON.parse(FIXTURE);
    pkg.service_at_location[1].service_id = 'svc-9';
    const result = importHsdsPackage(pkg, '2026-11-20', () => ({ lat: 42, lng: -71 }));
    expect(!result.ok && result.errors[0]).toMatchObject({ row: 2, field: 'service_at_location.service_id' });
  });

  it('fuzzed packages never crash and always give row-level errors', () => {
    const record = fc.dictionary(fc.constantFrom('id', 'name', 'service_id', 'location_id', 'organization_id', 'latitude', 'longitude', 'city', 'state_province', 'postal_code', 'address_1', 'number', 'url'), anyCell);
    const ids = fc.constantFrom('a', 'b', 'c');
    const pkg = fc.record({
      organization: fc.array(record, { maxLength: 2 }),
      service: fc.array(fc.record({ id: ids, name: anyCell, organization_id: ids, url: anyCell }), { maxLength: 3 }),
      location: fc.array(fc.record({ id: ids, latitude: anyCell, longitude: anyCell, city: anyCell, state_province: anyCell, postal_code: anyCell }), { maxLength: 3 }),
      service_at_location: fc.array(fc.record({ id: ids, service_id: ids, location_id: ids }), { minLength: 1, maxLength: 3 }),
      phone: fc.oneof(anyCell, fc.array(record, { maxLength: 2 })),
    });
    fc.assert(
      fc.property(pkg, (p) => {
        const result = importHsdsPackage(p, '2026-11-20');
        if (!result.ok) {
          for (const e of result.errors) expect(e.message.startsWith(`Row ${e.row}: \`${e.field}\``)).toBe(true);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
