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
 * kind. `orb512-v2` adds the picture the finder located in the reference (format 2; page-chrome.ts):
 * rows of `orb512-v1` are still read (a hash-only reference keeps them: there is no original to
 * compute the picture from) and replaced where the original is kept. `orb512-v3` (format 3 where
 * it applies) adds, to a page reference, its located picture's own keypoints (picture-features.ts,
 * decision 0167); older rows are read and replaced the same way.
 */
export const FEATURES_KIND = 'orb512-v3';
/** Every kind {@link decodeFeatures} reads, newest first. */
export const READABLE_FEATURE_KINDS = ['orb512-v3', 'orb512-v2', 'orb512-v1'] as const;

const MAGIC = 0x4f; // 'O'
const HEADER = 12;
/** Format 2's trailer: the located picture's left, top, right, bottom in 65,535ths. */
const PICTURE = 8;
/** Format 3's, after format 2's: how many keypoints are the page's own (u32). */
const PAGE_KEYPOINTS = 4;
const UNIT = 65535;

/**
 * Serialises features: [magic 1][version 1][width u16][height u16][pad 2][n u32][points]
 * [descriptors], with a located picture (format 2) [left top right bottom u16], and with the
 * picture's own keypoints after the page's (format 3) [the page's count u32].
 */
export function encodeFeatures(f: Features): Uint8Array {
  const n = f.points.length / 2;
  if (!Number.isInteger(n) || f.descriptors.length !== n * 32)
    throw new Error('features: one position pair and 32 descriptor bytes per keypoint');
  const box = f.picture;
  const own = box ? f.pageKeypoints : undefined;
  const trailer = (box ? PICTURE : 0) + (own !== undefined ? PAGE_KEYPOINTS : 0);
  const out = new Uint8Array(HEADER + n * 40 + trailer);
  const view = new DataView(out.buffer);
  view.setUint8(0, MAGIC);
  view.setUint8(1, own !== undefined ? 3 : box ? 2 : 1);
  view.setUint16(2, f.width, true);
  view.setUint16(4, f.height, true);
  view.setUint32(8, n, true);
  for (let i = 0; i < 2 * n; i++) view.setFloat32(HEADER + 4 * i, f.points[i]!, true);
  out.set(f.descriptors, HEADER + n * 8);
  for (let i = 0; box && i < 4; i++) {
    const v = Math.round(Math.min(1, Math.max(0, box[i]!)) * UNIT);
    view.setUint16(HEADER + n * 40 + 2 * i, v, true);
  }
  if (own !== undefined) view.setUint32(HEADER + n * 40 + PICTURE, own, true);
  return out;
}

/** Reads what {@link encodeFeatures} wrote; throws on anything else (wrong length, magic, version). */
export function decodeFeatures(bytes: Uint8Array): Features {
  if (bytes.length < HEADER) throw new Error('features: too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(1);
  if (view.getUint8(0) !== MAGIC || version < 1 || version > 3)
    throw new Error('features: unknown format');
  const width = view.getUint16(2, true);
  const height = view.getUint16(4, true);
  const n = view.getUint32(8, true);
  const end = HEADER + n * 40;
  const trailer = [0, 0, PICTURE, PICTURE + PAGE_KEYPOINTS][version]!;
  if (bytes.length !== end + trailer) throw new Error('features: length does not match');
  const points = new Float32Array(2 * n);
  for (let i = 0; i < 2 * n; i++) points[i] = view.getFloat32(HEADER + 4 * i, true);
  const descriptors = new Uint8Array(bytes.subarray(HEADER + n * 8, end));
  if (version === 1) return { width, height, points, descriptors };
  const picture = [0, 1, 2, 3].map((i) => view.getUint16(end + 2 * i, true) / UNIT);
  if (version === 2) return { width, height, points, descriptors, picture };
  const pageKeypoints = view.getUint32(end + PICTURE, true);
  if (pageKeypoints > n) throw new Error('features: more page keypoints than keypoints');
  return { width, height, points, descriptors, picture, pageKeypoints };
}
