import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import { openCaseFile } from '../db/case-file';
import type { VideoFingerprint, VideoFrameHash } from '../video';
import { knownVideo, packFrames, putVideoHash, unpackFrames } from './video-hashes';

let cleanup = () => undefined as void;
afterEach(() => cleanup());

const hash = (seed: number) => Uint8Array.from({ length: 32 }, (_, i) => (seed * 31 + i * 7) % 256);
const frames: VideoFrameHash[] = [
  {
    timestampS: 0,
    pdq: hash(1),
    quality: 100,
    variants: [{ region: 'box', pdq: hash(2), quality: 88 }],
  },
  { timestampS: 1, pdq: hash(3), quality: 12 },
  {
    timestampS: 2.5,
    pdq: hash(4),
    quality: 0,
    variants: [{ region: 'box', pdq: hash(5), quality: 0 }],
  },
];

describe('stored crawled-video frames', () => {
  it('keep each frame and its content-box hash through the case file', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = openCaseFile(join(t.dir, 'v.jium'));
    const fp: VideoFingerprint = {
      durationS: 3,
      width: 360,
      height: 640,
      sampleEveryS: 1,
      sampled: false,
      frames,
    };
    putVideoHash(file.db, 'cd'.repeat(32), fp, false);
    expect(knownVideo(file.db, 'cd'.repeat(32))!.fingerprint.frames).toEqual(frames);
    file.close();
  });

  it('read a blob written before content boxes as it was', () => {
    const old = packFrames(
      frames.map(({ timestampS, pdq, quality }) => ({ timestampS, pdq, quality })),
    );
    expect(old.length).toBe(3 * 37);
    expect(unpackFrames(old).every((f) => f.variants === undefined)).toBe(true);
    expect(unpackFrames(old).map((f) => f.quality)).toEqual([100, 12, 0]);
  });
});
