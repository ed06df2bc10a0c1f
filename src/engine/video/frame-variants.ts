/**
 * The extra hashes of one sampled moment (decision 0102): the picture inside the video's content
 * box (content-box.ts). Sub-crops of references, as the image pipeline keeps, were measured and
 * left out: see the decision.
 */
import { pdqFromLumaRegion } from '../fingerprint/pdq';
import type { Box } from '../fingerprint/region';
import type { FrameVariant } from './types';

/** The variants of one frame (`luma`, `width` wide): the picture in its content box, if any. */
export function frameVariants(
  luma: Float32Array,
  width: number,
  box: Box | undefined,
): FrameVariant[] {
  return box ? [hashBox(luma, width, box, 'box')] : [];
}

function hashBox(luma: Float32Array, width: number, box: Box, region: string): FrameVariant {
  const { hash, quality } = pdqFromLumaRegion(luma, box.y * width + box.x, width, box.h, box.w);
  return { region, pdq: hash, quality };
}
