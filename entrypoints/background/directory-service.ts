import type { BridgeDatabase, DirectoryRecord } from '@/lib/db/database';
import { allDirectoryFlags, latestFlagPerListing, readActiveDirectory, readPreviousDirectory, replaceActiveDirectory, saveDirectoryFlag, storeBundledDirectory } from '@/lib/db/directory-store';
import { decodeBundle } from '@/lib/directory/bundle';
import { decodeDirectory, type CompactSource } from '@/lib/directory/compact';
import { applyImport, flagListing, flagsToCsv } from '@/lib/directory/directory';
import { decodeDataFile, type ImportResult } from '@/lib/directory/importers/common';
import { importFindTreatmentCsv } from '@/lib/directory/importers/findtreatment-csv';
import { importFindTreatmentJson } from '@/lib/directory/importers/findtreatment-json';
import { importHsdsPackage } from '@/lib/directory/importers/hsds';
import { importLocator2017Csv } from '@/lib/directory/importers/locator-2017';
import { importOtp2021Csv } from '@/lib/directory/importers/samhsa-otp-2021';
import { importSu2021Csv } from '@/lib/directory/importers/samhsa-su-2021';
import { openPackedDirectory, packDirectory, type OpenedDirectory, type PackedDirectory } from '@/lib/directory/packed';
import type { Provider, ProviderSource } from '@/lib/directory/provider';
import { nearestProviders } from '@/lib/directory/search';
import { decodeZipCentroids, InvalidZipError, locateZip, UnknownZipError, type ZipCentroids } from '@/lib/geo/zip-centroids';
import type { DirectoryImportFormat, DirectoryStatus } from '@/lib/messaging/messages/directory';
import type { RequestOf, ResponseOf } from '@/lib/messaging/protocol';

// The treatment directory in the service worker. The stored record is the truth, kept packed
// (lib/directory/packed.ts: typed arrays, the spatial indexes already built, listing text decoded
// only for the listings a search returns), so a worker Chrome stopped answers its first search
// after one IndexedDB read; the opened directory and the ZIP table are caches of one worker life.

/** What the service needs from the browser, behind seams a unit test can replace. */
export interface DirectoryServiceSeams {
  /** Bytes of a file bundled in the extension (chrome-extension:// URL: never the network). */
  readBundled(path: '/data/directory.bin' | '/data/zip-centroids.bin'): Promise<Uint8Array>;
  /** The clinic's ZIP from settings or policy, or null when none is set. */
  clinicZip(): Promise<string | null>;
  now(): Date;
  /** GET `url`, conditional on `etag` (If-None-Match) when given. */
  fetchUrl(url: string, etag: string | null): Promise<{ status: number; etag: string | null; text: string }>;
}

/** What a scheduled refresh from the clinic's directory URL did. */
export type RefreshOutcome = { outcome: 'unchanged' | 'replaced' | 'failed'; message: string };

interface Loaded {
  directory: OpenedDirectory;
  origin: 'bundled' | 'import';
  importedAt: string;
  withServices: number;
  lastLoad: NonNullable<DirectoryStatus['lastLoad']>;
}

/**
 * The `fetchUrl` seam over `fetch`: `cache: 'no-store'` so that the browser adds no validators of
 * its own and the ETag Bridge stored with the directory is the one sent.
 */
export async function fetchDirectoryUrl(url: string, etag: string | null): Promise<{ status: number; etag: string | null; text: string }> {
  const response = await fetch(url, { cache: 'no-store', headers: etag ? { 'If-None-Match': etag } : {} });
  return { status: response.status, etag: response.headers.get('ETag'), text: response.status === 200 ? await response.text() : '' };
}

const IMPORT_SOURCE: Record<DirectoryImportFormat, { id: ProviderSource; title: string }> = {
  'findtreatment-json': { id: 'findtreatment-json', title: 'FindTreatment.gov export (JSON)' },
  'findtreatment-csv': { id: 'findtreatment-csv', title: 'FindTreatment.gov facility listing (CSV)' },
  hsds: { id: 'hsds', title: 'Open Referral HSDS community resources' },
  'samhsa-su-2021': { id: 'samhsa-su-2021', title: 'SAMHSA substance use treatment facilities (2021)' },
  'samhsa-otp-2021': { id: 'samhsa-otp-2021', title: 'SAMHSA opioid treatment programs (2021)' },
  'locator-2017': { id: 'samhsa-locator-2017', title: 'SAMHSA treatment locator listing (2017)' },
};

const elapsed = (since: number) => Math.round((performance.now() - since) * 10) / 10;

function originOf(record: DirectoryRecord): 'bundled' | 'import' {
  return record.source === 'bundled' ? 'bundled' : 'import';
}

function describeLoaded(directory: OpenedDirectory, record: Pick<DirectoryRecord, 'source' | 'importedAt'>, lastLoad: Loaded['lastLoad']): Loaded {
  return { directory, origin: originOf(record as DirectoryRecord), importedAt: record.importedAt, withServices: directory.withServices(), lastLoad };
}

/** Base64 to bytes without a DOM (atob exists in service workers). */
function bytesOfBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The sources header for `providers`: every source they name, newest description first. */
function sourcesFor(providers: readonly Provider[], known: readonly CompactSource[], added: CompactSource): CompactSource[] {
  const byId = new Map(known.map((s) => [s.id, s]));
  byId.set(added.id, added);
  const used = new Set<ProviderSource>();
  for (const p of providers) {
    used.add(p.source);
    for (const s of p.alsoFrom) used.add(s);
  }
  return [...byId.values()].filter((s) => used.has(s.id));
}

/** The directory service of one service-worker life: search, status, imports and flags. */
export function createDirectoryService(db: BridgeDatabase, seams: DirectoryServiceSeams) {
  let loading: Promise<Loaded> | null = null;
  let zipsLoading: Promise<ZipCentroids> | null = null;

  const today = () => seams.now().toISOString().slice(0, 10);

  /** Listings of the bundled directory (first need on this install), packed for storage. */
  async function packBundled(): Promise<{ packed: PackedDirectory; readMs: number; parseMs: number; decodeMs: number; indexMs: number }> {
    // The bundle's coordinates are offsets from ZIP centroids (lib/directory/bundle.ts): both files
    // are read side by side, and the table is the one every ZIP search needs anyway.
    let start = performance.now();
    const [bytes, table] = await Promise.all([seams.readBundled('/data/directory.bin'), zips()]);
    const readMs = elapsed(start);
    start = performance.now();
    const { providers, sources } = decodeBundle(bytes, table);
    const decodeMs = elapsed(start);
    // parseMs stays 0: the bundle is binary, read column by column inside decodeBundle.
    const parseMs = 0;
    start = performance.now();
    const packed = packDirectory(providers, sources, today());
    return { packed, readMs, parseMs, decodeMs, indexMs: elapsed(start) };
  }

  /** A record stored by an earlier Bridge (compact JSON): packed once, then stored packed. */
  async function packLegacy(record: DirectoryRecord): Promise<PackedDirectory> {
    const json = JSON.parse(record.compact ?? '') as { sources: CompactSource[]; generated: string };
    const packed = packDirectory(decodeDirectory(json), json.sources, json.generated);
    await db.transaction('rw', db.directory, async () => {
      const current = await db.directory.get(record.slot);
      if (current?.version !== record.version || current.packed) return;
      const { compact: _legacy, ...rest } = current;
      await db.directory.put({ ...rest, packed });
    });
    return packed;
  }

  async function loadFromStore(): Promise<Loaded> {
    let start = performance.now();
    const record = await readActiveDirectory(db);
    if (!record) {
      // First need on this install: the bundled directory becomes the stored one.
      const { packed, readMs, parseMs, decodeMs, indexMs } = await packBundled();
      start = performance.now();
      const stored = await storeBundledDirectory(db, {
        version: `bundled:${today()}`,
        source: 'bundled',
        importedAt: seams.now().toISOString(),
        providerCount: packed.count,
        packed,
      });
      const storeMs = elapsed(start);
      // Another start-up (or an import) may have stored its directory first: that one wins.
      const opened = openPackedDirectory(stored.packed === packed ? packed : (stored.packed ?? (await packLegacy(stored))));
      return describeLoaded(opened, stored, { from: 'bundle', readMs, parseMs, decodeMs, indexMs, storeMs });
    }
    const readMs = elapsed(start);
    start = performance.now();
    const packed = record.packed ?? (await packLegacy(record));
    const parseMs = elapsed(start);
    start = performance.now();
    const opened = openPackedDirectory(packed);
    const decodeMs = elapsed(start);
    return describeLoaded(opened, record, { from: 'stored', readMs, parseMs, decodeMs, indexMs: 0, storeMs: null });
  }

  /** The directory in memory, loading it on first need (and again after a failed load). */
  function loaded(): Promise<Loaded> {
    loading ??= loadFromStore().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  }

  function zips(): Promise<ZipCentroids> {
    zipsLoading ??= seams
      .readBundled('/data/zip-centroids.bin')
      .then((bytes) => decodeZipCentroids(bytes))
      .catch((error: unknown) => {
        zipsLoading = null;
        throw error;
      });
    return zipsLoading;
  }

  async function status(): Promise<DirectoryStatus> {
    const [current, previous] = await Promise.all([loaded(), readPreviousDirectory(db)]);
    const counts = current.directory.countBySource();
    return {
      sources: [...current.directory.sources].sort((a, b) => (counts.get(b.id) ?? 0) - (counts.get(a.id) ?? 0)).map(({ id, title, asOf }) => ({ id, title, asOf })),
      origin: current.origin,
      importedAt: current.importedAt,
      providerCount: current.directory.count,
      withServices: current.withServices,
      previous: previous ? { importedAt: previous.importedAt, providerCount: previous.providerCount, origin: originOf(previous) } : null,
      lastLoad: current.lastLoad,
    };
  }

  async function search(request: RequestOf<'directory.search'>): Promise<ResponseOf<'directory.search'>> {
    // The directory and the ZIP table load side by side on a cold start.
    const directory = loaded();
    directory.catch(() => undefined);
    let origin: { lat: number; lng: number; label: string; zip: string | null };
    if (request.origin.kind === 'point') {
      origin = { lat: request.origin.lat, lng: request.origin.lng, label: request.origin.label, zip: null };
    } else {
      const zip = request.origin.kind === 'zip' ? request.origin.zip : await seams.clinicZip();
      if (zip === null) {
        return { ok: false, reason: 'no-clinic-location', message: "No clinic location is set: type a ZIP, or ask your IT to set the clinic's ZIP (policy key clinic.postalCode)." };
      }
      try {
        const located = locateZip(await zips(), zip);
        const label = request.origin.kind === 'clinic' ? `near the clinic (${located.zip})` : (request.origin.label ?? `near ${located.zip}`);
        origin = { lat: located.lat, lng: located.lng, label, zip: located.zip };
      } catch (error) {
        if (error instanceof InvalidZipError) return { ok: false, reason: 'invalid-zip', message: error.message };
        if (error instanceof UnknownZipError) return { ok: false, reason: 'unknown-zip', message: error.message };
        throw error;
      }
    }
    const result = nearestProviders((await directory).directory.index, origin, { need: request.need, limit: request.limit ?? 20, ...(request.maxMiles ? { maxMiles: request.maxMiles } : {}) });
    return { ok: true, origin, matches: result.matches, unlisted: result.unlisted };
  }

  async function parseImport(request: RequestOf<'directory.import'>): Promise<ImportResult> {
    const text = request.text ?? decodeDataFile(bytesOfBase64(request.base64 ?? '')).text;
    const locate = async () => {
      const table = await zips();
      return (zip: string) => table.get(zip) ?? null;
    };
    switch (request.format) {
      case 'findtreatment-json':
        return importFindTreatmentJson(text, request.asOf);
      case 'findtreatment-csv':
        return importFindTreatmentCsv(text, request.asOf);
      case 'hsds':
        return importHsdsPackage(text, request.asOf, await locate());
      case 'samhsa-su-2021':
        return importSu2021Csv(text);
      case 'samhsa-otp-2021':
        // The OTP list is Latin-1: the importer detects the encoding from the raw bytes.
        return request.base64 !== undefined ? importOtp2021Csv(bytesOfBase64(request.base64)) : importOtp2021Csv(text);
      case 'locator-2017':
        return importLocator2017Csv(text, await locate());
    }
  }

  /** Replaces or merges the validated providers into the directory, in one transaction. */
  async function commitImport(
    imported: Provider[],
    request: Pick<RequestOf<'directory.import'>, 'format' | 'mode' | 'asOf' | 'fileName'>,
    origin: { source: string; etag?: string | null },
  ): Promise<number> {
    const current = await loaded();
    const providers = applyImport(request.mode === 'merge' ? current.directory.allProviders() : [], imported, request.mode);
    const described = IMPORT_SOURCE[request.format];
    const sources = sourcesFor(providers, request.mode === 'merge' ? current.directory.sources : [], {
      id: described.id,
      title: request.fileName ? `${described.title}: ${request.fileName}` : described.title,
      asOf: request.asOf,
      url: null,
    });
    const start = performance.now();
    const packed = packDirectory(providers, sources, today());
    const record: Omit<DirectoryRecord, 'slot'> = {
      version: `import:${seams.now().toISOString()}`,
      source: origin.source,
      importedAt: seams.now().toISOString(),
      providerCount: providers.length,
      packed,
      ...(origin.etag !== undefined ? { etag: origin.etag } : {}),
    };
    await replaceActiveDirectory(db, record);
    const storeMs = elapsed(start);
    loading = Promise.resolve(describeLoaded(openPackedDirectory(packed), record, { ...current.lastLoad, storeMs }));
    return storeMs;
  }

  /**
   * Validates the whole file before anything changes; then the active directory moves to
   * `previous` and the new one becomes active in one transaction. On failure nothing changes.
   */
  async function importFile(request: RequestOf<'directory.import'>): Promise<ResponseOf<'directory.import'>> {
    const result = await parseImport(request);
    if (!result.ok) return { ok: false, message: result.message, errors: result.errors.slice(0, 20), errorCount: result.errorCount, status: await status() };
    const storeMs = await commitImport(result.providers, request, { source: `import:${request.format}` });
    return { ok: true, imported: result.providers.length, notes: result.summary.notes, status: await status(), storeMs };
  }

  /**
   * Downloads the clinic's directory (policy `directorySourceUrl`, a FindTreatment JSON or CSV
   * export) unless it is unchanged since the last download (ETag / If-None-Match), and makes it
   * the directory once it has fully validated. Any failure keeps the directory in use.
   */
  async function refreshFromUrl(url: string): Promise<RefreshOutcome> {
    const source = `url:${url}`;
    const active = await readActiveDirectory(db);
    const etag = active?.source === source ? (active.etag ?? null) : null;
    let response: Awaited<ReturnType<DirectoryServiceSeams['fetchUrl']>>;
    try {
      response = await seams.fetchUrl(url, etag);
    } catch (error) {
      return { outcome: 'failed', message: `The directory at ${url} could not be downloaded (${error instanceof Error ? error.message : String(error)}); the directory in use was kept.` };
    }
    if (response.status === 304) return { outcome: 'unchanged', message: `The directory at ${url} has not changed.` };
    if (response.status !== 200) return { outcome: 'failed', message: `The directory at ${url} answered HTTP ${response.status}; the directory in use was kept.` };
    const format: DirectoryImportFormat = /^\s*[[{]/.test(response.text) ? 'findtreatment-json' : 'findtreatment-csv';
    const request = { format, mode: 'replace' as const, asOf: today(), text: response.text };
    const result = await parseImport(request);
    if (!result.ok) return { outcome: 'failed', message: `The directory at ${url} was not used: ${result.message}` };
    await commitImport(result.providers, request, { source, etag: response.etag });
    return { outcome: 'replaced', message: `${result.providers.length} listings downloaded from ${url}.` };
  }

  async function flag(providerId: string, reason: string): Promise<{ ok: true; flaggedAt: string }> {
    // Name and address come from the directory, not from the page that asked.
    const provider = (await loaded()).directory.findById(providerId);
    if (!provider) throw new Error('That listing is no longer in the directory (it may have been replaced by an import). Search again and flag it there.');
    const stored = flagListing(provider, reason, seams.now());
    await saveDirectoryFlag(db, stored);
    return { ok: true, flaggedAt: stored.flaggedAt };
  }

  async function flags() {
    return { flags: latestFlagPerListing(await allDirectoryFlags(db)).map(({ providerId, providerName, reason, flaggedAt }) => ({ providerId, providerName, reason, flaggedAt })) };
  }

  async function flagsCsv() {
    const all = await allDirectoryFlags(db);
    return { csv: flagsToCsv(all), count: all.length };
  }

  return { search, status, importFile, refreshFromUrl, flag, flags, flagsCsv };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
