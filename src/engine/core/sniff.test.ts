import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';

import { looksLikeHtml, looksTruncated, sniffImage, sniffVideo } from './sniff';

const dir = mkdtempSync(path.join(tmpdir(), 'jium-sniff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A one-second test-pattern video in the container named by the extension, made by FFmpeg. */
function make(ext: string): Uint8Array {
  const file = path.join(dir, `t.${ext}`);
  const codec = ext === '3gp' ? ['-c:v', 'mpeg4'] : [];
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc=s=64x48:d=1',
    '-pix_fmt',
    'yuv420p',
    ...codec,
    file,
  ]);
  return readFileSync(file).subarray(0, 64);
}

describe('sniffVideo', () => {
  it.each([
    ['mp4', 'mp4'],
    ['m4v', 'mp4'],
    ['mov', 'mov'],
    ['webm', 'webm'],
    ['mkv', 'mkv'],
    ['avi', 'avi'],
    ['3gp', '3gp'],
  ])('names a real .%s file as %s', (ext, want) => {
    expect(sniffVideo(make(ext))).toBe(want);
  });

  it('refuses HTML, text, an empty file and still images', async () => {
    expect(
      sniffVideo(new TextEncoder().encode('<!doctype html><html><body>404</body></html>')),
    ).toBe(null);
    expect(sniffVideo(new Uint8Array(0))).toBe(null);
    const png = path.join(dir, 'p.png');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc=s=64x48:d=1',
      '-frames:v',
      '1',
      png,
    ]);
    expect(sniffVideo(readFileSync(png).subarray(0, 64))).toBe(null);
    // An AVIF still: ftyp with an image brand.
    const avif = new Uint8Array(32);
    avif.set([0, 0, 0, 0x1c], 0);
    avif.set(new TextEncoder().encode('ftypavif'), 4);
    expect(sniffVideo(avif)).toBe(null);
  });
});

/** A 64x48 gradient photograph-like image encoded by sharp in `format`. */
async function image(format: 'jpeg' | 'png' | 'gif' | 'webp' | 'avif' | 'tiff'): Promise<Buffer> {
  const raw = Buffer.alloc(64 * 48 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 7) % 256;
  return sharp(raw, { raw: { width: 64, height: 48, channels: 3 } })
    .toFormat(format)
    .toBuffer();
}

/** An ISO BMFF file's first bytes: an ftyp box with a major brand and compatible brands. */
function ftyp(major: string, ...compatible: string[]): Uint8Array {
  const size = 16 + 4 * compatible.length;
  const b = new Uint8Array(Math.max(size, 32));
  b.set([0, 0, 0, size], 0);
  b.set(new TextEncoder().encode(`ftyp${major}\0\0\0\0${compatible.join('')}`), 4);
  return b;
}

describe('sniffImage', () => {
  it.each(['jpeg', 'png', 'gif', 'webp', 'avif', 'tiff'] as const)(
    'names a real %s file by its bytes',
    async (format) => {
      expect(sniffImage(await image(format))).toBe(format);
    },
  );

  it('names BMP by its header, and HEIF files by their brands (AVIF among them wins)', () => {
    expect(sniffImage(new TextEncoder().encode('BM\0\0\0\0\0\0'))).toBe('bmp');
    expect(sniffImage(ftyp('heic', 'mif1', 'heic'))).toBe('heic');
    expect(sniffImage(ftyp('mif1', 'mif1', 'heic'))).toBe('heic');
    expect(sniffImage(ftyp('mif1', 'mif1', 'avif'))).toBe('avif');
    expect(sniffImage(ftyp('avif', 'mif1', 'miaf'))).toBe('avif');
  });

  it('refuses HTML, text, a video, an empty file and a GIF-like prefix that is not GIF87a/89a', () => {
    expect(sniffImage(new TextEncoder().encode('<!doctype html><html></html>'))).toBe(null);
    expect(sniffImage(new TextEncoder().encode('just some text'))).toBe(null);
    expect(sniffImage(make('mp4'))).toBe(null);
    expect(sniffImage(new Uint8Array(0))).toBe(null);
    expect(sniffImage(new TextEncoder().encode('GIF8xa......'))).toBe(null);
  });

  it('tells a complete file from one cut short', async () => {
    for (const format of ['jpeg', 'png', 'gif', 'webp'] as const) {
      const whole = await image(format);
      expect(looksTruncated(whole, format)).toBe(false);
      expect(looksTruncated(whole.subarray(0, whole.length - 40), format)).toBe(true);
    }
  });
});

describe('looksLikeHtml', () => {
  it('finds HTML after whitespace, whatever the case, and not in an image', async () => {
    expect(looksLikeHtml(new TextEncoder().encode('\n  <!DOCTYPE html><html>'))).toBe(true);
    expect(looksLikeHtml(new TextEncoder().encode('<p>Not found</p>'))).toBe(true);
    expect(looksLikeHtml(new TextEncoder().encode('<pre>'))).toBe(false);
    expect(looksLikeHtml(await image('jpeg'))).toBe(false);
  });
});
