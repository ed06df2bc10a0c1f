import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { decodeImage, DEFAULT_LIMITS, workingPipeline } from './decode';
import { FingerprintError } from './errors';
import { vectorsDir } from './test-support';

const photo = readFileSync(
  path.join(vectorsDir, 'pdq/data/reg-test-input/dih/bridge-1-original.jpg'),
);

async function codeOf(bytes: Uint8Array, limits = DEFAULT_LIMITS): Promise<string> {
  try {
    await decodeImage(bytes, limits);
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(FingerprintError);
    return (e as FingerprintError).code;
  }
}

/** A decompression bomb: a PNG whose header declares `w` x `h` pixels, with a little zlib data. */
function pngDeclaring(w: number, h: number): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = (crcTable[(c ^ x) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const ihdr = Buffer.alloc(17);
  ihdr.write('IHDR', 0, 'latin1');
  ihdr.writeUInt32BE(w, 4);
  ihdr.writeUInt32BE(h, 8);
  ihdr.set([8, 2, 0, 0, 0], 12);
  const chunkOf = (body: Buffer) => {
    const c = Buffer.alloc(body.length + 8);
    c.writeUInt32BE(body.length - 4, 0);
    body.copy(c, 4);
    c.writeUInt32BE(crc(body), body.length + 4);
    return c;
  };
  const idat = Buffer.concat([Buffer.from('IDAT', 'latin1'), deflateSync(Buffer.alloc(100_000))]);
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const iend = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
  return Buffer.concat([sig, chunkOf(ihdr), chunkOf(idat), iend]);
}

describe('decodeImage', () => {
  it('decodes a JPEG photo to an RGB working image inside 512 px, keeping the original size', async () => {
    const img = await decodeImage(photo);
    expect(img).toMatchObject({ format: 'jpeg', width: 1600, height: 1004, workWidth: 512 });
    expect(img.workHeight).toBe(321);
    expect(img.rgb.length).toBe(512 * 321 * 3);
  });

  it('applies EXIF orientation (orientation 6 turns a landscape file portrait)', async () => {
    const file = path.join(vectorsDir, 'pdq/data/reg-test-input/exif-rotn/exif-rotn-6.jpg');
    const img = await decodeImage(readFileSync(file));
    expect(img.height).toBeGreaterThan(img.width);
    expect(img.workHeight).toBeGreaterThan(img.workWidth);
  });

  // A page reference's picture is decoded again on its own (picture-features.ts, decision 0167):
  // its box comes from the upright working image, so the cut must be made after EXIF orientation.
  it('cuts a region out of the picture as a viewer sees it (after EXIF orientation)', async () => {
    // The same pixels stored turned a quarter clockwise with orientation 6 (shown upright).
    const stored = await sharp(photo)
      .rotate(-90)
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const region = { left: 200, top: 300, width: 640, height: 400 };
    const cut = async (b: Buffer) => {
      const { data, info } = await workingPipeline(b, DEFAULT_LIMITS, region).toBuffer({
        resolveWithObject: true,
      });
      return { data, width: info.width, height: info.height };
    };
    const upright = await cut(photo);
    const turned = await cut(stored);
    expect([upright.width, upright.height]).toEqual([512, 320]);
    expect([turned.width, turned.height]).toEqual([512, 320]);
    let diff = 0;
    for (let i = 0; i < upright.data.length; i++)
      diff += Math.abs(upright.data[i]! - turned.data[i]!);
    expect(diff / upright.data.length).toBeLessThan(8); // JPEG twice, not another part
  });

  it('decodes every supported format of the same picture to nearly the same pixels', async () => {
    const base = sharp(photo).resize(300);
    const formats = {
      png: await base.clone().png().toBuffer(),
      webp: await base.clone().webp({ quality: 90 }).toBuffer(),
      gif: await base.clone().gif().toBuffer(),
      avif: await base.clone().avif({ quality: 70 }).toBuffer(),
      tiff: await base.clone().tiff().toBuffer(),
    };
    for (const [format, bytes] of Object.entries(formats)) {
      const img = await decodeImage(bytes);
      expect(img.format, format).toBe(format === 'avif' ? 'heif' : format);
      expect(img.workWidth).toBe(300);
    }
  });

  it('flattens transparency onto white', async () => {
    const clear = await sharp({
      create: { width: 20, height: 20, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const img = await decodeImage(clear);
    expect([...img.rgb.subarray(0, 3)]).toEqual([255, 255, 255]);
  });

  it('reports truncation even when concurrent decodes garble libvips messages', async () => {
    const cut = photo.subarray(0, 20_000);
    const codes = await Promise.all(Array.from({ length: 8 }, () => codeOf(cut)));
    expect(codes).toEqual(Array(8).fill('truncated'));
  });

  it('reports each kind of bad input with its own code', async () => {
    expect(await codeOf(new Uint8Array(0))).toBe('not-an-image');
    const html = Buffer.from('<!doctype html><html><body>Not found</body></html>');
    expect(await codeOf(html)).toBe('not-an-image');
    expect(await codeOf(photo.subarray(0, Math.floor(photo.length / 2)))).toBe('truncated');
    const corrupt = Buffer.from(photo);
    corrupt.fill(0x55, 200, 4000);
    expect(['corrupt', 'truncated']).toContain(await codeOf(corrupt));
    expect(await codeOf(photo, { ...DEFAULT_LIMITS, maxInputBytes: 1000 })).toBe('too-large');
    expect(await codeOf(pngDeclaring(60_000, 60_000))).toBe('too-many-pixels');
    const heic = Buffer.concat([
      Buffer.from([0, 0, 0, 24]),
      Buffer.from('ftypheic\0\0\0\0mif1heic'),
    ]);
    expect(await codeOf(heic)).toBe('unsupported-format');
  });
});
