/**
 * Reference images of a case: fingerprinted on this workstation, the original kept only sealed
 * with the case key (or discarded when the victim chose hashes only), shown only as re-encoded
 * thumbnails without metadata — blurred and greyscale unless a counsellor reveals one (audited).
 */
import sharp from 'sharp';
import { ApiError } from '../../shared/errors';
import type { Thumbnail } from '../../shared/cases-types';
import { audit } from '../audit/record';
import { asyncHandler, type HandlerContext, type HandlerMap } from '../core/context';
import { withRetroCheck } from '../crawl/retro-verify';
import { ImageRejected, type ReferencePrint } from './fingerprinter';
import {
  findImageInCase,
  getCaseRow,
  deleteImageRow,
  getImage,
  imageInfoOf,
  imageOriginal,
  insertImageOriginal,
  insertImageRow,
  otherCasesWith,
  type DbImage,
} from './queries';
import { storeFeatures } from './reference-features';
import { aad, caseKey, open, seal, sealText } from './sealing';
import { truncateWal } from './shred';

/** Larger files are refused before decoding (they would also exceed the hosts' body limit). */
export const MAX_IMAGE_BYTES = 40 * 1024 * 1024;

function insertImage(
  ctx: HandlerContext,
  caseId: number,
  fileName: string,
  print: ReferencePrint,
  byteSize: number,
  key: Buffer,
): number {
  return insertImageRow(ctx.db, {
    caseId,
    sha256: print.sha256,
    // File names often carry a person's name: sealed like identity.
    sealedFileName: sealText(key, fileName, aad.fileName(caseId, print.sha256)),
    format: print.format,
    width: print.width,
    height: print.height,
    byteSize,
    pdq: print.pdq?.hex ?? null,
    pdqQuality: print.pdq?.quality ?? null,
    blockhash: print.blockhash,
    lowQuality: print.lowQuality,
    innerPicture: print.innerPicture ?? false,
    addedAt: ctx.now().toISOString(),
    addedBy: ctx.session!.userId,
    hashes: print.variants,
  });
}

async function render(original: Buffer, reveal: boolean): Promise<string> {
  // rotate() applies EXIF orientation; sharp writes no metadata unless asked, so EXIF/GPS/XMP of
  // the original never reach the screen.
  let img = sharp(original, { failOn: 'none' })
    .rotate()
    .resize(reveal ? 640 : 240, reveal ? 640 : 240, { fit: 'inside', withoutEnlargement: true });
  if (!reveal) img = img.greyscale().blur(14);
  const jpeg = await img.jpeg({ quality: reveal ? 85 : 60 }).toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

async function thumbnail(
  ctx: HandlerContext,
  imageId: number,
  reveal: boolean,
): Promise<Thumbnail | null> {
  await ctx.vault.unlock();
  const image: DbImage | undefined = getImage(ctx.db, imageId);
  if (!image) throw new ApiError('not-found', 'There is no such image.');
  const sealed = imageOriginal(ctx.db, imageId);
  if (!sealed) return null; // hash-only: nothing to show
  const original = open(
    caseKey(ctx, image.case_id),
    sealed,
    aad.original(image.case_id, image.sha256),
  );
  try {
    const dataUrl = await render(original, reveal);
    if (reveal) {
      const code = getCaseRow(ctx.db, image.case_id)?.code ?? String(image.case_id);
      ctx.db.transaction(() =>
        audit(ctx, 'images.reveal', { type: 'image', id: imageId }, { case: code }),
      )();
    }
    return { dataUrl, revealed: reveal };
  } finally {
    original.fill(0);
  }
}

export const imageHandlers: HandlerMap<
  'images.add' | 'images.thumbnail' | 'images.reveal' | 'images.remove'
> = {
  'images.add': asyncHandler<'images.add'>(async (input, ctx) => {
    await ctx.vault.unlock();
    if (!getCaseRow(ctx.db, input.caseId))
      throw new ApiError('not-found', 'There is no such case.');
    const bytes = Buffer.from(input.data, 'base64');
    try {
      if (bytes.length > MAX_IMAGE_BYTES)
        return {
          status: 'rejected',
          code: 'too-large',
          message: 'The file is larger than 40 MiB.',
        };
      let print: ReferencePrint;
      try {
        print = await ctx.fingerprint(bytes);
      } catch (e) {
        if (e instanceof ImageRejected)
          return { status: 'rejected', code: e.code, message: e.message };
        throw e;
      }
      return ctx.db.transaction(() => {
        // Re-read inside the transaction: consent may have changed while the image was hashed.
        const c = getCaseRow(ctx.db, input.caseId);
        if (!c) throw new ApiError('not-found', 'There is no such case.');
        const same = findImageInCase(ctx.db, c.id, print.sha256);
        if (same)
          return {
            status: 'duplicate' as const,
            imageId: same.id,
            caseCode: c.code,
            message: `This image is already in case ${c.code}.`,
          };
        const key = caseKey(ctx, c.id);
        const imageId = insertImage(ctx, c.id, input.fileName, print, bytes.length, key);
        if (print.features)
          storeFeatures(
            ctx.db,
            key,
            { imageId, caseId: c.id, sha256: print.sha256 },
            print.features,
          );
        const keep = c.consent_storage === 'originals';
        if (keep)
          insertImageOriginal(ctx.db, imageId, seal(key, bytes, aad.original(c.id, print.sha256)));
        const alsoIn = otherCasesWith(ctx.db, c.id, print.sha256);
        audit(
          ctx,
          'images.add',
          { type: 'image', id: imageId },
          {
            case: c.code,
            keptOriginal: keep,
            alsoInCases: alsoIn.length,
          },
        );
        // The counsellor just gave this name: returning it reveals nothing new.
        const image = imageInfoOf(ctx.db, getImage(ctx.db, imageId)!, input.fileName);
        // Matched at once against every image crawled before (decision 0048).
        return withRetroCheck(ctx, { status: 'added' as const, image });
      })();
    } finally {
      bytes.fill(0); // best effort: do not leave the plaintext original in a reusable buffer
    }
  }),
  'images.thumbnail': asyncHandler<'images.thumbnail'>((input, ctx) =>
    thumbnail(ctx, input.imageId, false),
  ),
  'images.reveal': asyncHandler<'images.reveal'>((input, ctx) =>
    thumbnail(ctx, input.imageId, true),
  ),
  /**
   * Removes one reference image: its hashes, sealed original and file name and the crawl matches
   * found for it go in one transaction (secure_delete overwrites the freed pages); then the WAL is
   * checkpointed so no older page holding the ciphertext survives beside the file, as when a whole
   * case is shredded. The case key stays (the case lives on), so this is deletion, not shredding.
   */
  'images.remove': asyncHandler<'images.remove'>(async (input, ctx) => {
    ctx.db.transaction(() => {
      const image = getImage(ctx.db, input.imageId);
      if (!image) throw new ApiError('not-found', 'There is no such image.');
      const code = getCaseRow(ctx.db, image.case_id)?.code ?? '';
      const counts = deleteImageRow(ctx.db, image.id);
      audit(
        ctx,
        'images.remove',
        { type: 'image', id: image.id },
        { case: code, hadOriginal: counts.originals > 0, matchesRemoved: counts.matches },
      );
    })();
    truncateWal(ctx.db);
    return null;
  }),
};
