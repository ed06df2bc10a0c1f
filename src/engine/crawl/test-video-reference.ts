/**
 * Test support: the crawl tests' reference video — a 18.5 s slideshow of four benign generated
 * 960 × 540 pictures (a pan right, a zoom in, a pan down, a pan left, cross-faded), built with
 * FFmpeg once and cached by its spec (test-support/videos.ts).
 */
import { pictureJpeg } from '../../../e2e/fixture-site/images';
import { photoSlideshow } from '../../test-support/videos';

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
