/**
 * The stored form of a reference's ORB features (verify.ts), so that they can be sealed with the
 * case key and kept in the case file (decision 0017): a small header, the keypoints' positions as
 * float32 and the 32-byte descriptors, all little-endian. The format is versioned by
 * FEATURES_KIND: features computed differently (another resolution, another keypoint count) get
 * another kind, and rows of an older kind are recomputed from the sealed original where one is
 * kept.
 */
import type { Features } from './verify';

/**
 * What the stored features are: ORB on the reference's working image (verify.ts's
 * extractFeatures, 512 px), format 1. Changing how references' features are computed means a new
 * kind.
 */
export const FEATURES_KIND = 'orb512-v1';

const MAGIC = 0x4f; // 'O'
const HEADER = 12;

/** Serialises features: [magic 1][version 1][width u16][height u16][pad 2][n u32][points][descriptors]. */
export function encodeFeatures(f: Features): Uint8Array {
  const n = f.points.length / 2;
  if (!Number.isInteger(n) || f.descriptors.length !== n * 32)
    throw new Error('features: one position pair and 32 descriptor bytes per keypoint');
  const out = new Uint8Array(HEADER + n * 8 + n * 32);
  const view = new DataView(out.buffer);
  view.setUint8(0, MAGIC);
  view.setUint8(1, 1);
  view.setUint16(2, f.width, true);
  view.setUint16(4, f.height, true);
  view.setUint32(8, n, true);
  for (let i = 0; i < 2 * n; i++) view.setFloat32(HEADER + 4 * i, f.points[i]!, true);
  out.set(f.descriptors, HEADER + n * 8);
  return out;
}

/** Reads what {@link encodeFeatures} wrote; throws on anything else (wrong length, magic, version). */
export function decodeFeatures(bytes: Uint8Array): Features {
  if (bytes.length < HEADER) throw new Error('features: too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== MAGIC || view.getUint8(1) !== 1)
    throw new Error('features: unknown format');
  const width = view.getUint16(2, true);
  const height = view.getUint16(4, true);
  const n = view.getUint32(8, true);
  if (bytes.length !== HEADER + n * 40) throw new Error('features: length does not match');
  const points = new Float32Array(2 * n);
  for (let i = 0; i < 2 * n; i++) points[i] = view.getFloat32(HEADER + 4 * i, true);
  const descriptors = new Uint8Array(bytes.subarray(HEADER + n * 8, HEADER + n * 40));
  return { width, height, points, descriptors };
}
