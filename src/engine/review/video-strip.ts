/**
 * Review of a crawled video match (issue 15 item 5, decision 0107): the matched segments of the
 * item's best match, each with the keyframes of the found video kept at crawl time
 * (crawl/video-evidence.ts), opened with the case key only while they are re-encoded — greyscale
 * and blurred at the reviewer's own strength, or one frame revealed in colour on request (audited,
 * as `review.reveal`). Nothing plays: these are still JPEGs.
 */
import sharp from 'sharp';
import { ApiError } from '../../shared/errors';
import type { ReviewImage } from '../../shared/review-types';
import type { MatchStrip, MatchStripSegment } from '../../shared/video-review-types';
import { audit } from '../audit/record';
import { caseKey, open } from '../cases/sealing';
import { asyncHandler, type HandlerContext, type HandlerMap } from '../core/context';
import { evidenceAad } from '../crawl/evidence';
import { get, sql } from '../db/sql';
import { frameBinding, matchBinding, matchFrames } from '../crawl/video-evidence';
import type { MatchSegment } from '../matches';
import { readSettings } from './handlers';
import { getSummary } from './queries';

interface DbVideoMatch {
  id: number;
  case_id: number | null;
  media_kind: 'image' | 'video';
  page_url: string;
  image_url: string;
  image_sha256: string;
  reference_image_id: number | null;
  reference_video_id: number | null;
  segments: string | null;
  query_pct: number | null;
  compare_pct: number | null;
  sampled: number;
}

/** The item's best match when it is a found video matched to a case video; null otherwise. */
function videoMatchOf(ctx: HandlerContext, itemId: number): DbVideoMatch | null {
  const row = get(
    ctx.db,
    sql<DbVideoMatch>`SELECT m.id, m.case_id, m.media_kind, m.page_url, m.image_url, m.image_sha256,
              m.reference_image_id, m.reference_video_id, m.segments,
              -- the crop stage's shares are of the frames it looked at, not vPDQ's (decision 0122)
              CASE WHEN m.algo = 'vpdq-local' THEN NULL ELSE m.query_pct END AS query_pct,
              CASE WHEN m.algo = 'vpdq-local' THEN NULL ELSE m.compare_pct END AS compare_pct,
              m.sampled
         FROM review_items i JOIN crawl_matches m ON m.id = i.best_match_id WHERE i.id = ${itemId}`,
  );
  if (!row) throw new ApiError('not-found', `There is no review item ${itemId}.`);
  return row.media_kind === 'video' && row.reference_video_id !== null ? row : null;
}

/** Opens one kept frame with the case key, or throws when the evidence does not open. */
function openFrame(
  ctx: HandlerContext,
  m: DbVideoMatch,
  f: { seq: number; timeS: number; sealed: Buffer },
): Buffer {
  try {
    const binding = frameBinding(matchBinding(m), f.seq, f.timeS);
    return open(caseKey(ctx, m.case_id!), f.sealed, evidenceAad(m.case_id!, 'image', binding));
  } catch {
    throw new ApiError(
      'case-file',
      'This evidence does not open with its case key; the case file may be damaged.',
    );
  }
}

/** A frame re-encoded without metadata: blurred greyscale at `blur`, or revealed in colour. */
async function renderFrame(jpeg: Buffer, reveal: boolean, blur: number): Promise<string> {
  try {
    const box = reveal ? 320 : 240;
    let img = sharp(jpeg, { failOn: 'none' }).resize(box, box, {
      fit: 'inside',
      withoutEnlargement: true,
    });
    if (!reveal) img = img.greyscale().blur(blur);
    const out = await img.jpeg({ quality: reveal ? 85 : 60 }).toBuffer();
    return `data:image/jpeg;base64,${out.toString('base64')}`;
  } finally {
    jpeg.fill(0);
  }
}

/** The strip of an item: segments with times and blurred keyframes. */
async function matchStrip(ctx: HandlerContext, itemId: number): Promise<MatchStrip | null> {
  const m = videoMatchOf(ctx, itemId);
  if (!m) return null;
  const segments: MatchStripSegment[] = (JSON.parse(m.segments ?? '[]') as MatchSegment[]).map(
    (s) => ({ ...s, frames: [] }),
  );
  const stored = matchFrames(ctx.db, m.id);
  if (stored.length) {
    await ctx.vault.unlock();
    const blur = readSettings(ctx, ctx.session!.userId).blur;
    for (const f of stored) {
      const seg = segments[f.segment];
      if (!seg) continue;
      const dataUrl = await renderFrame(openFrame(ctx, m, f), false, blur);
      seg.frames.push({ index: f.seq, timestampS: f.timeS, dataUrl });
    }
  }
  return {
    videoUrl: m.image_url,
    sampled: m.sampled === 1,
    queryPct: m.query_pct,
    comparePct: m.compare_pct,
    segments,
    framesKept: stored.length > 0,
  };
}

/** One frame unblurred, audited; null when the item has no such frame. */
async function revealFrame(
  ctx: HandlerContext,
  itemId: number,
  index: number,
): Promise<ReviewImage | null> {
  const m = videoMatchOf(ctx, itemId);
  const f = m && matchFrames(ctx.db, m.id).find((x) => x.seq === index);
  if (!m || !f) return null;
  await ctx.vault.unlock();
  const dataUrl = await renderFrame(openFrame(ctx, m, f), true, 0);
  const summary = getSummary(ctx.db, itemId)!;
  ctx.db.transaction(() =>
    audit(
      ctx,
      'review.reveal',
      { type: 'review-item', id: itemId },
      { case: summary.caseCode, picture: 'video-frame', frame: index },
    ),
  )();
  return { dataUrl, revealed: true };
}

export const videoReviewHandlers: HandlerMap<'videos.matchStrip' | 'videos.revealMatchFrame'> = {
  'videos.matchStrip': asyncHandler<'videos.matchStrip'>((input, ctx) =>
    matchStrip(ctx, input.itemId),
  ),
  'videos.revealMatchFrame': asyncHandler<'videos.revealMatchFrame'>((input, ctx) =>
    revealFrame(ctx, input.itemId, input.index),
  ),
};
