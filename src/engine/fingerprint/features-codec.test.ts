/**
 * The stored form of ORB features: what is written reads back equal (positions to the float32 bit,
 * descriptors to the byte), and anything else is refused rather than misread.
 */
import { describe, expect, it } from 'vitest';

import { decodeFeatures, encodeFeatures } from './features-codec';

const sample = () => {
  const n = 37;
  const points = new Float32Array(2 * n).map((_, i) => i * 3.25 + 0.1);
  const descriptors = new Uint8Array(32 * n).map((_, i) => (i * 131) & 255);
  return { width: 512, height: 341, points, descriptors };
};

describe('features codec', () => {
  it('reads back what it wrote', () => {
    const f = sample();
    const bytes = encodeFeatures(f);
    expect(bytes.length).toBe(12 + 37 * 40);
    expect(decodeFeatures(bytes)).toEqual(f);
    // Also from inside a larger buffer (as a Buffer from the database or from unsealing).
    const padded = Buffer.concat([Buffer.from([9, 9, 9]), bytes]).subarray(3);
    expect(decodeFeatures(padded)).toEqual(f);
  });

  it('keeps a picture without keypoints', () => {
    const none = {
      width: 40,
      height: 30,
      points: new Float32Array(0),
      descriptors: new Uint8Array(0),
    };
    expect(decodeFeatures(encodeFeatures(none))).toEqual(none);
  });

  it('refuses truncated, foreign and inconsistent input', () => {
    const bytes = encodeFeatures(sample());
    expect(() => decodeFeatures(bytes.subarray(0, bytes.length - 1))).toThrow(/length/);
    expect(() => decodeFeatures(new Uint8Array([1, 2, 3]))).toThrow(/short/);
    const other = bytes.slice();
    other[1] = 2;
    expect(() => decodeFeatures(other)).toThrow(/format/);
    const bad = { ...sample(), descriptors: new Uint8Array(5) };
    expect(() => encodeFeatures(bad)).toThrow();
  });
});
