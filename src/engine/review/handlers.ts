/**
 * Contract handlers of the review queue. Role checks happen in the dispatcher (monitors, admins);
 * decisions are synchronous handlers, so each runs in the dispatcher's single transaction and is
 * on disk before the call returns. Reveals are audited; blurred previews are not.
 */
import { ApiError } from '../../shared/errors';
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from '../../shared/review-types';
import { audit } from '../audit/record';
import { caseCode } from '../cases/queries';
import { asyncHandler, type HandlerContext, type HandlerMap } from '../core/context';
import { decide, undoLast } from './decide';
import { setUrgency } from './decision-queries';
import { existingRequestIds } from '../takedowns/queries';
import { centreTimeZone } from '../reports/zone';
import { shownTransform } from '../matches/transform';
import { pageContext, renderPicture } from './pictures';
import { renderThumbnails } from './thumbnails';
import {
  countQueue,
  dailyCount,
  getSummary,
  itemHistory,
  itemPages,
  listQueue,
  reviewSettingsOf,
  saveReviewSettings,
} from './queries';
import { bestMatchOf } from './pictures';

/** The changed requests that still exist, for the staff desks' event (a deleted draft has no id left). */
const liveIds = (ctx: HandlerContext, r: { changedRequestIds: number[] }) =>
  existingRequestIds(ctx.db, r.changedRequestIds);

function userId(ctx: HandlerContext): number {
  return ctx.session!.userId;
}

export function readSettings(ctx: Pick<HandlerContext, 'db'>, user: number): ReviewSettings {
  return reviewSettingsOf(ctx.db, user) ?? { ...DEFAULT_REVIEW_SETTINGS };
}

export const reviewHandlers: HandlerMap<
  | 'review.list'
  | 'review.counts'
  | 'review.item'
  | 'review.image'
  | 'review.thumbnails'
  | 'review.reveal'
  | 'review.decide'
  | 'review.undo'
  | 'review.setUrgency'
  | 'review.settings'
  | 'review.saveSettings'
  | 'review.dailyCount'
> = {
  'review.list': (input, ctx) => ({
    ...listQueue(ctx.db, input.filter, input.offset, input.limit),
    timeZone: centreTimeZone(ctx.db),
  }),
  'review.counts': (input, ctx) => countQueue(ctx.db, input.filter),
  'review.item': asyncHandler<'review.item'>(async (input, ctx) => {
    const summary = getSummary(ctx.db, input.itemId);
    if (!summary) throw new ApiError('not-found', `There is no review item ${input.itemId}.`);
    const best = bestMatchOf(ctx.db, input.itemId);
    const page = await pageContext(ctx, input.itemId);
    return {
      ...summary,
      imageSha256: best.image_sha256,
      transform: shownTransform(best.transform),
      region: best.region ? (JSON.parse(best.region) as number[]) : null,
      referenceImageId: best.reference_image_id,
      referenceVideoId: best.reference_video_id,
      foundKind: best.media_kind,
      refTimeS: best.ref_time_s,
      queryPct: best.query_pct,
      comparePct: best.compare_pct,
      hasReference: best.has_reference === 1,
      hasEvidence: best.evidence_image !== null,
      snapshotKind: best.snapshot_kind,
      pageTitle: page.title,
      pageText: page.text,
      pages: itemPages(ctx.db, input.itemId),
      history: itemHistory(ctx.db, input.itemId),
    };
  }),
  'review.image': asyncHandler<'review.image'>((input, ctx) =>
    renderPicture(ctx, input.itemId, input.picture, false, readSettings(ctx, userId(ctx)).blur),
  ),
  'review.thumbnails': asyncHandler<'review.thumbnails'>((input, ctx) =>
    renderThumbnails(ctx, input.itemIds, readSettings(ctx, userId(ctx)).blur),
  ),
  'review.reveal': asyncHandler<'review.reveal'>(async (input, ctx) => {
    const image = await renderPicture(ctx, input.itemId, input.picture, true, 0);
    if (image) {
      const summary = getSummary(ctx.db, input.itemId)!;
      ctx.db.transaction(() =>
        audit(
          ctx,
          'review.reveal',
          { type: 'review-item', id: input.itemId },
          { case: summary.caseCode, picture: input.picture },
        ),
      )();
    }
    return image;
  }),
  'review.decide': (input, ctx) => {
    const r = decide(ctx.db, userId(ctx), input.itemIds, input.decision, input.note, ctx.now());
    audit(
      ctx,
      'review.decide',
      { type: 'review-batch', id: r.batchId },
      {
        decision: input.decision,
        items: r.decided,
        cases: r.cases.join(' '),
        takedowns: r.takedownRequestIds.length,
        note: Boolean(input.note),
      },
    );
    ctx.emit('review.changed', { itemIds: input.itemIds, reason: 'decided' });
    // The staff's desks follow the requests a confirm opened or extended, and the drafts a
    // confirmed item decided again was withdrawn from (named while they still exist).
    if (r.changedRequestIds.length) ctx.emit('takedowns.changed', { ids: liveIds(ctx, r) });
    const { batchId, decided, takedownRequestIds, openedRequestIds } = r;
    return { batchId, decided, takedownRequestIds, openedRequestIds };
  },
  'review.undo': (_input, ctx) => {
    const r = undoLast(ctx.db, userId(ctx), ctx.now());
    if (!r) return null;
    audit(
      ctx,
      'review.undo',
      { type: 'review-batch', id: r.batchId },
      { decision: r.decision, items: r.itemIds.length, cases: r.cases.join(' ') },
    );
    ctx.emit('review.changed', { itemIds: r.itemIds, reason: 'undone' });
    // Undoing a confirm withdraws its draft requests; restoring one reopens them.
    if (r.changedRequestIds.length) ctx.emit('takedowns.changed', { ids: liveIds(ctx, r) });
    return { batchId: r.batchId, decision: r.decision, itemIds: r.itemIds, restored: r.restored };
  },
  'review.setUrgency': (input, ctx) => {
    const code = caseCode(ctx.db, input.caseId);
    if (code === undefined) throw new ApiError('not-found', 'There is no such case.');
    const n = setUrgency(ctx.db, input.caseId, input.urgency);
    audit(
      ctx,
      'review.urgency',
      { type: 'case', id: input.caseId },
      { case: code, urgency: input.urgency, items: n },
    );
    ctx.emit('review.changed', { itemIds: [], reason: 'urgency' });
    return null;
  },
  'review.settings': (_input, ctx) => readSettings(ctx, userId(ctx)),
  'review.saveSettings': (input, ctx) => {
    saveReviewSettings(ctx.db, userId(ctx), input);
    return readSettings(ctx, userId(ctx));
  },
  'review.dailyCount': (input, ctx) =>
    dailyCount(ctx.db, userId(ctx), new Date(input.since).toISOString()),
};
