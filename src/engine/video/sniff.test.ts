import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { sniffVideo } from './sniff';

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
