import { providerId, sortTags, type Provider, type TypeOfCare } from '../provider';
import { tagsForF3Label, type ServiceTag } from '../service-codes';
import {
  ProviderSet,
  RowErrors,
  RowFieldError,
  fileFailure,
  optionalPhone,
  optionalText,
  optionalWebsite,
  requiredCoordinate,
  requiredState,
  requiredText,
  requiredZip,
  type ImportResult,
  importOutcome,
} from './common';

/** `typeFacility` values of the export; BOTH appears on facilities offering both kinds of care. */
const TYPE_OF_CARE: Record<string, TypeOfCare[]> = { SA: ['su'], SU: ['su'], MH: ['mh'], BOTH: ['su', 'mh'] };

/**
 * Row sink for FindTreatment.gov's `exportsAsJson` pages (`{page, totalPages, recordCount,
 * rows}`): add the pages as they arrive, then `finish()`. Rows are numbered from 1 across all
 * pages. `services` may be null or absent (OTP rows): the listing is then kept with
 * `servicesKnown: false`. `f3` values are read by their label; every value is also kept raw as
 * "f2:label".
 */
export function createFindTreatmentJsonImporter(asOf: string) {
  const errors = new RowErrors();
  const providers = new ProviderSet();
  let rowsRead = 0;
  let unknownLabels = 0;
  const addRow = (row: unknown, rowNumber: number): void => {
    const provider = errors.guard((): Provider => {
      if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new RowFieldError(rowNumber, 'row', 'must be an object');
      const r = row as Record<string, unknown>;
      const name = requiredText(r, rowNumber, 'name1');
      const street1 = optionalText(r, rowNumber, 'street1') ?? '';
      const city = requiredText(r, rowNumber, 'city', 100);
      const state = requiredState(r, rowNumber, 'state');
      const zip = requiredZip(r, rowNumber, 'zip');
      const typeField = r.typeFacility !== undefined ? 'typeFacility' : 'type_facility';
      const kind = requiredText(r, rowNumber, typeField, 10).toUpperCase();
      const typeOfCare = TYPE_OF_CARE[kind];
      if (!typeOfCare) throw new RowFieldError(rowNumber, typeField, `must be SA, SU, MH or BOTH, got '${kind}'`);
      const tags: ServiceTag[] = [];
      const rawCodes: string[] = [];
      const services = r.services;
      if (services !== null && services !== undefined && !Array.isArray(services)) {
        throw new RowFieldError(rowNumber, 'services', 'must be a list of {f1, f2, f3} or null');
      }
      for (const [i, entry] of (services ?? []).entries()) {
        if (typeof entry !== 'object' || entry === null) throw new RowFieldError(rowNumber, `services[${i}]`, 'must be an object {f1, f2, f3}');
        const e = entry as Record<string, unknown>;
        const f2 = e.f2 === undefined || e.f2 === null ? '' : e.f2;
        if (typeof f2 !== 'string') throw new RowFieldError(rowNumber, `services[${i}].f2`, 'must be text');
        if (typeof e.f3 !== 'string') throw new RowFieldError(rowNumber, `services[${i}].f3`, e.f3 === undefined ? 'is missing' : 'must be text ("value; value")');
        for (const value of e.f3.split(';').map((v) => v.trim()).filter(Boolean)) {
          rawCodes.push(`${f2}:${value}`);
          const found = tagsForF3Label(value);
          if (found.length === 0) unknownLabels++;
          tags.push(...found);
        }
      }
      return {
        id: providerId(name, street1, city, state, zip),
        name,
        name2: optionalText(r, rowNumber, 'name2'),
        street1,
        street2: optionalText(r, rowNumber, 'street2'),
        city,
        state,
        zip,
        phone: optionalPhone(r, rowNumber, 'phone'),
        phoneAsOf: null,
        intakePhone: optionalPhone(r, rowNumber, 'intake1'),
        hotline: optionalPhone(r, rowNumber, 'hotline1'),
        website: optionalWebsite(r, rowNumber, 'website'),
        lat: requiredCoordinate(r, rowNumber, 'latitude', 90),
        lng: requiredCoordinate(r, rowNumber, 'longitude', 180),
        typeOfCare,
        services: sortTags(tags),
        rawCodes,
        servicesKnown: rawCodes.length > 0,
        source: 'findtreatment-json',
        alsoFrom: [],
        lastVerified: asOf,
      };
    });
    if (provider) providers.add(provider);
  };
  return {
    /** One page of the export; a page that is not `{rows: [...]}` is a row-1 error. */
    addPage(page: unknown): void {
      const rows = typeof page === 'object' && page !== null ? (page as { rows?: unknown }).rows : undefined;
      if (!Array.isArray(rows)) {
        errors.add(new RowFieldError(rowsRead + 1, 'rows', 'must be a list: expected a FindTreatment export page {page, totalPages, recordCount, rows}'));
        return;
      }
      for (const row of rows) addRow(row, ++rowsRead);
    },
    finish(): ImportResult {
      if (errors.count > 0) return errors.failure();
      if (rowsRead === 0) return fileFailure('rows', 'is empty: the export holds no facilities');
      return importOutcome(errors, providers, rowsRead, unknownLabels > 0 ? [`${unknownLabels} service values had no known label and were kept as raw codes.`] : []);
    },
  };
}

/**
 * Imports a FindTreatment JSON export given as text: one page object or a list of pages.
 * `asOf` is the date of the export (ISO), recorded as each listing's `lastVerified`.
 */
export function importFindTreatmentJson(text: string, asOf: string): ImportResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fileFailure('file', `is not JSON (${(error as Error).message})`);
  }
  const importer = createFindTreatmentJsonImporter(asOf);
  for (const page of Array.isArray(parsed) ? parsed : [parsed]) importer.addPage(page);
  return importer.finish();
}
