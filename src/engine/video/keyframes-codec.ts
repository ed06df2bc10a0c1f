/**
 * The stored form of a reference video's crop-stage keyframes (crop-stage.ts, decision 0104), so
 * that they can be sealed with the case key as one value: [magic 'V'][version 1][pad 2][count
 * u32], then per keyframe [seconds float32][length u32][the image pipeline's encodeFeatures
 * bytes]. Little-endian. VIDEO_FEATURES_KIND names how the keyframes were chosen and described.
 */
import { decodeFeatures, encodeFeatures } from '../fingerprint/features-codec';
import type { VideoKeyframe } from './crop-stage';

/** ORB at ≤ 512 px (the image pipeline's kind) on keyframes about once a second, format 1. */
export const VIDEO_FEATURES_KIND = 'orb512-1s-v1';

const MAGIC = 0x56; // 'V'
const HEADER = 8;

/** Serialises keyframes (see the file comment). */
export function encodeKeyframes(keyframes: readonly VideoKeyframe[]): Uint8Array {
  const parts = keyframes.map((k) => encodeFeatures(k.features));
  const total = HEADER + parts.reduce((n, p) => n + 8 + p.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint8(0, MAGIC);
  view.setUint8(1, 1);
  view.setUint32(4, keyframes.length, true);
  let at = HEADER;
  parts.forEach((p, i) => {
    view.setFloat32(at, keyframes[i]!.timestampS, true);
    view.setUint32(at + 4, p.length, true);
    out.set(p, at + 8);
    at += 8 + p.length;
  });
  return out;
}

/** Reads what {@link encodeKeyframes} wrote; throws on anything else. */
export function decodeKeyframes(bytes: Uint8Array): VideoKeyframe[] {
  if (bytes.length < HEADER) throw new Error('keyframes: too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== MAGIC || view.getUint8(1) !== 1)
    throw new Error('keyframes: unknown format');
  const n = view.getUint32(4, true);
  const out: VideoKeyframe[] = [];
  let at = HEADER;
  for (let i = 0; i < n; i++) {
    if (at + 8 > bytes.length) throw new Error('keyframes: length does not match');
    const timestampS = Math.round(view.getFloat32(at, true) * 1000) / 1000;
    const len = view.getUint32(at + 4, true);
    if (at + 8 + len > bytes.length) throw new Error('keyframes: length does not match');
    out.push({ timestampS, features: decodeFeatures(bytes.subarray(at + 8, at + 8 + len)) });
    at += 8 + len;
  }
  if (at !== bytes.length) throw new Error('keyframes: length does not match');
  return out;
}
