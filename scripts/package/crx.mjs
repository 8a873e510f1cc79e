// CRX3: Chrome's signed extension package, as Chromium reads it
// (components/crx_file/crx3.proto and crx_verifier.cc):
//   "Cr24" | uint32le 3 | uint32le header size | CrxFileHeader (protobuf) | ZIP archive
// CrxFileHeader { repeated AsymmetricKeyProof sha256_with_rsa = 2; bytes signed_header_data = 10000; }
// AsymmetricKeyProof { bytes public_key = 1; bytes signature = 2; }   SignedData { bytes crx_id = 1; }
// The RSA-SHA256 signature covers "CRX3 SignedData\0" | uint32le size of signed_header_data |
// signed_header_data | the ZIP.
import { createHash, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';

const MAGIC = Buffer.from('Cr24', 'ascii');
const SIGNATURE_CONTEXT = Buffer.from('CRX3 SignedData\x00', 'binary');

/** The 16-byte CRX id: the first 128 bits of SHA-256 of the DER (SPKI) public key. */
export function crxIdBytes(publicKeyDer) {
  return createHash('sha256').update(publicKeyDer).digest().subarray(0, 16);
}

/** The extension id Chrome shows: the CRX id in hex with digits 0-f written as letters a-p. */
export function extensionIdFromPublicKey(publicKeyDer) {
  return extensionIdFromCrxId(crxIdBytes(publicKeyDer));
}

/** The 16-byte CRX id written as Chrome shows extension ids: each hex digit 0-f as a letter a-p. */
export function extensionIdFromCrxId(crxId) {
  return [...crxId.toString('hex')].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

/**
 * The id Chromium gives an unpacked extension loaded from `absolutePath` (--load-extension),
 * when its manifest has no "key": the same a-p mapping of SHA-256 of the path (Linux: UTF-8).
 * End-to-end tests use it to write a 3rdparty policy before the browser starts.
 */
export function extensionIdForUnpackedPath(absolutePath) {
  return extensionIdFromCrxId(createHash('sha256').update(Buffer.from(absolutePath, 'utf8')).digest().subarray(0, 16));
}

/** The DER (SPKI) public key of a PEM private key. */
export function publicKeyDerFromPrivatePem(privateKeyPem) {
  return createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' });
}

/** A new RSA 2048 signing key, as PKCS#8 PEM. */
export function generateSigningKeyPem() {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
}

function varint(value) {
  const bytes = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** One protobuf length-delimited field. */
function bytesField(fieldNumber, bytes) {
  return Buffer.concat([varint(fieldNumber * 8 + 2), varint(bytes.length), bytes]);
}

/** A CRX3 file of `zip`, signed with `privateKeyPem`. */
export function buildCrx3(zip, privateKeyPem) {
  const publicKey = publicKeyDerFromPrivatePem(privateKeyPem);
  const signedHeaderData = bytesField(1, crxIdBytes(publicKey));
  const sizeOfSignedData = Buffer.alloc(4);
  sizeOfSignedData.writeUInt32LE(signedHeaderData.length);
  const signature = sign('sha256', Buffer.concat([SIGNATURE_CONTEXT, sizeOfSignedData, signedHeaderData, zip]), privateKeyPem);
  const proof = Buffer.concat([bytesField(1, publicKey), bytesField(2, signature)]);
  const header = Buffer.concat([bytesField(2, proof), bytesField(10000, signedHeaderData)]);
  const prefix = Buffer.alloc(12);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(3, 4);
  prefix.writeUInt32LE(header.length, 8);
  return Buffer.concat([prefix, header, zip]);
}

function readVarint(buffer, start) {
  let value = 0;
  let scale = 1;
  let at = start;
  for (;;) {
    if (at >= buffer.length) throw new Error('CRX header ends inside a varint');
    const byte = buffer[at++];
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, at];
    scale *= 128;
  }
}

/** The length-delimited fields of a protobuf message, as [field number, bytes]. */
function readFields(message) {
  const fields = [];
  let at = 0;
  while (at < message.length) {
    const [tag, afterTag] = readVarint(message, at);
    if ((tag & 7) !== 2) throw new Error(`CRX header field ${Math.floor(tag / 8)} has wire type ${tag & 7}, expected bytes`);
    const [length, afterLength] = readVarint(message, afterTag);
    fields.push([Math.floor(tag / 8), message.subarray(afterLength, afterLength + length)]);
    at = afterLength + length;
  }
  return fields;
}

/**
 * Reads a CRX3 file's header: `{ version, publicKeys: [{ publicKey, signature }], crxId, zip }`.
 * Throws when the magic or version is wrong.
 */
export function readCrx3(crx) {
  if (!crx.subarray(0, 4).equals(MAGIC)) throw new Error(`Not a CRX file: starts with ${JSON.stringify(crx.subarray(0, 4).toString('latin1'))}, expected "Cr24"`);
  const version = crx.readUInt32LE(4);
  if (version !== 3) throw new Error(`CRX version ${version}, expected 3`);
  const headerSize = crx.readUInt32LE(8);
  const header = crx.subarray(12, 12 + headerSize);
  const publicKeys = [];
  let signedHeaderData = null;
  for (const [field, bytes] of readFields(header)) {
    if (field === 2) {
      const proof = Object.fromEntries(readFields(bytes));
      publicKeys.push({ publicKey: proof[1], signature: proof[2] });
    } else if (field === 10000) signedHeaderData = bytes;
  }
  const crxId = signedHeaderData ? Object.fromEntries(readFields(signedHeaderData))[1] : null;
  return { version, publicKeys, signedHeaderData, crxId, zip: crx.subarray(12 + headerSize) };
}
