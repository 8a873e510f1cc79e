import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importOtp2021Csv } from './importers/samhsa-otp-2021';
import { importSu2021Csv } from './importers/samhsa-su-2021';
import type { Provider } from './provider';
import { buildDirectoryIndex, nearestProviders, nearestProvidersByScan, type NearestResult, type NeedQuery } from './search';
import type { ServiceTag } from './service-codes';

const SU = '/work/shared/data/samhsa-treatment-facilities-2021.csv';
const OTP = '/work/shared/data/samhsa-opioid-treatment-programs-2021.csv';

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODDS: [ServiceTag, number][] = [
  ['medicaid', 0.5], ['outpatient', 0.3], ['buprenorphine', 0.3], ['spanish', 0.2], ['methadone', 0.08], ['private-insurance', 0.6], ['sliding-fee', 0.6], ['adolescents', 0.05],
];

function provider(id: string, lat: number, lng: number, services: ServiceTag[], servicesKnown = true): Provider {
  return {
    id, name: id, name2: null, street1: '1 Main St', street2: null, city: 'Town', state: 'MA', zip: '02139', phone: null, phoneAsOf: null,
    intakePhone: null, hotline: null, website: null, lat, lng, typeOfCare: ['su'], services, rawCodes: [], servicesKnown, source: 'findtreatment-json',
    alsoFrom: [], lastVerified: '2026-11-01',
  };
}

/** Index and reference agree: same distances in order, same listings strictly inside the last distance. */
function expectSameAnswer(actual: NearestResult, expected: NearestResult): void {
  for (const key of ['matches', 'unlisted'] as const) {
    const a = actual[key];
    const e = expected[key];
    expect(a.map((m) => m.miles.toFixed(6))).toEqual(e.map((m) => m.miles.toFixed(6)));
    const last = e.at(-1)?.miles ?? 0;
    const inside = (list: typeof a) => list.filter((m) => m.miles < last - 1e-6).map((m) => m.provider.id).sort();
    expect(inside(a)).toEqual(inside(e));
    // Real listings share coordinates, so equal distances may come in either order.
    const described = (list: typeof a) => list.filter((m) => m.miles < last - 1e-6).map((m) => `${m.provider.id} ${m.explanation}`).sort();
    expect(described(a)).toEqual(described(e));
  }
}

describe('nearestProviders', () => {
  it('explains matches and labels listings whose services are not listed', () => {
    const providers = [
      provider('near-bup', 42.37, -71.1, ['buprenorphine', 'medicaid']),
      provider('near-no-bup', 42.371, -71.1, ['medicaid']),
      provider('otp', 42.38, -71.1, ['otp', 'methadone'], false),
      provider('unknown', 42.36, -71.1, [], false),
    ];
    const index = buildDirectoryIndex(providers);
    const origin = { lat: 42.3, lng: -71.1 };
    const bup = nearestProviders(index, origin, { need: ['buprenorphine', 'medicaid'] });
    expect(bup.matches.map((m) => m.provider.id)).toEqual(['near-bup']);
    expect(bup.matches[0]!.explanation).toBe('offers buprenorphine · accepts Medicaid · 4.8 mi');
    expect(bup.unlisted.map((m) => m.provider.id)).toEqual(['unknown', 'otp']);
    expect(bup.unlisted[0]!.explanation).toBe('Buprenorphine, Medicaid not listed: call to confirm · 4.1 mi');

    const methadone = nearestProviders(index, origin, { need: ['methadone'] });
    expect(methadone.matches.map((m) => m.provider.id)).toEqual(['otp']);
    expect(methadone.matches[0]!.servicesNotListed).toBe(true);
    expect(methadone.unlisted.map((m) => m.provider.id)).toEqual(['unknown']);

    const all = nearestProviders(index, origin);
    expect(all.matches.map((m) => m.provider.id)).toEqual(['unknown', 'near-bup', 'near-no-bup', 'otp']);
    expect(all.matches[0]!.explanation).toBe('services not listed: call to confirm · 4.1 mi');
    expect(all.unlisted).toEqual([]);
    expect(nearestProviders(index, origin, { maxMiles: 4.5 }).matches.map((m) => m.provider.id)).toEqual(['unknown']);
    expect(nearestProviders(index, origin, { need: ['veterans'], includeUnlisted: false })).toEqual({ matches: [], unlisted: [] });
  });

  it('agrees with a brute-force scan on synthetic services (2,000 listings, 400 queries)', () => {
    const random = rng(7);
    const providers = Array.from({ length: 2000 }, (_, i) =>
      provider(`p${i}`, 25 + random() * 23, -124 + random() * 57, ODDS.filter(([, p]) => random() < p).map(([t]) => t).sort(), random() > 0.2),
    );
    const index = buildDirectoryIndex(providers);
    for (let q = 0; q < 400; q++) {
      const need = ODDS.filter(() => random() < 0.25).map(([t]) => t);
      const query: NeedQuery = { need, limit: 1 + Math.floor(random() * 30), maxMiles: random() < 0.5 ? undefined : 5 + random() * 400 };
      const origin = { lat: 25 + random() * 23, lng: -124 + random() * 57 };
      expectSameAnswer(nearestProviders(index, origin, query), nearestProvidersByScan(providers, origin, query));
    }
  });

  it.skipIf(!fs.existsSync(SU) || !fs.existsSync(OTP))('agrees with a brute-force scan on the real 2021 facilities and OTPs', () => {
    const su = importSu2021Csv(fs.readFileSync(SU, 'utf8'));
    const otp = importOtp2021Csv(new Uint8Array(fs.readFileSync(OTP)));
    if (!su.ok || !otp.ok) throw new Error('real files did not import');
    const random = rng(11);
    // Real coordinates; services as the real files state them (OTP = methadone) plus synthetic
    // services on a share of listings so that every filter path is exercised.
    const providers = [...su.providers, ...otp.providers].map((p, i) =>
      i % 3 === 0 ? { ...p, servicesKnown: true, services: ODDS.filter(([, odds]) => random() < odds).map(([t]) => t).sort() } : p,
    );
    const index = buildDirectoryIndex(providers);
    for (let q = 0; q < 40; q++) {
      const anchor = providers[Math.floor(random() * providers.length)]!;
      const origin = { lat: anchor.lat + (random() - 0.5), lng: anchor.lng + (random() - 0.5) };
      const need = ODDS.filter(() => random() < 0.2).map(([t]) => t);
      const query: NeedQuery = { need, limit: 20, maxMiles: random() < 0.3 ? undefined : 310 };
      expectSameAnswer(nearestProviders(index, origin, query), nearestProvidersByScan(providers, origin, query));
    }
  });
});
