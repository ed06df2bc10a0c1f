/**
 * AES-256-GCM sealing of small and large values. A sealed value is `v1 | iv(12) | tag(16) | data`;
 * the associated data (AAD) binds it to where it belongs (which case, which field), so a ciphertext
 * copied into another row or another case does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes added to every plaintext by `seal`. */
export const SEAL_OVERHEAD = 1 + IV_BYTES + TAG_BYTES;

/** Raised when a sealed value does not open: wrong key, wrong AAD, or tampered bytes. */
export class SealError extends Error {
  constructor(message = 'The encrypted value does not open with this key.') {
    super(message);
    this.name = 'SealError';
  }
}

/** A fresh random 256-bit key. */
export function randomKey(): Buffer {
  return randomBytes(32);
}

/** Encrypts `plain` with a 256-bit key and a fresh random nonce, bound to `aad`. */
export function seal(key: Buffer, plain: Uint8Array, aad: string): Buffer {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), data]);
}

/** Decrypts a value made by `seal`; throws SealError if the key, the AAD or the bytes are wrong. */
export function open(key: Buffer, sealed: Uint8Array, aad: string): Buffer {
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (buf.length < SEAL_OVERHEAD || buf[0] !== VERSION) throw new SealError('Not a sealed value.');
  const iv = buf.subarray(1, 1 + IV_BYTES);
  const tag = buf.subarray(1 + IV_BYTES, SEAL_OVERHEAD);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(buf.subarray(SEAL_OVERHEAD)), decipher.final()]);
  } catch {
    throw new SealError();
  }
}

/** Seals a UTF-8 string (identity fields, notes). */
export function sealText(key: Buffer, text: string, aad: string): Buffer {
  return seal(key, Buffer.from(text, 'utf8'), aad);
}

/** Opens a value sealed by `sealText`. */
export function openText(key: Buffer, sealed: Uint8Array, aad: string): string {
  return open(key, sealed, aad).toString('utf8');
}
