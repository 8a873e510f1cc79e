import Papa from 'papaparse';
import { blankToNull, providerId, sortCare, zip5, type Provider } from '../provider';
import { SERVICE_TAGS as SERVICE_ORDER } from '../service-codes';

/** One thing wrong with one row of an import file. `row` counts the header as row 1. */
export interface RowError {
  row: number;
  field: string;
  /** "Row 14: `zip` must be 5 digits, got '9021'." */
  message: string;
}

/** What an import produced: every provider, or the reasons nothing was imported. */
export type ImportResult =
  | { ok: true; providers: Provider[]; summary: ImportSummary }
  | { ok: false; errors: RowError[]; errorCount: number; message: string };

export interface ImportSummary {
  rowsRead: number;
  providers: number;
  /** Rows folded into an earlier row with the same id. */
  duplicatesMerged: number;
  /** Free-text notes a person should see: repaired ZIPs, unknown codes kept raw... */
  notes: string[];
}

/** At most this many row errors are kept; `errorCount` still counts them all. */
export const MAX_REPORTED_ERRORS = 100;

/** Thrown by a row reader when a field is wrong; collected by `RowErrors`. */
export class RowFieldError extends Error {
  constructor(
    readonly row: number,
    readonly field: string,
    detail: string,
  ) {
    super(`Row ${row}: \`${field}\` ${detail}.`);
    this.name = 'RowFieldError';
  }
}

/** Collects row errors and turns them into the all-or-nothing result. */
export class RowErrors {
  readonly kept: RowError[] = [];
  count = 0;

  add(error: RowFieldError): void {
    this.count++;
    if (this.kept.length < MAX_REPORTED_ERRORS) {
      this.kept.push({ row: error.row, field: error.field, message: error.message });
    }
  }

  /** Runs one row reader, recording a `RowFieldError` instead of throwing it. */
  guard<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (error) {
      if (error instanceof RowFieldError) {
        this.add(error);
        return undefined;
      }
      throw error;
    }
  }

  failure(): ImportResult {
    const first = this.kept[0]?.message ?? 'The file could not be read.';
    const more = this.count > 1 ? ` (${this.count - 1} more problem${this.count > 2 ? 's' : ''})` : '';
    return { ok: false, errors: this.kept, errorCount: this.count, message: `${first}${more} Nothing was imported.` };
  }
}

/** The whole file is unusable (wrong columns, not JSON...): reported as a row-1 error. */
export function fileFailure(field: string, detail: string): ImportResult {
  const errors = new RowErrors();
  errors.add(new RowFieldError(1, field, detail));
  return errors.failure();
}

type Row = Record<string, unknown>;

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `'${text.slice(0, 40)}…'` : `'${text}'`;
}

/** Required non-blank text field (at most `max` characters). */
export function requiredText(row: Row, rowNumber: number, field: string, max = 300): string {
  const value = row[field];
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new RowFieldError(rowNumber, field, value === undefined || value === null ? 'is missing' : `must be text, got ${show(value)}`);
  }
  const text = String(value).trim().replace(/\s+/g, ' ');
  if (text === '') throw new RowFieldError(rowNumber, field, 'is blank');
  if (text.length > max) throw new RowFieldError(rowNumber, field, `is longer than ${max} characters`);
  return text;
}

/** Optional text field: null when blank or absent. */
export function optionalText(row: Row, rowNumber: number, field: string, max = 300): string | null {
  const value = row[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new RowFieldError(rowNumber, field, `must be text, got ${show(value)}`);
  }
  const text = blankToNull(String(value).replace(/\s+/g, ' '));
  if (text !== null && text.length > max) throw new RowFieldError(rowNumber, field, `is longer than ${max} characters`);
  return text;
}

/** Two-letter state or territory code. */
export function requiredState(row: Row, rowNumber: number, field: string): string {
  const text = requiredText(row, rowNumber, field, 10).toUpperCase();
  if (!/^[A-Z]{2}$/.test(text)) throw new RowFieldError(rowNumber, field, `must be a 2-letter state code, got ${show(row[field])}`);
  return text;
}

/** 5-digit ZIP, repairing lost leading zeros and dropping a +4 suffix. */
export function requiredZip(row: Row, rowNumber: number, field: string): string {
  const text = requiredText(row, rowNumber, field, 20);
  const zip = zip5(text);
  if (zip === null) throw new RowFieldError(rowNumber, field, `must be a 5-digit ZIP or ZIP+4, got ${show(row[field])}`);
  return zip;
}

/** A coordinate within `limit` degrees, given as a number or numeric text. */
export function requiredCoordinate(row: Row, rowNumber: number, field: string, limit: 90 | 180): number {
  const value = row[field];
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(number) || Math.abs(number) > limit) {
    throw new RowFieldError(rowNumber, field, `must be a number between -${limit} and ${limit}, got ${show(value ?? '')}`);
  }
  if (number === 0) throw new RowFieldError(rowNumber, field, 'is 0: the listing has no location');
  return number;
}

/** Optional http(s) website; text without a scheme gets `http://`. */
export function optionalWebsite(row: Row, rowNumber: number, field: string): string | null {
  const text = optionalText(row, rowNumber, field, 500);
  if (text === null) return null;
  const url = /^https?:\/\//i.test(text) ? text : `http://${text}`;
  if (!/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(url)) throw new RowFieldError(rowNumber, field, `must be a web address, got ${show(text)}`);
  return url;
}

/**
 * Optional phone, written the one way the UI shows it: "703-849-1312", "703-849-1312 x228".
 * Accepts the shapes the SAMHSA files use: "(703) 691-3029", "703-425-9200x228",
 * "703-841-0703-93122" and "570-658-7383-x2900" (extension after a dash), "1-800-662-4357".
 * A number with 7 to 15 digits in another shape (the 2017 file has "614-291-469x322") is kept
 * as listed rather than failing a national file over one typo.
 */
export function optionalPhone(row: Row, rowNumber: number, field: string): string | null {
  const text = optionalText(row, rowNumber, field, 40);
  if (text === null) return null;
  const phone = normalisePhone(text);
  if (phone !== null) return phone;
  const digits = text.replace(/\D/g, '').length;
  if (digits >= 7 && digits <= 15 && /^[\d\s().+\-/]+(?:\s*(?:x|ext\.?|extension)s?\s*\d+)?$/i.test(text)) return text;
  throw new RowFieldError(rowNumber, field, `must be a phone number, got ${show(text)}`);
}

/** "703-849-1312" or "703-849-1312 x228" from a listed phone; null when it is not a 10-digit US phone. */
export function normalisePhone(text: string): string | null {
  const match = /^\s*(?:\+?1[\s.-]?)?\(?(\d{3})\)?[\s.-]*(\d{3})[\s.-]*(\d{4})\s*(?:(?:-?\s*(?:x|ext\.?|extension)s?|-|\s)\s*(\d{1,6}))?\s*$/i.exec(text);
  if (!match) return null;
  const main = `${match[1]}-${match[2]}-${match[3]}`;
  return match[4] ? `${main} x${match[4]}` : main;
}

/**
 * Text of a data file: UTF-8 when the bytes are valid UTF-8, otherwise Latin-1 (the 2021 OTP
 * extract is Latin-1: "Clínica" would turn into replacement characters in a UTF-8 reader).
 */
export function decodeDataFile(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'latin1' } {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('latin1').decode(body), encoding: 'latin1' };
  }
}

/**
 * Streams a CSV text through `onRow` one row at a time (papaparse `step`), with the header as row
 * 1. Returns the header, or a file-level error when a required column is missing. A caller with a
 * `File` can instead run `Papa.parse(file, { header: true, step })` and feed the same importer.
 */
export function streamCsv(
  text: string,
  requiredColumns: readonly string[],
  onRow: (row: Record<string, string>, rowNumber: number) => void,
): { ok: true; header: string[] } | { ok: false; result: ImportResult } {
  let header: string[] = [];
  let missing: string | undefined;
  let rowNumber = 1;
  Papa.parse<Record<string, string>>(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (name) => name.trim(),
    step: (results, parser) => {
      if (rowNumber === 1) {
        header = results.meta.fields ?? [];
        missing = requiredColumns.find((c) => !header.includes(c));
        if (missing !== undefined) {
          parser.abort();
          return;
        }
      }
      rowNumber++;
      onRow(results.data, rowNumber);
    },
  });
  if (rowNumber === 1 && missing === undefined) {
    return { ok: false, result: fileFailure(requiredColumns[0] ?? 'header', 'has no data rows: the file is empty or holds only a header') };
  }
  if (missing !== undefined) {
    return { ok: false, result: fileFailure(missing, `column is missing: expected columns ${requiredColumns.join(', ')}`) };
  }
  return { ok: true, header };
}

/**
 * Providers keyed by id: a later row with the same id is merged into the first (services and
 * raw codes united, blank fields filled), as the SAMHSA extracts repeat some facilities.
 */
export class ProviderSet {
  private readonly byId = new Map<string, Provider>();
  duplicatesMerged = 0;

  add(provider: Provider): void {
    const existing = this.byId.get(provider.id);
    if (!existing) {
      this.byId.set(provider.id, provider);
      return;
    }
    this.duplicatesMerged++;
    this.byId.set(provider.id, mergeListings(existing, provider));
  }

  get size(): number {
    return this.byId.size;
  }

  values(): Provider[] {
    return [...this.byId.values()];
  }
}

/** Two listings of one place: `first` wins where both say something. */
export function mergeListings(first: Provider, second: Provider): Provider {
  const services = new Set([...first.services, ...second.services]);
  return {
    ...first,
    name2: first.name2 ?? second.name2,
    street2: first.street2 ?? second.street2,
    phone: first.phone ?? second.phone,
    phoneAsOf: first.phone ? first.phoneAsOf : second.phoneAsOf,
    intakePhone: first.intakePhone ?? second.intakePhone,
    hotline: first.hotline ?? second.hotline,
    website: first.website ?? second.website,
    typeOfCare: sortCare([...first.typeOfCare, ...second.typeOfCare]),
    services: SERVICE_ORDER.filter((t) => services.has(t)),
    rawCodes: [...new Set([...first.rawCodes, ...second.rawCodes])],
    servicesKnown: first.servicesKnown || second.servicesKnown,
    alsoFrom: [...new Set([...first.alsoFrom, ...second.alsoFrom, ...(second.source === first.source ? [] : [second.source])])],
  };
}

/** How a finished import ends: every provider with a summary, or every row error and nothing. */
export function importOutcome(errors: RowErrors, providers: ProviderSet, rowsRead: number, notes: string[]): ImportResult {
  if (errors.count > 0) return errors.failure();
  return {
    ok: true,
    providers: providers.values(),
    summary: { rowsRead, providers: providers.size, duplicatesMerged: providers.duplicatesMerged, notes },
  };
}

/** The name and address of a listing in SAMHSA's locator column layout (name1 … zip), and its stable id. */
export interface ListingAddress {
  id: string;
  name: string;
  name2: string | null;
  street1: string;
  street2: string | null;
  city: string;
  state: string;
  zip: string;
}

/**
 * Reads `name1, name2, street1, street2, city, state, zip` (the layout shared by FindTreatment.gov's
 * CSV, the 2021 facility list and the 2017 locator listing), throwing a `RowFieldError` that names
 * the first bad field.
 */
export function readListingAddress(row: Row, rowNumber: number): ListingAddress {
  const name = requiredText(row, rowNumber, 'name1');
  const street1 = optionalText(row, rowNumber, 'street1') ?? '';
  const city = requiredText(row, rowNumber, 'city', 100);
  const state = requiredState(row, rowNumber, 'state');
  const zip = requiredZip(row, rowNumber, 'zip');
  return {
    id: providerId(name, street1, city, state, zip),
    name,
    name2: optionalText(row, rowNumber, 'name2'),
    street1,
    street2: optionalText(row, rowNumber, 'street2'),
    city,
    state,
    zip,
  };
}
