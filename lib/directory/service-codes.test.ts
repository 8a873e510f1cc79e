import { describe, expect, it } from 'vitest';
import { normalisePhone } from './importers/common';
import { providerId, zip5 } from './provider';
import { CSV_CODE_TAGS, SERVICE_TAGS, SERVICE_TAG_INFO, tagsForF3Label } from './service-codes';

describe('service codes', () => {
  it('has one label per tag, within the 32-bit mask search uses', () => {
    expect(SERVICE_TAG_INFO.map((i) => i.tag)).toEqual([...SERVICE_TAGS]);
    expect(SERVICE_TAGS.length).toBeLessThanOrEqual(32);
  });

  it('maps the documented f3 labels by name', () => {
    expect(tagsForF3Label('Buprenorphine used in Treatment')).toEqual(['buprenorphine']);
    expect(tagsForF3Label('Naltrexone (extended-release, injectable)')).toEqual(['naltrexone']);
    expect(tagsForF3Label(' Sliding fee scale (fee is based on income and other factors) ')).toEqual(['sliding-fee']);
    expect(tagsForF3Label('Cash or self-payment')).toEqual(['self-pay']);
    expect(tagsForF3Label('Sign language services for the deaf and hard of hearing')).toEqual(['asl']);
    expect(tagsForF3Label('Other languages (excluding Spanish)')).toEqual([]);
    expect(tagsForF3Label('Methadone detoxification')).toEqual(['methadone', 'detox']);
    expect(tagsForF3Label('Residential detoxification')).toEqual(['residential', 'detox']);
    expect(tagsForF3Label('Telemedicine/telehealth therapy')).toEqual(['telehealth']);
  });

  it('maps CSV codes whose meaning is documented and leaves the rest unmapped', () => {
    expect(CSV_CODE_TAGS.get('vtrl')).toEqual(['naltrexone']);
    expect(CSV_CODE_TAGS.get('rl')).toEqual(['residential', 'residential-long-term']);
    expect(CSV_CODE_TAGS.get('f17')).toBeUndefined();
  });

  it('reports ASAM levels only where SAMHSA categories map one to one', () => {
    const asam = Object.fromEntries(SERVICE_TAG_INFO.filter((i) => i.asam).map((i) => [i.tag, i.asam!.level]));
    expect(asam).toEqual({ outpatient: '1', 'intensive-outpatient': '2.1', 'partial-hospitalization': '2.5', otp: 'OTP' });
  });
});

describe('provider identity and fields', () => {
  it('repairs ZIPs', () => {
    expect(zip5('6708')).toBe('06708');
    expect(zip5('501')).toBe('00501');
    expect(zip5('99654-8525')).toBe('99654');
    expect(zip5('996548525')).toBe('99654');
    expect(zip5('1234567')).toBeNull();
    expect(zip5('ABCDE')).toBeNull();
  });

  it('derives the same id from the same place written differently', () => {
    expect(providerId('Harbor Clinic, Inc.', '100 Main Street', 'Cambridge', 'MA', '02139')).toBe(providerId('HARBOR CLINIC INC', '100 Main St., Suite 4', 'cambridge', 'MA', '02139'));
    expect(providerId('Harbor Clinic', '100 Main Street', 'Cambridge', 'MA', '02139')).not.toBe(providerId('Harbor Clinic', '101 Main Street', 'Cambridge', 'MA', '02139'));
  });

  it('normalises the phone shapes of the SAMHSA files', () => {
    expect(normalisePhone('(703) 691-3029')).toBe('703-691-3029');
    expect(normalisePhone('703-425-9200x228')).toBe('703-425-9200 x228');
    expect(normalisePhone('703-841-0703-93122')).toBe('703-841-0703 x93122');
    expect(normalisePhone('570-658-7383-x2900')).toBe('570-658-7383 x2900');
    expect(normalisePhone('1-800-662-4357')).toBe('800-662-4357');
    expect(normalisePhone('614-291-469x322')).toBeNull();
  });
});
