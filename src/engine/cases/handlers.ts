/**
 * cases/ owns cases (pseudonymous code, sealed identity and timeline, consent, status, assigned
 * counsellor), their reference images and videos (videos.ts, decision 0095) and crypto-shredding.
 * Identity leaves the engine only through `cases.private` (and image and video file names only
 * through `cases.get`), for counsellors, and every such read is audited.
 */
import { ApiError } from '../../shared/errors';
import type { CaseSummary } from '../../shared/cases-types';
import { audit } from '../audit/record';
import { findUserById } from '../auth/users';
import { asyncHandler, type HandlerContext, type HandlerMap } from '../core/context';
import {
  deleteImageOriginals,
  getCaseRow,
  imageInfoOf,
  insertCase,
  insertTimelineEntry,
  insertWrappedKey,
  listCaseRows,
  listImages,
  nextCaseCode,
  setAssigned,
  setConsent,
  setIdentity,
  setStatus,
  summaryOf,
  timelineRows,
  type DbCaseRow,
} from './queries';
import { aad, caseKey, openIdentity, openText, sealIdentity, sealText } from './sealing';
import { shredCase } from './shred';
import { discardVideoOriginals, listVideos, videoInfoOf } from './video-queries';

function requireCase(ctx: HandlerContext, caseId: number): DbCaseRow {
  const row = getCaseRow(ctx.db, caseId);
  if (!row) throw new ApiError('not-found', 'There is no such case.');
  return row;
}

function requireCounsellor(ctx: HandlerContext, userId: number): void {
  const u = findUserById(ctx.db, userId);
  if (!u || u.role !== 'counsellor' || u.disabled)
    throw new ApiError('validation', 'Cases can be assigned to active counsellors only.', [
      { path: 'assignedTo', message: 'not an active counsellor' },
    ]);
}

const summary = (ctx: HandlerContext, caseId: number): CaseSummary =>
  summaryOf(requireCase(ctx, caseId));

export const caseHandlers: HandlerMap<
  | 'cases.list'
  | 'cases.get'
  | 'cases.create'
  | 'cases.private'
  | 'cases.updateIdentity'
  | 'cases.addTimeline'
  | 'cases.setConsent'
  | 'cases.setStatus'
  | 'cases.assign'
  | 'cases.delete'
> = {
  'cases.list': asyncHandler<'cases.list'>(async (input, ctx) => {
    const rows = listCaseRows(ctx.db, {
      status: input.status,
      assignedTo: input.assignedToMe ? ctx.session!.userId : undefined,
    });
    const q = input.query?.toLowerCase();
    if (!q) return rows.map(summaryOf);
    // Counsellors may find a case by the victim's name: matched here in memory, never in SQL,
    // since names exist only sealed. Other roles search codes only.
    const byName = ctx.session!.role === 'counsellor';
    if (byName) await ctx.vault.unlock();
    return rows
      .filter(
        (r) =>
          r.code.toLowerCase().includes(q) ||
          (byName &&
            openIdentity(caseKey(ctx, r.id), r.id, r.identity).name.toLowerCase().includes(q)),
      )
      .map(summaryOf);
  }),
  'cases.get': asyncHandler<'cases.get'>(async (input, ctx) => {
    const row = requireCase(ctx, input.caseId);
    const images = listImages(ctx.db, row.id);
    const videos = listVideos(ctx.db, row.id);
    // Image and video file names can name the victim: sealed like identity, opened for
    // counsellors only and the read audited. Other roles get null.
    if (ctx.session!.role !== 'counsellor' || (!images.length && !videos.length))
      return {
        ...summaryOf(row),
        images: images.map((i) => imageInfoOf(ctx.db, i)),
        videos: videos.map((v) => videoInfoOf(ctx.db, v)),
      };
    await ctx.vault.unlock();
    const key = caseKey(ctx, row.id);
    return ctx.db.transaction(() => {
      audit(
        ctx,
        'images.names.read',
        { type: 'case', id: row.code },
        { images: images.length, videos: videos.length },
      );
      return {
        ...summaryOf(row),
        images: images.map((i) =>
          imageInfoOf(ctx.db, i, openText(key, i.file_name, aad.fileName(row.id, i.sha256))),
        ),
        videos: videos.map((v) =>
          videoInfoOf(ctx.db, v, openText(key, v.file_name, aad.videoFileName(row.id, v.sha256))),
        ),
      };
    })();
  }),
  'cases.create': asyncHandler<'cases.create'>(async (input, ctx) => {
    await ctx.vault.unlock();
    return ctx.db.transaction(() => {
      const me = ctx.session!.userId;
      const assignedTo = input.assignedTo ?? me;
      requireCounsellor(ctx, assignedTo);
      const now = ctx.now();
      const at = now.toISOString();
      const code = nextCaseCode(ctx.db, now.getUTCFullYear());
      const caseId = insertCase(ctx.db, { code, assignedTo, consent: input.consent, by: me, at });
      const { key, wrapped } = ctx.vault.newCaseKey(caseId);
      insertWrappedKey(ctx.db, caseId, wrapped);
      setIdentity(ctx.db, caseId, sealIdentity(key, caseId, input.identity), at);
      audit(
        ctx,
        'cases.create',
        { type: 'case', id: code },
        {
          assignedTo,
          searchWeb: input.consent.searchWeb,
          fileTakedowns: input.consent.fileTakedowns,
          storage: input.consent.storage,
        },
      );
      return summary(ctx, caseId);
    })();
  }),
  'cases.private': asyncHandler<'cases.private'>(async (input, ctx) => {
    await ctx.vault.unlock();
    return ctx.db.transaction(() => {
      const row = requireCase(ctx, input.caseId);
      const key = caseKey(ctx, row.id);
      const timeline = timelineRows(ctx.db, row.id).map((t) => ({
        id: t.id,
        at: t.at,
        author: t.author,
        text: openText(key, t.body, aad.timeline(row.id)),
      }));
      audit(ctx, 'cases.private.read', { type: 'case', id: row.code });
      return { identity: openIdentity(key, row.id, row.identity), timeline };
    })();
  }),
  'cases.updateIdentity': asyncHandler<'cases.updateIdentity'>(async (input, ctx) => {
    await ctx.vault.unlock();
    return ctx.db.transaction(() => {
      const row = requireCase(ctx, input.caseId);
      const key = caseKey(ctx, row.id);
      setIdentity(
        ctx.db,
        row.id,
        sealIdentity(key, row.id, input.identity),
        ctx.now().toISOString(),
      );
      audit(ctx, 'cases.updateIdentity', { type: 'case', id: row.code });
      return null;
    })();
  }),
  'cases.addTimeline': asyncHandler<'cases.addTimeline'>(async (input, ctx) => {
    await ctx.vault.unlock();
    return ctx.db.transaction(() => {
      const row = requireCase(ctx, input.caseId);
      const sealed = sealText(caseKey(ctx, row.id), input.text, aad.timeline(row.id));
      const at = ctx.now().toISOString();
      insertTimelineEntry(ctx.db, { caseId: row.id, at, authorId: ctx.session!.userId, sealed });
      audit(ctx, 'cases.addTimeline', { type: 'case', id: row.code });
      return null;
    })();
  }),
  'cases.setConsent': (input, ctx) => {
    const row = requireCase(ctx, input.caseId);
    setConsent(ctx.db, row.id, input.consent, ctx.session!.userId, ctx.now().toISOString());
    let discarded = 0;
    if (input.consent.storage === 'hashes-only') {
      // Withdrawn consent to keep originals takes effect now: their ciphertexts go (secure_delete).
      discarded = deleteImageOriginals(ctx.db, row.id);
      discarded += discardVideoOriginals(ctx.db, row.id);
    }
    audit(
      ctx,
      'cases.setConsent',
      { type: 'case', id: row.code },
      {
        searchWeb: input.consent.searchWeb,
        fileTakedowns: input.consent.fileTakedowns,
        storage: input.consent.storage,
        originalsDiscarded: discarded,
      },
    );
    return summary(ctx, row.id);
  },
  'cases.setStatus': (input, ctx) => {
    const row = requireCase(ctx, input.caseId);
    if (row.status === input.status) return summaryOf(row);
    setStatus(ctx.db, row.id, input.status, ctx.now().toISOString());
    audit(
      ctx,
      'cases.setStatus',
      { type: 'case', id: row.code },
      {
        from: row.status,
        to: input.status,
      },
    );
    return summary(ctx, row.id);
  },
  'cases.assign': (input, ctx) => {
    const row = requireCase(ctx, input.caseId);
    requireCounsellor(ctx, input.counsellorId);
    setAssigned(ctx.db, row.id, input.counsellorId, ctx.now().toISOString());
    audit(ctx, 'cases.assign', { type: 'case', id: row.code }, { to: input.counsellorId });
    return summary(ctx, row.id);
  },
  'cases.delete': asyncHandler<'cases.delete'>(async (input, ctx) => {
    const row = requireCase(ctx, input.caseId);
    if (input.confirmCode !== row.code)
      throw new ApiError('validation', `Type the case code ${row.code} to confirm the deletion.`, [
        { path: 'confirmCode', message: 'does not match the case code' },
      ]);
    shredCase(ctx, row);
    return null;
  }),
};
