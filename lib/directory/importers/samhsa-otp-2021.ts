import { providerId, type Provider } from '../provider';
import {
  ProviderSet,
  RowErrors,
  decodeDataFile,
  requiredCoordinate,
  requiredState,
  requiredText,
  requiredZip,
  streamCsv,
  importOutcome,
  type ImportResult,
} from './common';

/** Columns of shared/data/samhsa-opioid-treatment-programs-2021.csv (`ID` is the program's name). */
export const OTP_2021_COLUMNS = ['ID', 'ADDRESS', 'CITY', 'STATE', 'POSTAL', 'Latitude', 'Longitude'] as const;

export const OTP_2021_AS_OF = '2021-07-28';

/**
 * Row sink for SAMHSA's 2021 opioid treatment program list. Every program is tagged `otp` and
 * `methadone` (OTPs are the only programs that may dispense methadone for OUD); the list says
 * nothing else about services, so `servicesKnown` stays false.
 */
export function createOtp2021Importer(asOf = OTP_2021_AS_OF) {
  const errors = new RowErrors();
  const providers = new ProviderSet();
  let rowsRead = 0;
  let zipsRepaired = 0;
  return {
    addRow(row: Record<string, unknown>, rowNumber: number): void {
      rowsRead++;
      const provider = errors.guard((): Provider => {
        const name = requiredText(row, rowNumber, 'ID');
        const street1 = requiredText(row, rowNumber, 'ADDRESS');
        const city = requiredText(row, rowNumber, 'CITY', 100);
        const state = requiredState(row, rowNumber, 'STATE');
        const zip = requiredZip(row, rowNumber, 'POSTAL');
        if (!/^\d{5}/.test(String(row.POSTAL).trim())) zipsRepaired++;
        return {
          id: providerId(name, street1, city, state, zip),
          name,
          name2: null,
          street1,
          street2: null,
          city,
          state,
          zip,
          phone: null,
          phoneAsOf: null,
          intakePhone: null,
          hotline: null,
          website: null,
          lat: requiredCoordinate(row, rowNumber, 'Latitude', 90),
          lng: requiredCoordinate(row, rowNumber, 'Longitude', 180),
          typeOfCare: ['su'],
          services: ['otp', 'methadone'],
          rawCodes: ['OTP'],
          servicesKnown: false,
          source: 'samhsa-otp-2021',
          alsoFrom: [],
          lastVerified: asOf,
        };
      });
      if (provider) providers.add(provider);
    },
    finish(): ImportResult {
      return importOutcome(errors, providers, rowsRead, [`${zipsRepaired} postal codes had lost their leading zeros and were repaired.`]);
    },
  };
}

/**
 * Imports the OTP list from its bytes, detecting Latin-1 (the shared extract is not UTF-8), or
 * from text already decoded.
 */
export function importOtp2021Csv(input: Uint8Array | string, asOf = OTP_2021_AS_OF): ImportResult {
  const text = typeof input === 'string' ? input : decodeDataFile(input).text;
  const importer = createOtp2021Importer(asOf);
  const read = streamCsv(text, OTP_2021_COLUMNS, (row, n) => importer.addRow(row, n));
  return read.ok ? importer.finish() : read.result;
}
