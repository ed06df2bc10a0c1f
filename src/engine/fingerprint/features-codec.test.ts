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

  it("keeps a reference's located picture (format 2) to 1/65,535 of a side", () => {
    const f = { ...sample(), picture: [0.05, 0.3125, 0.95, 0.6] };
    const bytes = encodeFeatures(f);
    expect(bytes[1]).toBe(2);
    expect(bytes.length).toBe(12 + 37 * 40 + 8);
    const back = decodeFeatures(bytes);
    expect({ ...back, picture: undefined }).toEqual({ ...sample(), picture: undefined });
    back.picture!.forEach((v, i) => expect(Math.abs(v - f.picture[i]!)).toBeLessThan(1 / 65535));
    // Without a picture the format stays 1, byte for byte what earlier versions wrote.
    expect(encodeFeatures(sample())[1]).toBe(1);
  });

  it("keeps how many keypoints are a page reference's own (format 3, decision 0167)", () => {
    const f = { ...sample(), picture: [0.05, 0.3125, 0.95, 0.6], pageKeypoints: 12 };
    const bytes = encodeFeatures(f);
    expect(bytes[1]).toBe(3);
    expect(bytes.length).toBe(12 + 37 * 40 + 8 + 4);
    const back = decodeFeatures(bytes);
    expect(back.pageKeypoints).toBe(12);
    expect({ ...back, picture: undefined }).toEqual({ ...f, picture: undefined });
    // Without a picture there is no page: the count is not written.
    expect(encodeFeatures({ ...sample(), pageKeypoints: 12 })[1]).toBe(1);
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
    other[1] = 4;
    expect(() => decodeFeatures(other)).toThrow(/format/);
    // Format 2 without its picture trailer, and format 1 with one, do not read.
    const two = bytes.slice();
    two[1] = 2;
    expect(() => decodeFeatures(two)).toThrow(/length/);
    const withPicture = encodeFeatures({ ...sample(), picture: [0.1, 0.2, 0.9, 0.6] });
    const one = withPicture.slice();
    one[1] = 1;
    expect(() => decodeFeatures(one)).toThrow(/length/);
    // Format 3 read as format 2 (its count taken for padding) does not read, nor a count past n.
    const three = encodeFeatures({ ...sample(), picture: [0, 0, 1, 1], pageKeypoints: 20 });
    const asTwo = three.slice();
    asTwo[1] = 2;
    expect(() => decodeFeatures(asTwo)).toThrow(/length/);
    const past = encodeFeatures({ ...sample(), picture: [0, 0, 1, 1], pageKeypoints: 38 });
    expect(() => decodeFeatures(past)).toThrow(/page keypoints/);
    const bad = { ...sample(), descriptors: new Uint8Array(5) };
    expect(() => encodeFeatures(bad)).toThrow();
  });
});
