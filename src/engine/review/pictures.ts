/**
 * The pictures of a review item — the case's reference, the crawled candidate and the page
 * screenshot — opened with the case key only for the moment of rendering, re-encoded without
 * metadata, and blurred in greyscale at the reviewer's own strength unless revealed (audited by
 * the handler). The HTML snapshot gives the page's title and a text excerpt, never its markup.
 */
import { Parser } from 'htmlparser2';
import sharp from 'sharp';
import { ApiError } from '../../shared/errors';
import type { ReviewImage, ReviewPicture } from '../../shared/review-types';
import type { HandlerContext } from '../core/context';
import { imageOriginal } from '../cases/queries';
import { aad, caseKey, open } from '../cases/sealing';
import { evidenceAad } from '../crawl/evidence';
import { get, sql } from '../db/sql';
import { matchBinding } from '../crawl/video-evidence';

interface DbBest {
  /** Null for a list item: it has no case key and keeps no picture (decision 0077). */
  case_id: number | null;
  match_id: number;
  reference_image_id: number | null;
  reference_video_id: number | null;
  reference_sha256: string | null;
  page_url: string;
  image_sha256: string;
  evidence_image: Buffer | null;
  snapshot: Buffer | null;
  snapshot_kind: 'html' | 'png' | null;
  has_reference: number;
  transform: string;
  /** JSON: the verified region (8 numbers), or null. */
  region: string | null;
  /** What was found: a still image or a video. */
  media_kind: 'image' | 'video';
  /** A still image that is a frame of the reference video: the frame's time there. */
  ref_time_s: number | null;
  /** A found video: the shares of its frames found in the reference, and of the reference's. */
  query_pct: number | null;
  compare_pct: number | null;
}

/** The item's closest match, with what is needed to open its evidence. */
export function bestMatchOf(db: HandlerContext['db'], itemId: number): DbBest {
  const row = get(
    db,
    sql<DbBest>`SELECT i.case_id, m.id AS match_id, m.reference_image_id, m.reference_video_id,
         r.sha256 AS reference_sha256,
         m.page_url, m.image_sha256, m.evidence_image, m.snapshot, m.snapshot_kind, m.transform,
         m.region, m.media_kind, m.ref_time_s, m.query_pct, m.compare_pct,
         EXISTS (SELECT 1 FROM reference_originals o WHERE o.image_id = m.reference_image_id)
           AS has_reference
       FROM review_items i JOIN crawl_matches m ON m.id = i.best_match_id
       LEFT JOIN reference_images r ON r.id = m.reference_image_id
       WHERE i.id = ${itemId}`,
  );
  if (!row) throw new ApiError('not-found', `There is no review item ${itemId}.`);
  return row;
}

function binding(b: DbBest): string {
  return matchBinding(b);
}

/** Opens one picture's plaintext bytes, or null when there is none to show. */
export function openPicture(ctx: HandlerContext, b: DbBest, picture: ReviewPicture): Buffer | null {
  if (b.case_id === null) return null;
  const key = caseKey(ctx, b.case_id);
  try {
    if (picture === 'reference') {
      const sealed =
        b.reference_image_id === null ? undefined : imageOriginal(ctx.db, b.reference_image_id);
      return sealed && b.reference_sha256 !== null
        ? open(key, sealed, aad.original(b.case_id, b.reference_sha256))
        : null;
    }
    if (picture === 'candidate') {
      return b.evidence_image
        ? open(key, b.evidence_image, evidenceAad(b.case_id, 'image', binding(b)))
        : null;
    }
    return b.snapshot && b.snapshot_kind === 'png'
      ? open(key, b.snapshot, evidenceAad(b.case_id, 'snapshot', binding(b)))
      : null;
  } catch {
    throw new ApiError(
      'case-file',
      'This evidence does not open with its case key; the case file may be damaged.',
    );
  }
}

/**
 * The box a picture is fitted into. A page screenshot is a whole page 1,280 px wide (the crawler's
 * browser): revealed at that width, so its text is as legible as the page was (issue 17 item 6);
 * its blurred preview is narrower, and both keep the page's length up to a cap.
 */
function boxOf(picture: ReviewPicture, reveal: boolean): { width: number; height: number } {
  if (picture !== 'snapshot') return { width: 640, height: 640 };
  return reveal ? { width: 1280, height: 8000 } : { width: 960, height: 6000 };
}

/**
 * The one blurring rule (decision 0052): fitted into its box, greyscale and blurred at the
 * reviewer's `blur` unless revealed. rotate() applies EXIF orientation; sharp writes no metadata,
 * so EXIF/GPS never reach the UI. Queue thumbnails are this preview made smaller (thumbnails.ts).
 */
export function previewPipeline(
  bytes: Buffer,
  picture: ReviewPicture,
  reveal: boolean,
  blur: number,
): ReturnType<typeof sharp> {
  const box = boxOf(picture, reveal);
  const img = sharp(bytes, { failOn: 'none' })
    .rotate()
    .resize(box.width, box.height, { fit: 'inside', withoutEnlargement: true });
  return reveal ? img : img.greyscale().blur(blur);
}

/** Renders a picture: blurred greyscale at `blur`, or revealed (larger, in colour). */
export async function renderPicture(
  ctx: HandlerContext,
  itemId: number,
  picture: ReviewPicture,
  reveal: boolean,
  blur: number,
): Promise<ReviewImage | null> {
  await ctx.vault.unlock();
  const best = bestMatchOf(ctx.db, itemId);
  const bytes = openPicture(ctx, best, picture);
  if (!bytes) return null;
  try {
    const jpeg = await previewPipeline(bytes, picture, reveal, blur)
      .jpeg({ quality: reveal ? 85 : 60 })
      .toBuffer();
    return { dataUrl: `data:image/jpeg;base64,${jpeg.toString('base64')}`, revealed: reveal };
  } catch {
    throw new ApiError('validation', 'This picture cannot be decoded for display.');
  } finally {
    bytes.fill(0);
  }
}

/** The title and a short text excerpt of the item's HTML snapshot (no markup, no scripts). */
export async function pageContext(
  ctx: HandlerContext,
  itemId: number,
): Promise<{ title: string | null; text: string | null }> {
  const best = bestMatchOf(ctx.db, itemId);
  if (!best.snapshot || best.snapshot_kind !== 'html' || best.case_id === null)
    return { title: null, text: null };
  await ctx.vault.unlock();
  let html: Buffer;
  try {
    html = open(
      caseKey(ctx, best.case_id),
      best.snapshot,
      evidenceAad(best.case_id, 'snapshot', binding(best)),
    );
  } catch {
    return { title: null, text: null };
  }
  return textOfHtml(html.toString('utf8'));
}

/** Title and visible text (first 400 characters) of an HTML page. */
export function textOfHtml(html: string): { title: string | null; text: string | null } {
  let title = '';
  let text = '';
  let skip = 0;
  let inTitle = false;
  const parser = new Parser({
    onopentagname(name) {
      if (name === 'script' || name === 'style' || name === 'noscript') skip++;
      if (name === 'title') inTitle = true;
    },
    onclosetag(name) {
      if (name === 'script' || name === 'style' || name === 'noscript')
        skip = Math.max(0, skip - 1);
      if (name === 'title') inTitle = false;
    },
    ontext(data) {
      if (inTitle) title += data;
      else if (!skip && text.length < 2000) text += ` ${data}`;
    },
  });
  parser.write(html.slice(0, 2_000_000));
  parser.end();
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  const t = clean(title);
  const body = clean(text);
  return {
    title: t ? t.slice(0, 200) : null,
    text: body ? (body.length > 400 ? `${body.slice(0, 399)}…` : body) : null,
  };
}
