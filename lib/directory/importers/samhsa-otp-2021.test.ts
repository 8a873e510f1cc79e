import fc from 'fast-check';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeDataFile } from './common';
import { createOtp2021Importer, importOtp2021Csv, OTP_2021_COLUMNS } from './samhsa-otp-2021';
import { badCoordinate, badState, badZip, fuzzArbitraryRows, fuzzBrokenField, goodLat, goodLng, goodName, goodState, goodZip } from './fuzz-helpers';

const REAL = '/work/shared/data/samhsa-opioid-treatment-programs-2021.csv';

describe('2021 OTP importer', () => {
  it('decodes Latin-1 bytes, tags OTP + methadone, and reads ZIP+4 and lost zeros', () => {
    const text = `${OTP_2021_COLUMNS.join(',')}\nClínica de Tratamiento Cayey,Calle 1,Cayey,PR,736,18.11,-66.16\nWasilla Clinic,"2521 E. Mountain Village Drive, Suites E and F",Wasilla,AK,99654-8525,61.57,-149.38\n`;
    const latin1 = Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
    expect(decodeDataFile(latin1).encoding).toBe('latin1');
    const result = importOtp2021Csv(latin1);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.providers[0]).toMatchObject({ name: 'Clínica de Tratamiento Cayey', zip: '00736', services: ['otp', 'methadone'], servicesKnown: false });
    expect(result.providers[1]).toMatchObject({ zip: '99654', street1: '2521 E. Mountain Village Drive, Suites E and F' });
  });

  it('reads UTF-8 bytes as UTF-8', () => {
    const bytes = new TextEncoder().encode(`${OTP_2021_COLUMNS.join(',')}\nClínica,Calle 1,Cayey,PR,00736,18.11,-66.16\n`);
    const result = importOtp2021Csv(bytes);
    expect(result.ok && result.providers[0]!.name).toBe('Clínica');
  });

  it('fuzzed rows never crash and always give row-level errors', () => {
    fuzzArbitraryRows(() => createOtp2021Importer(), OTP_2021_COLUMNS);
  });

  it('a broken field in a valid row is named', () => {
    const validRow = fc.record({ ID: goodName, ADDRESS: goodName, CITY: goodName, STATE: goodState, POSTAL: goodZip, Latitude: goodLat, Longitude: goodLng });
    fuzzBrokenField(() => createOtp2021Importer(), validRow, { ID: fc.constant(''), ADDRESS: fc.constant(' '), STATE: badState, POSTAL: badZip, Latitude: badCoordinate, Longitude: badCoordinate });
  });

  it.skipIf(!fs.existsSync(REAL))('imports the real Latin-1 file: 1,831 rows, 232 postal codes repaired, names intact', () => {
    const result = importOtp2021Csv(new Uint8Array(fs.readFileSync(REAL)));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.summary.rowsRead).toBe(1_831);
    expect(result.summary.notes[0]).toContain('232 postal codes');
    expect(result.providers.some((p) => p.name.includes('Clínica'))).toBe(true);
    expect(result.providers.some((p) => p.name.includes('\uFFFD'))).toBe(false);
  });
});
