import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importLocator2017Csv } from './importers/locator-2017';
import { importOtp2021Csv } from './importers/samhsa-otp-2021';
import { importSu2021Csv } from './importers/samhsa-su-2021';
import { findLink, mergeNationalDirectory, nameWords } from './link';
import { streetKey, type Provider } from './provider';

const DATA = '/work/shared/data';
const base = (over: Partial<Provider>): Provider => ({
  id: 'x', name: 'X', name2: null, street1: '', street2: null, city: 'Town', state: 'MA', zip: '02139', phone: null, phoneAsOf: null, intakePhone: null,
  hotline: null, website: null, lat: 42, lng: -71, typeOfCare: ['su'], services: [], rawCodes: [], servicesKnown: false, source: 'samhsa-su-2021',
  alsoFrom: [], lastVerified: '2021-07-28', ...over,
});

describe('linking listings across the national files', () => {
  it('normalises names and streets', () => {
    expect(nameWords('Narcotic Drug Treatment Center, Inc.')).toEqual(nameWords('Narcotic Drug Treatment Center Inc'));
    expect(streetKey('710 Third Ave., Suite 4')).toBe(streetKey('710 3rd Avenue'));
  });

  it('prefers name and street, then name, then street with a similar name; otherwise none', () => {
    const a = base({ id: 'a', name: 'Harbor Clinic', street1: '1 Main Street' });
    const b = base({ id: 'b', name: 'Harbor Clinic', street1: '9 Other Road' });
    const c = base({ id: 'c', name: 'BHG Gadsden Treatment Center', street1: '1121 Gardner Street' });
    expect(findLink(base({ name: 'Harbor Clinic LLC', street1: '1 Main St' }), [b, a])).toMatchObject({ target: { id: 'a' }, method: 'name+street' });
    expect(findLink(base({ name: 'Harbor Clinic', street1: '9 Othre Road' }), [b])).toMatchObject({ target: { id: 'b' }, method: 'name' });
    expect(findLink(base({ name: 'Harbor Clinic', street1: '5 Elm St' }), [b])).toBeNull();
    expect(findLink(base({ name: 'Gadsden Treatment Center', street1: '1121 Gardner St' }), [c])).toMatchObject({ method: 'street+similar-name' });
    expect(findLink(base({ name: 'Totally Different Place', street1: '1121 Gardner St' }), [c])).toBeNull();
  });

  it.skipIf(!fs.existsSync(`${DATA}/samhsa-treatment-locator-listing-2017.csv`))('links the real files, and linked records lie close together', () => {
    const su = importSu2021Csv(fs.readFileSync(`${DATA}/samhsa-treatment-facilities-2021.csv`, 'utf8'));
    const otp = importOtp2021Csv(new Uint8Array(fs.readFileSync(`${DATA}/samhsa-opioid-treatment-programs-2021.csv`)));
    const locator = importLocator2017Csv(fs.readFileSync(`${DATA}/samhsa-treatment-locator-listing-2017.csv`, 'utf8'), () => ({ lat: 40, lng: -100 }));
    if (!su.ok || !otp.ok || !locator.ok) throw new Error('real files did not import');
    const { providers, report } = mergeNationalDirectory(su.providers, otp.providers, locator.providers);
    const links = report.otpLinked + report.locatorSuLinked + report.locatorMhLinked;
    // The coordinates were geocoded separately in each file: a sound link puts both within a mile.
    expect(report.linksWithinOneMile / links).toBeGreaterThan(0.9);
    expect(report.linksOverFiveMiles / links).toBeLessThan(0.01);
    // More than the 6,544 exact name + ZIP matches the data README counts.
    expect(report.locatorSuLinked).toBeGreaterThan(6_544);
    expect(report.otpLinked + report.otpStandalone).toBe(otp.providers.length);
    expect(providers.filter((p) => p.source === 'samhsa-otp-2021')).toHaveLength(report.otpStandalone);
    expect(new Set(providers.map((p) => p.id)).size).toBe(providers.length);
  });
});
