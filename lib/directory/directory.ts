import { z } from 'zod';
import { locateZip, type ZipCentroids } from '../geo/zip-centroids';
import { decodeDirectory, encodeDirectory, type CompactDirectory, type CompactSource } from './compact';
import { mergeListings } from './importers/common';
import type { Provider } from './provider';
import { buildDirectoryIndex, nearestProviders, type DirectoryIndex, type NearestResult, type NeedQuery } from './search';

/** A directory ready to search: its listings and their spatial index. */
export interface LoadedDirectory {
  providers: readonly Provider[];
  index: DirectoryIndex;
}

/**
 * Decodes a compact directory (the bundled public/data/directory.json, or the one stored record)
 * and indexes it. Throws a zod or row error if the file is not a Bridge directory.
 */
export function loadCompactDirectory(json: unknown): LoadedDirectory {
  const providers = decodeDirectory(json);
  return { providers, index: buildDirectoryIndex(providers) };
}

/**
 * The directory after an options-page import. `replace`: the imported listings only. `merge`:
 * every current listing, with an imported listing of the same id merged over it (the import wins
 * where both say something, e.g. a clinic's FindTreatment export adds services and a current
 * phone to a bundled facility).
 */
export function applyImport(current: readonly Provider[], imported: readonly Provider[], mode: 'replace' | 'merge'): Provider[] {
  if (mode === 'replace') return [...imported];
  const byId = new Map(current.map((p) => [p.id, p]));
  for (const p of imported) {
    const existing = byId.get(p.id);
    byId.set(p.id, existing ? { ...mergeListings(p, existing), alsoFrom: [...new Set([...p.alsoFrom, ...existing.alsoFrom, existing.source])].filter((s) => s !== p.source) } : p);
  }
  return [...byId.values()];
}

/**
 * Encodes a directory for storage as one compact IndexedDB record, ids included so that a
 * service worker start decodes it without deriving them; `sources` must name every listing's source.
 */
export function toStoredDirectory(providers: readonly Provider[], sources: readonly CompactSource[], today: string): CompactDirectory {
  return encodeDirectory(providers, sources, today, true);
}

/**
 * Geocodes the ZIP (5-digit or ZIP+4) and searches around it. Throws InvalidZipError or
 * UnknownZipError, whose messages are written for the clinician.
 */
export function searchNearZip(directory: LoadedDirectory, zips: ZipCentroids, zip: string, query: NeedQuery = {}): NearestResult & { zip: string } {
  const origin = locateZip(zips, zip);
  return { zip: origin.zip, ...nearestProviders(directory.index, origin, query) };
}

/** A clinician's report that a listing is wrong, kept on this install and exportable. */
export const directoryFlagSchema = z.object({
  providerId: z.string().min(1),
  providerName: z.string(),
  address: z.string(),
  reason: z.string().min(1).max(400),
  /** ISO date-time. */
  flaggedAt: z.string(),
});
export type DirectoryFlag = z.infer<typeof directoryFlagSchema>;

/** The flag to store for `provider`. */
export function flagListing(provider: Provider, reason: string, now: Date): DirectoryFlag {
  return directoryFlagSchema.parse({
    providerId: provider.id,
    providerName: provider.name,
    address: `${provider.street1}, ${provider.city}, ${provider.state} ${provider.zip}`,
    reason,
    flaggedAt: now.toISOString(),
  });
}

/** Flags as CSV for the directory's maintainers (RFC 4180 quoting, one flag a line). */
export function flagsToCsv(flags: readonly DirectoryFlag[]): string {
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  const lines = flags.map((f) => [f.providerId, f.providerName, f.address, f.reason, f.flaggedAt].map(quote).join(','));
  return ['provider_id,name,address,reason,flagged_at', ...lines].join('\r\n') + '\r\n';
}
