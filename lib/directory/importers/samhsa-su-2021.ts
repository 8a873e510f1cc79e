import { type Provider } from '../provider';
import {
  ProviderSet,
  RowErrors,
  requiredCoordinate,
  streamCsv,
  importOutcome,
  type ImportResult,
  readListingAddress,
} from './common';

/** Columns of shared/data/samhsa-treatment-facilities-2021.csv. */
export const SU_2021_COLUMNS = ['name1', 'name2', 'street1', 'street2', 'city', 'state', 'zip', 'zip4', 'county', 'latitude', 'longitude'] as const;

/** Date of the 2021 extract (GeoDaCenter/opioid-policy-scan commit of 2021-07-28). */
export const SU_2021_AS_OF = '2021-07-28';

/**
 * Row sink for the 2021 SAMHSA substance use facility list: feed rows one at a time, then
 * `finish()` returns every facility (duplicates merged, ZIPs that lost leading zeros repaired) or
 * the row errors, never a part of the file.
 */
export function createSu2021Importer(asOf = SU_2021_AS_OF) {
  const errors = new RowErrors();
  const providers = new ProviderSet();
  let rowsRead = 0;
  let zipsRepaired = 0;
  return {
    addRow(row: Record<string, unknown>, rowNumber: number): void {
      rowsRead++;
      const provider = errors.guard((): Provider => {
        const address = readListingAddress(row, rowNumber);
        if (String(row.zip).trim().length < 5) zipsRepaired++;
        return {
          ...address,
          phone: null,
          phoneAsOf: null,
          intakePhone: null,
          hotline: null,
          website: null,
          lat: requiredCoordinate(row, rowNumber, 'latitude', 90),
          lng: requiredCoordinate(row, rowNumber, 'longitude', 180),
          typeOfCare: ['su'],
          services: [],
          rawCodes: [],
          servicesKnown: false,
          source: 'samhsa-su-2021',
          alsoFrom: [],
          lastVerified: asOf,
        };
      });
      if (provider) providers.add(provider);
    },
    finish(): ImportResult {
      return importOutcome(errors, providers, rowsRead, [`${zipsRepaired} ZIP codes had lost their leading zeros and were repaired.`]);
    },
  };
}

/** Imports the whole 2021 facility CSV text (streamed row by row). */
export function importSu2021Csv(text: string, asOf = SU_2021_AS_OF): ImportResult {
  const importer = createSu2021Importer(asOf);
  const read = streamCsv(text, SU_2021_COLUMNS, (row, n) => importer.addRow(row, n));
  return read.ok ? importer.finish() : read.result;
}
