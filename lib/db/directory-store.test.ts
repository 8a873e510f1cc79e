import { describe, expect, it } from 'vitest';
import { BridgeDatabase } from './database';
import { allDirectoryFlags, latestFlagPerListing, readActiveDirectory, readPreviousDirectory, replaceActiveDirectory, saveDirectoryFlag, storeBundledDirectory } from './directory-store';

const newDb = () => new BridgeDatabase(`directory-${Math.random()}`);
const record = (version: string) => ({ version, source: 'bundled', importedAt: '2026-11-23T10:00:00.000Z', providerCount: 1, compact: `{"v":"${version}"}` });

describe('directory store', () => {
  it('stores the bundled directory once: the first writer wins', async () => {
    const db = newDb();
    expect(await readActiveDirectory(db)).toBeUndefined();
    const [a, b] = await Promise.all([storeBundledDirectory(db, record('first')), storeBundledDirectory(db, record('second'))]);
    expect(a.version).toBe(b.version);
    expect((await db.directory.toArray()).length).toBe(1);
  });

  it('moves active to previous and writes the new active together', async () => {
    const db = newDb();
    await storeBundledDirectory(db, record('bundled'));
    await replaceActiveDirectory(db, { ...record('import-1'), source: 'import:findtreatment-json' });
    expect((await readActiveDirectory(db))?.version).toBe('import-1');
    expect((await readPreviousDirectory(db))?.version).toBe('bundled');
    await replaceActiveDirectory(db, record('import-2'));
    expect((await readPreviousDirectory(db))?.version).toBe('import-1');
    expect(await db.directory.count()).toBe(2);
  });

  it('leaves both slots as they were when the transaction fails', async () => {
    const db = newDb();
    await storeBundledDirectory(db, record('bundled'));
    // A function cannot be cloned into IndexedDB: the write fails after the move to `previous`,
    // which must be rolled back with it.
    await expect(replaceActiveDirectory(db, { ...record('bad'), compact: (() => 'x') as unknown as string })).rejects.toThrow();
    expect((await readActiveDirectory(db))?.version).toBe('bundled');
    expect(await readPreviousDirectory(db)).toBeUndefined();
  });

  it('keeps every flag with the listing name and address, and shows the latest per listing', async () => {
    const db = newDb();
    const flag = (providerId: string, reason: string, flaggedAt: string) => ({ providerId, providerName: `Name ${providerId}`, address: '1 Main St, Boston, MA 02108', reason, flaggedAt });
    await saveDirectoryFlag(db, flag('p1', 'Closed or moved', '2026-11-23T10:00:00.000Z'));
    await saveDirectoryFlag(db, flag('p2', 'Phone number wrong', '2026-11-23T10:01:00.000Z'));
    await saveDirectoryFlag(db, flag('p1', 'Address wrong', '2026-11-23T10:02:00.000Z'));
    const all = await allDirectoryFlags(db);
    expect(all.map((f) => f.reason)).toEqual(['Closed or moved', 'Phone number wrong', 'Address wrong']);
    expect(all[0]).toEqual(flag('p1', 'Closed or moved', '2026-11-23T10:00:00.000Z'));
    expect(latestFlagPerListing(all).map((f) => [f.providerId, f.reason])).toEqual([
      ['p1', 'Address wrong'],
      ['p2', 'Phone number wrong'],
    ]);
  });
});
