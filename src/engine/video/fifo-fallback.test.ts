/**
 * Decision 0164 writes a small video's frames through FFmpeg's fifo muxer. An FFmpeg built with
 * only what decoding needs may lack that muxer: such a build must still fingerprint small videos,
 * the plain way, with the same result. The build is stood in for by the real FFmpeg behind a script
 * that asks it for a muxer no build has wherever the fifo muxer is asked for, so FFmpeg refuses it
 * as such a build would ("Requested output format … is not a suitable output format").
 */
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

import { tempDir } from '../../test-support/temp-dir';
import { resetFfmpegCache, resolveFfmpeg } from './ffmpeg-path';
import { fingerprintVideo } from './fingerprint-video';
import { panVideo } from './test-videos';

const dir = tempDir();
afterAll(() => {
  delete process.env['JIUM_FFMPEG'];
  delete process.env['JIUM_FFPROBE'];
  resetFfmpegCache();
  dir.cleanup();
});

it('fingerprints a small video with an FFmpeg that has no fifo muxer as with one that has', async () => {
  const video = await panVideo(dir.dir, 'pan', [21, 22], 2, '640x360');
  const real = resolveFfmpeg();
  const plain = await fingerprintVideo(video, { sampleEveryS: 0.2, lean: false });
  const lean = await fingerprintVideo(video, { sampleEveryS: 0.2 });
  const script = path.join(dir.dir, 'ffmpeg-without-fifo');
  writeFileSync(
    script,
    '#!/bin/bash\na=()\nfor x in "$@"; do [ "$x" = fifo ] && x=fifo-not-built; a+=("$x"); done\n' +
      `exec '${real.ffmpeg}' "\${a[@]}"\n`,
  );
  chmodSync(script, 0o755);
  process.env['JIUM_FFMPEG'] = script;
  process.env['JIUM_FFPROBE'] = real.ffprobe;
  resetFfmpegCache();
  const without = await fingerprintVideo(video, { sampleEveryS: 0.2 });
  const again = await fingerprintVideo(video, { sampleEveryS: 0.2 });
  expect(plain.frames.length).toBeGreaterThan(5);
  expect(lean).toEqual(plain);
  expect(without).toEqual(plain);
  expect(again).toEqual(plain);
}, 60_000);
