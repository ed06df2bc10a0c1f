/**
 * Test support: the crawl tests' reference video — a 18.5 s slideshow of four benign generated
 * 960 × 540 pictures (a pan right, a zoom in, a pan down, a pan left, cross-faded), built with
 * FFmpeg once and cached by its spec (test-support/videos.ts).
 */
import { pictureJpeg } from '../../../e2e/fixture-site/images';
import {
  cachedFfmpegOutput,
  encoderArgs,
  photoSlideshow,
  runFfmpeg,
} from '../../test-support/videos';

/** The path of the cached reference slideshow. */
export async function crawlTestReferenceVideo(): Promise<string> {
  const photos = await Promise.all(
    [920_001, 920_002, 920_003, 920_004].map((s) => pictureJpeg(s, 960, 540)),
  );
  return photoSlideshow(
    photos.map((image, i) => ({
      image,
      seconds: 5,
      motion: (['pan-right', 'zoom-in', 'pan-down', 'pan-left'] as const)[i],
    })),
  );
}

/**
 * A cropped re-upload of `input` (cached): 80% of each side from (x, y) as fractions of the width
 * and height, scaled back up to 640 × 360 and re-encoded as a platform would (decision 0104);
 * `mirrored`: flipped left to right first (the crop stage's mirrored look).
 */
export const crop80Copy = (input: string, x: number, y: number, mirrored = false) =>
  cachedFfmpegOutput(
    [input],
    { kind: 'crop-80', x, y, ...(mirrored && { mirrored }) },
    'mp4',
    (out) =>
      runFfmpeg([
        '-i',
        input,
        '-vf',
        `${mirrored ? 'hflip,' : ''}crop=iw*0.8:ih*0.8:iw*${x}:ih*${y},scale=640:360`,
        ...encoderArgs('mp4', 23),
        out,
      ]),
  );
