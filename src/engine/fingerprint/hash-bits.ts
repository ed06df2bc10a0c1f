/**
 * 256-bit hash helpers shared by every algorithm: hex <-> bytes and Hamming distance.
 * Hashes are stored as 32 bytes in the order of their hex string (first byte = first two hex digits),
 * so that hex and bytes convert without knowing the algorithm's bit layout.
 */

/** Number of bytes in every hash Jium stores (256 bits). */
export const HASH_BYTES = 32;

const POPCOUNT8 = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT8[i] = (i & 1) + (POPCOUNT8[i >> 1] ?? 0);

/** Converts 64 hex digits to 32 bytes; throws on anything else, since a wrong hash must never match. */
export function hexToBytes(hex: string): Uint8Array {
  if (!/^[0-9a-fA-F]{64}$/.test(hex))
    throw new Error(`not a 256-bit hex hash: ${hex.slice(0, 80)}`);
  const out = new Uint8Array(HASH_BYTES);
  for (let i = 0; i < HASH_BYTES; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Converts 32 bytes to 64 lowercase hex digits. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Hamming distance between two 256-bit hashes (simple and correct; the index has its own fast one). */
export function hamming256(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== HASH_BYTES || b.length !== HASH_BYTES) {
    throw new Error(`hamming256 needs two ${HASH_BYTES}-byte hashes`);
  }
  let d = 0;
  for (let i = 0; i < HASH_BYTES; i++) d += POPCOUNT8[(a[i] ?? 0) ^ (b[i] ?? 0)] ?? 0;
  return d;
}

/** Number of set bits in a hash. */
export function popcount256(a: Uint8Array): number {
  let n = 0;
  for (const b of a) n += POPCOUNT8[b] ?? 0;
  return n;
}
