/**
 * An mp4, mov or 3gp file's own header gives what ffprobe gives (decision 0125): the same size,
 * quarter-turn rotation, average frame rate and duration on files FFmpeg writes the ways phones
 * and sites do (fast-start, a rotation tag, a variable frame rate, mov and 3gp, 29.97 fps); a
 * fragmented file is left to ffprobe. Real FFmpeg and ffprobe on a benign pan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';

import { tempDir } from '../../test-support/temp-dir';
import { isoVideoInfo } from './iso-header';
import { mergeLimits } from './limits';
import { probeVideo } from './probe';
import { derive, panVideo } from './test-videos';

let dir: { dir: string; cleanup: () => void };
let pan: string;
beforeAll(async () => {
  dir = tempDir();
  pan = await panVideo(dir.dir, 'pan', [21, 22], 2, '320x180');
}, 120_000);
afterAll(() => dir.cleanup());

const probe = (file: string, ffprobe: boolean) =>
  probeVideo(file, mergeLimits(), undefined, { ffprobe });

describe('isoVideoInfo', () => {
  it.each([
    ['fast-start', ['-c', 'copy', '-movflags', '+faststart'], 'mp4'],
    ['rotated a quarter', ['-c', 'copy', '-metadata:s:v:0', 'rotate=90'], 'mp4'],
    ['29.97 fps', ['-vf', 'fps=30000/1001', '-c:v', 'libx264', '-preset', 'ultrafast'], 'mp4'],
    ['variable rate', ['-vf', "setpts='PTS+0.02*random(0)/TB'", '-fps_mode', 'vfr'], 'mp4'],
    ['mov', ['-c', 'copy'], 'mov'],
    ['3gp', ['-c:v', 'libx264', '-preset', 'ultrafast', '-s', '176x144'], '3gp'],
    [
      'odd size',
      ['-vf', 'scale=321:181', '-pix_fmt', 'yuv444p', '-c:v', 'libx264', '-preset', 'ultrafast'],
      'mp4',
    ],
  ])(
    'reads what ffprobe reads: %s',
    async (name, opts, ext) => {
      const file = derive(dir.dir, pan, name.replace(/\W/g, '-'), opts as string[], ext);
      expect(isoVideoInfo(file, statSync(file).size)).toBeDefined();
      const own = await probe(file, false);
      const theirs = await probe(file, true);
      expect({ ...own, fps: own.fps.toFixed(6) }).toEqual({
        ...theirs,
        fps: theirs.fps.toFixed(6),
      });
      if (name === 'rotated a quarter') expect([own.width, own.height]).toEqual([180, 320]);
    },
    60_000,
  );

  it('leaves a fragmented mp4 to ffprobe, which still probes it', async () => {
    const file = derive(dir.dir, pan, 'fragmented', [
      '-c',
      'copy',
      '-movflags',
      'frag_keyframe+empty_moov',
    ]);
    expect(isoVideoInfo(file, statSync(file).size)).toBeUndefined();
    const p = await probe(file, false);
    expect([p.width, p.height, p.fps]).toEqual([320, 180, 30]);
  }, 60_000);
});
