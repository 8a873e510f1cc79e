// A small, deterministic ZIP writer (deflate, fixed timestamps, sorted entries), so the same
// build always gives byte-identical packages and the CRX signature covers exactly these bytes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

/** Files that must never ship in a package: private keys and signing material. */
const FORBIDDEN = /\.(pem|key|p12|pfx|crx)$/i;

/** DOS date/time of 2020-01-01 00:00, for every entry (the store does not need real times). */
const DOS_TIME = 0;
const DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1;

/**
 * Every file under `dir`, as [path inside the zip, absolute path], sorted. Throws when a file
 * looks like a key or a CRX, so a signing key can never end up inside a package.
 */
export function listFiles(dir) {
  const files = [];
  const walk = (current) => {
    for (const name of readdirSync(current)) {
      const full = join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const inside = relative(dir, full).split(sep).join('/');
        if (FORBIDDEN.test(name)) throw new Error(`Refusing to package ${inside}: keys and CRX files never go inside a package. Remove it from ${dir}.`);
        files.push([inside, full]);
      }
    }
  };
  walk(dir);
  return files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A ZIP archive of `entries` ([name, contents]) as one Buffer. */
export function zipEntries(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, contents] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(contents, { level: 9 });
    const compressed = deflated.length < contents.length;
    const data = compressed ? deflated : contents;
    const crc = crc32(contents);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(compressed ? 8 : 0, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(contents.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(compressed ? 8 : 0, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(contents.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDirectory, end]);
}

/** A ZIP of every file under `dir`, with paths relative to it (manifest.json at the root). */
export function zipDirectory(dir) {
  return zipEntries(listFiles(dir).map(([name, full]) => [name, readFileSync(full)]));
}
