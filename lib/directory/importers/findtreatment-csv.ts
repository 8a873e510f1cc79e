import { sortTags, type Provider, type TypeOfCare } from '../provider';
import { CSV_CODE_TAGS, type ServiceTag } from '../service-codes';
import {
  ProviderSet,
  RowErrors,
  RowFieldError,
  optionalPhone,
  optionalText,
  optionalWebsite,
  requiredCoordinate,
  streamCsv,
  importOutcome,
  type ImportResult,
  readListingAddress,
} from './common';

/** The columns before the service codes in "FindTreatment_Facility_listing_<date>.csv". */
export const FINDTREATMENT_CSV_BASE_COLUMNS = [
  'name1', 'name2', 'street1', 'street2', 'city', 'state', 'zip', 'zip4', 'county', 'phone', 'website',
  'latitude', 'longitude', 'type_facility',
] as const;

const REQUIRED = ['name1', 'street1', 'city', 'state', 'zip', 'latitude', 'longitude'] as const;
const BASE = new Set<string>(FINDTREATMENT_CSV_BASE_COLUMNS);
const TYPE_OF_CARE: Record<string, TypeOfCare[]> = { SA: ['su'], SU: ['su'], MH: ['mh'], BOTH: ['su', 'mh'] };

/**
 * Row sink for FindTreatment.gov's CSV export: every column after the address block is a service
 * code holding "1" or "". Known codes become tags (service-codes.ts), every code set on a row is
 * kept in `rawCodes`, and a row with no code set has `servicesKnown: false`.
 */
export function createFindTreatmentCsvImporter(asOf: string) {
  const errors = new RowErrors();
  const providers = new ProviderSet();
  let rowsRead = 0;
  let codeColumns: string[] | null = null;
  const unmapped = new Set<string>();
  return {
    addRow(row: Record<string, unknown>, rowNumber: number): void {
      rowsRead++;
      codeColumns ??= Object.keys(row).filter((c) => !BASE.has(c) && c !== '__parsed_extra');
      const columns = codeColumns;
      const provider = errors.guard((): Provider => {
        const address = readListingAddress(row, rowNumber);
        const kind = (optionalText(row, rowNumber, 'type_facility', 10) ?? '').toUpperCase();
        const typeOfCare = kind === '' ? ['su' as const] : TYPE_OF_CARE[kind];
        if (!typeOfCare) throw new RowFieldError(rowNumber, 'type_facility', `must be SU, SA, MH or BOTH, got '${kind}'`);
        if (row.__parsed_extra !== undefined) throw new RowFieldError(rowNumber, 'row', 'has more fields than the header');
        const tags: ServiceTag[] = [];
        const rawCodes: string[] = [];
        for (const code of columns) {
          const value = row[code];
          if (value === undefined || value === null || value === '') continue;
          if (value !== '1') throw new RowFieldError(rowNumber, code, `must be "1" or blank, got '${String(value).slice(0, 20)}'`);
          rawCodes.push(code);
          const mapped = CSV_CODE_TAGS.get(code);
          if (mapped) tags.push(...mapped);
          else unmapped.add(code);
        }
        return {
          ...address,
          phone: optionalPhone(row, rowNumber, 'phone'),
          phoneAsOf: null,
          intakePhone: null,
          hotline: null,
          website: optionalWebsite(row, rowNumber, 'website'),
          lat: requiredCoordinate(row, rowNumber, 'latitude', 90),
          lng: requiredCoordinate(row, rowNumber, 'longitude', 180),
          typeOfCare,
          services: sortTags(tags),
          rawCodes,
          servicesKnown: rawCodes.length > 0,
          source: 'findtreatment-csv',
          alsoFrom: [],
          lastVerified: asOf,
        };
      });
      if (provider) providers.add(provider);
    },
    finish(): ImportResult {
      return importOutcome(errors, providers, rowsRead, unmapped.size > 0 ? [`${unmapped.size} service codes are not mapped yet and were kept raw: ${[...unmapped].slice(0, 12).join(', ')}${unmapped.size > 12 ? '…' : ''}.`] : []);
    },
  };
}

/** Imports a FindTreatment CSV export (text, UTF-8); `asOf` is the export's date (ISO). */
export function importFindTreatmentCsv(text: string, asOf: string): ImportResult {
  const importer = createFindTreatmentCsvImporter(asOf);
  const read = streamCsv(text, REQUIRED, (row, n) => importer.addRow(row, n));
  return read.ok ? importer.finish() : read.result;
}
