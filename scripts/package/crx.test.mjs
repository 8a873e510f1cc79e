import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildCrx3, crxIdBytes, extensionIdForUnpackedPath, extensionIdFromCrxId, extensionIdFromPublicKey, generateSigningKeyPem, publicKeyDerFromPrivatePem, readCrx3 } from './crx.mjs';
import { listFiles, zipEntries } from './zip.mjs';

const key = generateSigningKeyPem();
const publicKey = publicKeyDerFromPrivatePem(key);
const zip = zipEntries([
  ['manifest.json', Buffer.from('{"manifest_version":3,"name":"t","version":"1.0"}')],
  ['background.js', Buffer.from('console.log(1);'.repeat(50))],
]);

describe('extension id', () => {
  it('is the first 128 bits of SHA-256 of the DER public key, hex digits 0-f written a-p', () => {
    const id = extensionIdFromPublicKey(publicKey);
    const hex = createHash('sha256').update(publicKey).digest('hex').slice(0, 32);
    expect(id).toMatch(/^[a-p]{32}$/);
    expect([...id].map((letter) => (letter.charCodeAt(0) - 97).toString(16)).join('')).toBe(hex);
  });

  it('gives the id Chromium showed for an unpacked build loaded with --load-extension', () => {
    // Observed with /usr/bin/chromium on this machine: chrome-extension://jngbefpdjcokdkgfbponkhpapekciglb/background.js
    expect(extensionIdForUnpackedPath('/work/main/.output/chrome-mv3-demo')).toBe('jngbefpdjcokdkgfbponkhpapekciglb');
  });

  it('writes each hex digit of the CRX id as a letter, 0 as a and f as p', () => {
    expect(extensionIdFromCrxId(Buffer.from('0123456789abcdef0123456789abcdef', 'hex'))).toBe('abcdefghijklmnopabcdefghijklmnop');
  });
});

describe('CRX3 file', () => {
  const crx = buildCrx3(zip, key);
  const parsed = readCrx3(crx);

  it("starts with 'Cr24' and version 3, then the header, then the zip unchanged", () => {
    expect(crx.subarray(0, 4).toString('latin1')).toBe('Cr24');
    expect(crx.readUInt32LE(4)).toBe(3);
    expect(parsed.version).toBe(3);
    expect(parsed.zip.equals(zip)).toBe(true);
  });

  it('carries the public key, the crx id derived from it, and a signature Chrome can verify', () => {
    expect(parsed.publicKeys).toHaveLength(1);
    expect(parsed.publicKeys[0].publicKey.equals(publicKey)).toBe(true);
    expect(parsed.crxId.equals(crxIdBytes(publicKey))).toBe(true);
    const size = Buffer.alloc(4);
    size.writeUInt32LE(parsed.signedHeaderData.length);
    const signedBytes = Buffer.concat([Buffer.from('CRX3 SignedData\x00', 'binary'), size, parsed.signedHeaderData, zip]);
    const keyObject = createPublicKey({ key: publicKey, format: 'der', type: 'spki' });
    expect(verify('sha256', signedBytes, keyObject, parsed.publicKeys[0].signature)).toBe(true);
    const tampered = Buffer.from(signedBytes);
    tampered[tampered.length - 1] ^= 1;
    expect(verify('sha256', tampered, keyObject, parsed.publicKeys[0].signature)).toBe(false);
  });

  it('is byte-identical to what the independent crx3 npm package writes for the same zip and key', async () => {
    const require = createRequire(import.meta.url);
    const createCrx3Stream = require('crx3/lib/crx3stream.js');
    const dir = mkdtempSync(join(tmpdir(), 'bridge-crx-'));
    writeFileSync(join(dir, 'key.pem'), key);
    const out = join(dir, 'reference.crx');
    await new Promise((resolve, reject) => {
      const stream = createCrx3Stream(out, { keyPath: join(dir, 'key.pem') });
      stream.on('error', reject).on('finish', resolve);
      stream.end(zip);
    });
    expect(readFileSync(out).equals(crx)).toBe(true);
  });

  it('rejects a file that is not CRX3', () => {
    expect(() => readCrx3(Buffer.from('PK\x03\x04rest-of-a-zip'))).toThrow('expected "Cr24"');
    const v2 = Buffer.from(crx);
    v2.writeUInt32LE(2, 4);
    expect(() => readCrx3(v2)).toThrow('CRX version 2, expected 3');
  });
});

describe('zip', () => {
  it('is a valid archive that unzip reads back, byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bridge-zip-'));
    writeFileSync(join(dir, 'test.zip'), zip);
    expect(execFileSync('unzip', ['-tq', join(dir, 'test.zip')]).toString()).toMatch(/No errors/);
    expect(execFileSync('unzip', ['-p', join(dir, 'test.zip'), 'background.js']).toString()).toBe('console.log(1);'.repeat(50));
  });

  it('refuses to package a key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bridge-src-'));
    writeFileSync(join(dir, 'manifest.json'), '{}');
    writeFileSync(join(dir, 'bridge-clinic.pem'), key);
    expect(() => listFiles(dir)).toThrow(/Refusing to package bridge-clinic\.pem/);
  });
});
