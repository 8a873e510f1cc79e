import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { BridgeDatabase } from '@/lib/db/database';
import { readActiveDirectory, readPreviousDirectory } from '@/lib/db/directory-store';
import { decodeBundle } from '@/lib/directory/bundle';
import { encodeDirectory } from '@/lib/directory/compact';
import { decodeZipCentroids } from '@/lib/geo/zip-centroids';
import { createDirectoryService, fetchDirectoryUrl, type DirectoryServiceSeams } from './directory-service';

// The service against the real bundled directory and ZIP table, with the browser seams replaced.
const bundled = {
  '/data/directory.bin': new Uint8Array(readFileSync('public/data/directory.bin')),
  '/data/zip-centroids.bin': new Uint8Array(readFileSync('public/data/zip-centroids.bin')),
};
const fixtureJson = readFileSync('lib/directory/fixtures/findtreatment-export.json', 'utf8');
const fixtureCsv = readFileSync('lib/directory/fixtures/findtreatment-listing.csv', 'utf8');

function seams(clinicZip: string | null = null) {
  return {
    readBundled: vi.fn((path: keyof typeof bundled) => Promise.resolve(bundled[path])),
    clinicZip: () => Promise.resolve(clinicZip),
    now: () => new Date('2026-11-23T12:00:00Z'),
    fetchUrl: fetchDirectoryUrl,
  } satisfies DirectoryServiceSeams;
}
const boston = { origin: { kind: 'zip' as const, zip: '02108' }, need: [] };

describe('directory service', () => {
  it('stores the bundled directory on first need and answers from the stored record after a restart', async () => {
    const db = new BridgeDatabase(`dir-service-${Math.random()}`);
    const first = createDirectoryService(db, seams());
    const answer = await first.search(boston);
    if (!answer.ok) throw new Error(answer.message);
    expect(answer.matches).toHaveLength(20);
    expect(answer.matches.map((m) => m.miles)).toEqual([...answer.matches.map((m) => m.miles)].sort((a, b) => a - b));
    expect(answer.matches[0]!.miles).toBeLessThan(2);
    const stored = await readActiveDirectory(db);
    expect(stored?.source).toBe('bundled');
    // A new worker life: the directory comes from IndexedDB, never from the bundle again.
    const restarted = seams();
    const again = await createDirectoryService(db, restarted).search(boston);
    expect(again).toEqual(answer);
    expect(restarted.readBundled.mock.calls.map(([path]) => path)).toEqual(['/data/zip-centroids.bin']);
    // Stored packed, its spatial indexes included: a worker start builds nothing.
    expect(stored?.packed?.trees?.all.size).toBe(stored?.providerCount);
    expect(stored?.compact).toBeUndefined();
  });

  it('a directory stored by an earlier Bridge (compact JSON) is searched, then stored packed', async () => {
    const db = new BridgeDatabase(`dir-service-${Math.random()}`);
    const answer = await createDirectoryService(db, seams()).search(boston);
    const bundle = decodeBundle(bundled['/data/directory.bin'], decodeZipCentroids(bundled['/data/zip-centroids.bin']));
    const legacy = JSON.stringify(encodeDirectory(bundle.providers, bundle.sources, '2026-11-01', true));
    const { packed: _packed, ...record } = (await readActiveDirectory(db))!;
    await db.directory.put({ ...record, compact: legacy });
    const again = await createDirectoryService(db, seams()).search(boston);
    expect(again).toEqual(answer);
    const stored = await readActiveDirectory(db);
    expect(stored?.compact).toBeUndefined();
    expect(stored?.packed?.count).toBe(record.providerCount);
  });

  it('methadone narrows the list to listings that state it; the rest are named as unconfirmed', async () => {
    const service = createDirectoryService(new BridgeDatabase(`dir-service-${Math.random()}`), seams());
    const answer = await service.search({ ...boston, need: ['methadone'] });
    if (!answer.ok) throw new Error(answer.message);
    expect(answer.matches.length).toBeGreaterThan(0);
    expect(answer.matches.every((m) => m.provider.services.includes('methadone') && m.explanation.startsWith('offers methadone'))).toBe(true);
    expect(answer.unlisted.every((m) => m.servicesNotListed && m.unconfirmed.includes('methadone'))).toBe(true);
  });

  it('a malformed import changes nothing and names the row and field', async () => {
    const db = new BridgeDatabase(`dir-service-${Math.random()}`);
    const service = createDirectoryService(db, seams());
    const before = await service.search(boston);
    const activeBefore = await readActiveDirectory(db);
    const broken = fixtureCsv.replace('"42.3389"', '"north"');
    const reply = await service.importFile({ format: 'findtreatment-csv', text: broken, mode: 'replace', asOf: '2026-11-01' });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.message).toMatch(/^Row 3: `latitude` .*Nothing was imported\.$/);
    expect(reply.errors[0]).toMatchObject({ row: 3, field: 'latitude' });
    expect(reply.status.providerCount).toBe(activeBefore!.providerCount);
    // The same record: its header, and byte for byte the same listings (a deep toEqual of megabytes of typed arrays takes minutes).
    const activeAfter = await readActiveDirectory(db);
    expect({ ...activeAfter, packed: undefined }).toEqual({ ...activeBefore, packed: undefined });
    expect(Buffer.from(activeAfter!.packed!.text).equals(Buffer.from(activeBefore!.packed!.text))).toBe(true);
    expect(await readPreviousDirectory(db)).toBeUndefined();
    expect(await service.search(boston)).toEqual(before);
  });

  it('a valid import in replace mode becomes the directory, the old one kept one step back, and survives a restart', async () => {
    const db = new BridgeDatabase(`dir-service-${Math.random()}`);
    const service = createDirectoryService(db, seams());
    await service.search(boston);
    const reply = await service.importFile({ format: 'findtreatment-json', text: fixtureJson, mode: 'replace', asOf: '2026-11-01', fileName: 'export.json' });
    if (!reply.ok) throw new Error(reply.message);
    expect(reply.status).toMatchObject({ origin: 'import', providerCount: 3, previous: { origin: 'bundled' } });
    const after = await createDirectoryService(db, seams()).search({ ...boston, need: ['buprenorphine'] });
    if (!after.ok) throw new Error(after.message);
    expect(after.matches.map((m) => m.provider.name)).toEqual(['Harbor Recovery Center']);
    expect(after.matches[0]!.explanation).toMatch(/^offers buprenorphine · \d+\.\d mi$/);
  });

  it('merge keeps the bundled listings and adds the imported ones', async () => {
    const db = new BridgeDatabase(`dir-service-${Math.random()}`);
    const service = createDirectoryService(db, seams());
    const before = (await service.status()).providerCount;
    const reply = await service.importFile({ format: 'findtreatment-json', text: fixtureJson, mode: 'merge', asOf: '2026-11-01' });
    if (!reply.ok) throw new Error(reply.message);
    expect(reply.status.providerCount).toBe(before + 3);
    expect(reply.status.previous).toMatchObject({ origin: 'bundled', providerCount: before });
    expect(reply.status.sources.map((s) => s.id)).toContain('findtreatment-json');
  });

  it('answers ZIP problems and a missing clinic location with messages for the clinician', async () => {
    const service = createDirectoryService(new BridgeDatabase(`dir-service-${Math.random()}`), seams(null));
    expect(await service.search({ origin: { kind: 'zip', zip: '021' }, need: [] })).toMatchObject({ ok: false, reason: 'invalid-zip' });
    expect(await service.search({ origin: { kind: 'zip', zip: '00000' }, need: [] })).toMatchObject({ ok: false, reason: 'unknown-zip' });
    expect(await service.search({ origin: { kind: 'clinic' }, need: [] })).toMatchObject({ ok: false, reason: 'no-clinic-location' });
    const clinic = await createDirectoryService(new BridgeDatabase(`dir-service-${Math.random()}`), seams('01103')).search({ origin: { kind: 'clinic' }, need: [] });
    expect(clinic).toMatchObject({ ok: true, origin: { zip: '01103', label: 'near the clinic (01103)' } });
  });

  it('flags take the listing name from the directory and export as CSV', async () => {
    const service = createDirectoryService(new BridgeDatabase(`dir-service-${Math.random()}`), seams());
    const answer = await service.search(boston);
    if (!answer.ok) throw new Error(answer.message);
    const listing = answer.matches[0]!.provider;
    await service.flag(listing.id, 'Phone number wrong');
    expect((await service.flags()).flags).toEqual([{ providerId: listing.id, providerName: listing.name, reason: 'Phone number wrong', flaggedAt: '2026-11-23T12:00:00.000Z' }]);
    const { csv, count } = await service.flagsCsv();
    expect(count).toBe(1);
    expect(csv.split('\r\n')[1]).toContain(`"${listing.id}","${listing.name.replace(/"/g, '""')}"`);
    await expect(service.flag('p-not-there', 'Other')).rejects.toThrow(/no longer in the directory/);
  });
});

describe('refresh from the clinic\'s directory URL', () => {
  it('downloads only when the ETag changed, and keeps the directory in use when the new file is bad', async () => {
    let served = { etag: '"v1"', body: fixtureJson };
    const seen: (string | null)[] = [];
    const server = createServer((request, response) => {
      const sent = request.headers['if-none-match'] ?? null;
      seen.push(sent);
      if (sent === served.etag) {
        response.writeHead(304, { ETag: served.etag }).end();
        return;
      }
      response.writeHead(200, { ETag: served.etag, 'Content-Type': 'application/json' }).end(served.body);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/directory.json`;
    try {
      const db = new BridgeDatabase(`dir-service-${Math.random()}`);
      const service = createDirectoryService(db, seams());
      expect(await service.refreshFromUrl(url)).toMatchObject({ outcome: 'replaced' });
      expect(await readActiveDirectory(db)).toMatchObject({ source: `url:${url}`, etag: '"v1"', providerCount: 3 });
      expect(await service.refreshFromUrl(url)).toMatchObject({ outcome: 'unchanged' });
      expect(seen).toEqual([null, '"v1"']);

      served = { etag: '"v2"', body: '{"page":1,"rows":[{"name1":"Broken"}]}' };
      const failed = await service.refreshFromUrl(url);
      expect(failed.outcome).toBe('failed');
      expect(failed.message).toMatch(/Row 1: `.+`/);
      expect(await readActiveDirectory(db)).toMatchObject({ etag: '"v1"', providerCount: 3 });

      served = { etag: '"v3"', body: fixtureCsv };
      expect(await service.refreshFromUrl(url)).toMatchObject({ outcome: 'replaced' });
      expect(await readActiveDirectory(db)).toMatchObject({ etag: '"v3"' });
      expect(seen.at(-1)).toBe('"v1"');
      // A restarted worker searches the downloaded directory.
      const answer = await createDirectoryService(db, seams()).search({ origin: { kind: 'zip', zip: '02139' }, need: ['buprenorphine'] });
      expect(answer.ok && answer.matches[0]!.provider.name).toBe('Harbor Recovery Center');
    } finally {
      server.close();
    }
  });
});
