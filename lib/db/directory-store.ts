import type { DirectoryFlag } from '../directory/directory';
import type { BridgeDatabase, DirectoryFlagRecord, DirectoryRecord } from './database';

/** The directory searches run on, or undefined before the bundled one is first stored. */
export function readActiveDirectory(db: BridgeDatabase): Promise<DirectoryRecord | undefined> {
  return db.directory.get('active');
}

/** The directory the last import replaced, kept one step back. */
export function readPreviousDirectory(db: BridgeDatabase): Promise<DirectoryRecord | undefined> {
  return db.directory.get('previous');
}

/**
 * Makes `next` the active directory and the current one the previous, in one transaction: a
 * reader sees either the old pair or the new pair, never a missing active directory.
 */
export async function replaceActiveDirectory(db: BridgeDatabase, next: Omit<DirectoryRecord, 'slot'>): Promise<void> {
  await db.transaction('rw', db.directory, async () => {
    const current = await db.directory.get('active');
    if (current) await db.directory.put({ ...current, slot: 'previous' });
    await db.directory.put({ ...next, slot: 'active' });
  });
}

/**
 * Stores the bundled directory as the active one, unless another start-up (or an import) got
 * there first: the first writer wins and is returned.
 */
export async function storeBundledDirectory(db: BridgeDatabase, bundled: Omit<DirectoryRecord, 'slot'>): Promise<DirectoryRecord> {
  return db.transaction('rw', db.directory, async () => {
    const current = await db.directory.get('active');
    if (current) return current;
    const record: DirectoryRecord = { ...bundled, slot: 'active' };
    await db.directory.put(record);
    return record;
  });
}

/** A flag as stored: the record the schema indexes plus the listing's name and address at the time. */
type StoredFlag = DirectoryFlagRecord & { providerName: string; address: string };

/** Keeps a clinician's flag on a listing (every flag is kept; the latest per listing is shown). */
export async function saveDirectoryFlag(db: BridgeDatabase, flag: DirectoryFlag): Promise<void> {
  const record: StoredFlag = { providerId: flag.providerId, reason: flag.reason, at: flag.flaggedAt, providerName: flag.providerName, address: flag.address };
  await db.directoryFlags.add(record);
}

/** Every flag on this computer, oldest first, as `flagsToCsv` takes them. */
export async function allDirectoryFlags(db: BridgeDatabase): Promise<DirectoryFlag[]> {
  const records = (await db.directoryFlags.orderBy('at').toArray()) as Partial<StoredFlag>[];
  return records.map((r) => ({
    providerId: r.providerId ?? '',
    providerName: r.providerName ?? '',
    address: r.address ?? '',
    reason: r.reason ?? '',
    flaggedAt: r.at ?? '',
  }));
}

/** The latest flag of each flagged listing, newest first. */
export function latestFlagPerListing(flags: readonly DirectoryFlag[]): DirectoryFlag[] {
  const latest = new Map<string, DirectoryFlag>();
  for (const flag of flags) {
    const seen = latest.get(flag.providerId);
    if (!seen || seen.flaggedAt <= flag.flaggedAt) latest.set(flag.providerId, flag);
  }
  return [...latest.values()].sort((a, b) => b.flaggedAt.localeCompare(a.flaggedAt));
}
