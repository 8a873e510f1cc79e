import { type Provider, type TypeOfCare } from '../provider';
import {
  ProviderSet,
  RowErrors,
  RowFieldError,
  optionalPhone,
  optionalWebsite,
  requiredCoordinate,
  requiredText,
  streamCsv,
  importOutcome,
  type ImportResult,
  readListingAddress,
} from './common';

/** Columns of shared/data/samhsa-treatment-locator-listing-2017.csv. */
export const LOCATOR_2017_COLUMNS = [
  'name1', 'name2', 'street1', 'street2', 'city', 'state', 'zip', 'zip4', 'county', 'phone', 'intake1',
  'intake2', 'hotline1', 'website', 'latitude', 'longitude', 'type_facility', 'last_update',
] as const;

const TYPE_OF_CARE: Record<string, TypeOfCare> = { SA: 'su', SU: 'su', MH: 'mh' };

/** ZIP centroid lookup, for the few listings that have no coordinates. */
export type ZipLocator = (zip: string) => { lat: number; lng: number } | null;

/**
 * Row sink for SAMHSA's 2017 Behavioral Health Treatment Services Locator listing: phones
 * (dated by the row's `last_update`, since they are years older than the 2021 lists), intake and
 * hotline numbers, websites, and the mental health facilities. A row without coordinates is
 * placed at its ZIP centroid when `locateZip` is given, otherwise it is an error.
 */
export function createLocator2017Importer(locateZip?: ZipLocator) {
  const errors = new RowErrors();
  const providers = new ProviderSet();
  let rowsRead = 0;
  let placedAtZip = 0;
  return {
    addRow(row: Record<string, unknown>, rowNumber: number): void {
      rowsRead++;
      const provider = errors.guard((): Provider => {
        const address = readListingAddress(row, rowNumber);
        const kind = requiredText(row, rowNumber, 'type_facility', 10).toUpperCase();
        const typeOfCare = TYPE_OF_CARE[kind];
        if (!typeOfCare) throw new RowFieldError(rowNumber, 'type_facility', `must be SA or MH, got '${kind}'`);
        const updated = requiredText(row, rowNumber, 'last_update', 40);
        const asOf = /^(\d{4}-\d{2}-\d{2})/.exec(updated)?.[1];
        if (!asOf) throw new RowFieldError(rowNumber, 'last_update', `must start with a date YYYY-MM-DD, got '${updated.slice(0, 40)}'`);
        let lat: number;
        let lng: number;
        const noCoordinates = String(row.latitude ?? '').trim() === '' && String(row.longitude ?? '').trim() === '';
        const centroid = noCoordinates && locateZip ? locateZip(address.zip) : null;
        if (centroid) {
          ({ lat, lng } = centroid);
          placedAtZip++;
        } else {
          lat = requiredCoordinate(row, rowNumber, 'latitude', 90);
          lng = requiredCoordinate(row, rowNumber, 'longitude', 180);
        }
        const phone = optionalPhone(row, rowNumber, 'phone');
        return {
          ...address,
          phone,
          phoneAsOf: phone ? asOf : null,
          intakePhone: optionalPhone(row, rowNumber, 'intake1') ?? optionalPhone(row, rowNumber, 'intake2'),
          hotline: optionalPhone(row, rowNumber, 'hotline1'),
          website: optionalWebsite(row, rowNumber, 'website'),
          lat,
          lng,
          typeOfCare: [typeOfCare],
          services: [],
          rawCodes: [],
          servicesKnown: false,
          source: 'samhsa-locator-2017',
          alsoFrom: [],
          lastVerified: asOf,
        };
      });
      if (provider) providers.add(provider);
    },
    finish(): ImportResult {
      return importOutcome(errors, providers, rowsRead, placedAtZip > 0 ? [`${placedAtZip} listings had no coordinates and were placed at their ZIP centroid.`] : []);
    },
  };
}

/** Imports the whole 2017 locator listing text (streamed row by row). */
export function importLocator2017Csv(text: string, locateZip?: ZipLocator): ImportResult {
  const importer = createLocator2017Importer(locateZip);
  const read = streamCsv(text, LOCATOR_2017_COLUMNS, (row, n) => importer.addRow(row, n));
  return read.ok ? importer.finish() : read.result;
}
