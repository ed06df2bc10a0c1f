/**
 * Thumbnails of queue rows (issue 17 item 6): the found image's blurred greyscale preview — the
 * same rule as review.image (decision 0052), at the reviewer's own strength — made small enough
 * to tell rows apart, never an unblurred picture. Blurring first and shrinking after keeps the
 * blur in proportion to the picture, so a thumbnail shows no more than its preview does.
 */
import sharp from 'sharp';
import type { ReviewThumbnail } from '../../shared/review-types';
import type { HandlerContext } from '../core/context';
import { bestMatchOf, openPicture, previewPipeline } from './pictures';

/** The longest side of a thumbnail, in pixels (rows show it at 56 px; 2x for dense screens). */
export const THUMBNAIL_SIZE = 112;

async function thumbnailOf(bytes: Buffer, blur: number): Promise<string | null> {
  try {
    const { data, info } = await previewPipeline(bytes, 'candidate', false, blur)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const jpeg = await sharp(data, {
      raw: { width: info.width, height: info.height, channels: info.channels },
    })
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 60 })
      .toBuffer();
    data.fill(0);
    return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
  } catch {
    // A picture that does not decode has no thumbnail; its preview says why.
    return null;
  } finally {
    bytes.fill(0);
  }
}

/** The rows' thumbnails, in the order asked; null where nothing was kept. */
export async function renderThumbnails(
  ctx: HandlerContext,
  itemIds: number[],
  blur: number,
): Promise<ReviewThumbnail[]> {
  await ctx.vault.unlock();
  const out: ReviewThumbnail[] = [];
  for (const itemId of itemIds) {
    const bytes = openPicture(ctx, bestMatchOf(ctx.db, itemId), 'candidate');
    out.push({ itemId, dataUrl: bytes ? await thumbnailOf(bytes, blur) : null });
  }
  return out;
}
