/**
 * Reference videos of a case (issue 15 item 3, decision 0095): received in chunks into a private
 * staging file, sniffed (a web page named .mp4 is refused by name), fingerprinted by the video
 * engine — FFmpeg in a child process under its limits, progress sent to the caller, cancellable —
 * and stored as frame hashes with, when consent keeps originals, the original sealed in chunks and
 * a few keyframes sealed for the blurred strip. Audited by counts and codes, never by name.
 */
import { createHash } from 'node:crypto';
import { createReadStream, closeSync, openSync, readSync } from 'node:fs';
import sharp from 'sharp';
import { ApiError } from '../../shared/errors';
import type { AddVideoResult, Thumbnail, VideoProgress } from '../../shared/cases-types';
import { MAX_VIDEO_BYTES } from '../../shared/contract-videos';
import { audit } from '../audit/record';
import { asyncHandler, type HandlerContext, type HandlerMap } from '../core/context';
import { withVideoRetroCheck } from '../crawl/retro-video';
import { loadVerifier } from '../fingerprint';
import {
  fingerprintVideoOffThread,
  keyframes,
  REFERENCE_SAMPLE_EVERY_S,
  sniffVideo,
  VideoError,
  type VideoFingerprint,
} from '../video';
import { keyframeFeatures, referenceKeeper, type VideoKeyframe } from '../video/crop-stage';
import { getCaseRow } from './queries';
import { aad, caseKey, open, seal, sealText } from './sealing';
import { truncateWal } from './shred';
import { storeVideoFeatures } from './video-features';
import { videoUploads, type Upload } from './video-uploads';
import {
  deleteVideoRow,
  findVideoInCase,
  getVideo,
  insertVideo,
  insertVideoKeyframes,
  insertVideoOriginalParts,
  videoInfoOf,
  videoKeyframes,
} from './video-queries';

/** The original is sealed in parts of this size (AES-GCM per part, its number in the AAD). */
export const ORIGINAL_CHUNK_BYTES = 4 * 1024 * 1024;
/** Keyframes kept per video for the strip, and their longer side (a reveal shows them at that). */
export const STRIP_FRAMES = 5;
export const KEYFRAME_MAX_SIDE = 640;

type Rejected = Extract<AddVideoResult, { status: 'rejected' }>;
const rejected = (code: string, message: string): Rejected => ({
  status: 'rejected',
  code,
  message,
});

/**
 * Why a file's first bytes are not a video Jium takes, or null when they are. A web page saved
 * under a video name (a failed download, a hostile link) gets its own reason.
 */
export function refuseHead(head: Uint8Array, byteSize: number): Rejected | null {
  if (byteSize === 0) return rejected('not-a-video', 'The file is empty.');
  if (byteSize > MAX_VIDEO_BYTES) return rejected('too-large', 'The file is larger than 1 GiB.');
  if (sniffVideo(head)) return null;
  const text = Buffer.from(head)
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  if (/^\s*<(!doctype|html|head|body|\?xml|!--|script|meta)/i.test(text))
    return rejected('web-page', 'The file is a web page (HTML), not a video.');
  return rejected('not-a-video', 'The file is not a video (mp4, mov, m4v, webm, mkv, avi, 3gp).');
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function readHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(64);
    return head.subarray(0, readSync(fd, head, 0, 64, 0));
  } finally {
    closeSync(fd);
  }
}

/** Evenly spread strip times, each in the middle of its fifth of the video (10 ms steps). */
export function stripTimes(durationS: number, n = STRIP_FRAMES): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(((i + 0.5) * durationS * 100) / n) / 100);
}

/** Sends progress to the caller, at most four times a second (and always the last). */
function progressSender(ctx: HandlerContext, uploadId: string) {
  const started = Date.now();
  let last = 0;
  return (phase: VideoProgress['phase'], doneS: number, totalS: number, force = false) => {
    const now = Date.now();
    if (!force && now - last < 250) return;
    last = now;
    const elapsed = (now - started) / 1000;
    // Time left is known while FFmpeg reads the video; the short steps after it have no rate.
    const etaS =
      phase === 'fingerprinting' && doneS > 0 && totalS > 0
        ? Math.max(0, (elapsed * (totalS - doneS)) / doneS)
        : null;
    ctx.emit('videos.progress', { uploadId, phase, doneS, totalS, etaS }, ctx.caller);
  };
}

/** Seals the staged original part by part, each part bound to its number. */
function insertOriginal(
  ctx: HandlerContext,
  key: Buffer,
  u: Upload,
  videoId: number,
  caseId: number,
  sha256: string,
) {
  const fd = openSync(u.path, 'r');
  const part = Buffer.alloc(ORIGINAL_CHUNK_BYTES);
  function* sealedParts() {
    for (let seq = 0, at = 0; at < u.byteSize; seq++) {
      const n = readSync(fd, part, 0, part.length, at);
      if (n <= 0) throw new Error('the staged video ended early');
      yield { seq, sealed: seal(key, part.subarray(0, n), aad.videoOriginal(caseId, sha256, seq)) };
      at += n;
    }
  }
  try {
    insertVideoOriginalParts(ctx.db, videoId, sealedParts());
  } finally {
    part.fill(0);
    closeSync(fd);
  }
}

async function addVideo(ctx: HandlerContext, u: Upload): Promise<AddVideoResult> {
  if (u.received !== u.byteSize)
    throw new ApiError('validation', `Only ${u.received} of ${u.byteSize} bytes were sent.`, [
      { path: 'uploadId', message: 'incomplete' },
    ]);
  const refused = refuseHead(readHead(u.path), u.byteSize);
  if (refused) return refused;
  const format = sniffVideo(readHead(u.path))!;
  const sha256 = await sha256Of(u.path);
  const before = getCaseRow(ctx.db, u.caseId);
  if (!before) throw new ApiError('not-found', 'There is no such case.');
  const known = findVideoInCase(ctx.db, before.id, sha256);
  if (known)
    return {
      status: 'duplicate',
      videoId: known.id,
      caseCode: before.code,
      message: `This video is already in case ${before.code}.`,
    };
  const abort = u.abort!;
  const send = progressSender(ctx, u.id);
  let print: VideoFingerprint;
  let frames: Buffer[] = [];
  // A few frames' local features for the crop stage (decision 0104), kept during the one decode.
  const kept = referenceKeeper();
  let cropFrames: VideoKeyframe[] = [];
  try {
    // In a worker thread of its own: the engine answers other calls meanwhile (decision 0121).
    print = await fingerprintVideoOffThread(u.path, {
      // References are sampled more densely than crawled videos (the video engine's choice,
      // decision 0101), so a candidate sampled once a second meets a reference frame near it.
      sampleEveryS: REFERENCE_SAMPLE_EVERY_S,
      signal: abort.signal,
      limits: { maxBytes: MAX_VIDEO_BYTES },
      onProgress: (doneS, totalS) => send('fingerprinting', doneS, totalS),
      onGreyFrame: kept.take,
    });
    send('fingerprinting', print.durationS, print.durationS, true);
    if (await loadVerifier()) cropFrames = keyframeFeatures(kept.all());
    if (before.consent_storage === 'originals') {
      send('keyframes', print.durationS, print.durationS, true);
      frames = await keyframes(u.path, stripTimes(print.durationS), {
        maxSide: KEYFRAME_MAX_SIDE,
        limits: { maxBytes: MAX_VIDEO_BYTES },
        signal: abort.signal,
      });
    }
  } catch (e) {
    if (abort.signal.aborted) return { status: 'cancelled' };
    if (e instanceof VideoError) return rejected(e.code, e.message);
    throw e;
  }
  if (abort.signal.aborted) return { status: 'cancelled' };
  send('sealing', print.durationS, print.durationS, true);
  try {
    const result = ctx.db.transaction((): AddVideoResult => {
      // Re-read inside the transaction: consent may have changed while the video was hashed.
      const c = getCaseRow(ctx.db, u.caseId);
      if (!c) throw new ApiError('not-found', 'There is no such case.');
      const same = findVideoInCase(ctx.db, c.id, sha256);
      if (same)
        return {
          status: 'duplicate',
          videoId: same.id,
          caseCode: c.code,
          message: `This video is already in case ${c.code}.`,
        };
      const key = caseKey(ctx, c.id);
      const videoId = insertVideo(ctx.db, {
        caseId: c.id,
        sha256,
        // File names often carry a person's name: sealed like identity.
        sealedFileName: sealText(key, u.fileName, aad.videoFileName(c.id, sha256)),
        format,
        byteSize: u.byteSize,
        fingerprint: print,
        addedAt: ctx.now().toISOString(),
        addedBy: ctx.session!.userId,
      });
      storeVideoFeatures(ctx.db, key, { videoId, caseId: c.id, sha256 }, cropFrames);
      const keep = c.consent_storage === 'originals';
      if (keep) {
        insertOriginal(ctx, key, u, videoId, c.id, sha256);
        const times = stripTimes(print.durationS);
        insertVideoKeyframes(
          ctx.db,
          videoId,
          frames.map((jpeg, i) => ({
            timestampS: times[i]!,
            sealed: seal(key, jpeg, aad.keyframe(c.id, sha256, times[i]!)),
          })),
        );
      }
      const row = getVideo(ctx.db, videoId)!;
      const info = videoInfoOf(ctx.db, row, u.fileName);
      audit(
        ctx,
        'videos.add',
        { type: 'video', id: videoId },
        {
          case: c.code,
          keptOriginal: keep,
          frames: info.frameCount,
          sampled: print.sampled,
          alsoInCases: info.alsoIn.length,
        },
      );
      return { status: 'added', video: info };
    })();
    // Compared at once with every video crawled before, now that it is registered (0103).
    return withVideoRetroCheck(ctx, result);
  } finally {
    for (const f of frames) f.fill(0);
  }
}

/** Opens the sealed keyframes of a video (the vault must be unlocked). */
function openKeyframes(ctx: HandlerContext, videoId: number) {
  const video = getVideo(ctx.db, videoId);
  if (!video) throw new ApiError('not-found', 'There is no such video.');
  const key = caseKey(ctx, video.case_id);
  const rows = videoKeyframes(ctx.db, videoId);
  return {
    video,
    frames: rows.map((r) => ({
      timestampS: r.timestamp_s,
      open: () => open(key, r.sealed, aad.keyframe(video.case_id, video.sha256, r.timestamp_s)),
    })),
  };
}

async function render(jpeg: Buffer, reveal: boolean): Promise<string> {
  // As image thumbnails (decision 0032): re-encoded without metadata; blurred greyscale 240 px
  // unless a counsellor reveals it (640 px colour).
  let img = sharp(jpeg, { failOn: 'none' }).resize(reveal ? 640 : 240, reveal ? 640 : 240, {
    fit: 'inside',
    withoutEnlargement: true,
  });
  if (!reveal) img = img.greyscale().blur(14);
  const out = await img.jpeg({ quality: reveal ? 85 : 60 }).toBuffer();
  return `data:image/jpeg;base64,${out.toString('base64')}`;
}

export const videoHandlers: HandlerMap<
  | 'videos.begin'
  | 'videos.chunk'
  | 'videos.add'
  | 'videos.cancel'
  | 'videos.strip'
  | 'videos.revealFrame'
  | 'videos.remove'
> = {
  'videos.begin': (input, ctx) => {
    if (!getCaseRow(ctx.db, input.caseId))
      throw new ApiError('not-found', 'There is no such case.');
    const refused = refuseHead(Buffer.from(input.head, 'base64'), input.byteSize);
    if (refused) return refused;
    const u = videoUploads(ctx.db).begin({
      caller: ctx.caller,
      userId: ctx.session!.userId,
      caseId: input.caseId,
      fileName: input.fileName,
      byteSize: input.byteSize,
    });
    return { status: 'ready' as const, uploadId: u.id };
  },
  'videos.chunk': asyncHandler<'videos.chunk'>(async (input, ctx) => {
    const uploads = videoUploads(ctx.db);
    const u = uploads.get(input.uploadId, ctx.caller);
    const bytes = Buffer.from(input.data, 'base64');
    try {
      return { received: await uploads.append(u, input.offset, bytes) };
    } finally {
      bytes.fill(0);
    }
  }),
  'videos.add': asyncHandler<'videos.add'>(async (input, ctx) => {
    const uploads = videoUploads(ctx.db);
    const u = uploads.get(input.uploadId, ctx.caller);
    if (u.abort) throw new ApiError('conflict', 'This video is already being fingerprinted.');
    // From here a cancel aborts this call, which answers 'cancelled'.
    u.abort = new AbortController();
    try {
      await ctx.vault.unlock();
      if (u.abort.signal.aborted) return { status: 'cancelled' };
      return await addVideo(ctx, u);
    } finally {
      uploads.drop(u);
    }
  }),
  'videos.cancel': (input, ctx) => {
    const uploads = videoUploads(ctx.db);
    uploads.drop(uploads.get(input.uploadId, ctx.caller));
    return null;
  },
  'videos.strip': asyncHandler<'videos.strip'>(async (input, ctx) => {
    await ctx.vault.unlock();
    const { frames } = openKeyframes(ctx, input.videoId);
    const out = [];
    for (const f of frames) {
      const jpeg = f.open();
      try {
        out.push({ timestampS: f.timestampS, dataUrl: await render(jpeg, false) });
      } finally {
        jpeg.fill(0);
      }
    }
    return { frames: out };
  }),
  'videos.revealFrame': asyncHandler<'videos.revealFrame'>(async (input, ctx) => {
    await ctx.vault.unlock();
    const { video, frames } = openKeyframes(ctx, input.videoId);
    const frame = frames[input.index];
    if (!frame) return null;
    const jpeg = frame.open();
    try {
      const dataUrl = await render(jpeg, true);
      const code = getCaseRow(ctx.db, video.case_id)?.code ?? String(video.case_id);
      ctx.db.transaction(() =>
        audit(
          ctx,
          'videos.reveal',
          { type: 'video', id: video.id },
          { case: code, atS: frame.timestampS },
        ),
      )();
      return { dataUrl, revealed: true } satisfies Thumbnail;
    } finally {
      jpeg.fill(0);
    }
  }),
  /**
   * Removes one reference video: its frames, sealed original and keyframes go in one transaction
   * (secure_delete overwrites the freed pages), then the WAL is checkpointed as for images.
   */
  'videos.remove': asyncHandler<'videos.remove'>(async (input, ctx) => {
    ctx.db.transaction(() => {
      const video = getVideo(ctx.db, input.videoId);
      if (!video) throw new ApiError('not-found', 'There is no such video.');
      const code = getCaseRow(ctx.db, video.case_id)?.code ?? '';
      deleteVideoRow(ctx.db, video.id);
      audit(
        ctx,
        'videos.remove',
        { type: 'video', id: video.id },
        { case: code, hadOriginal: video.has_original === 1 },
      );
    })();
    truncateWal(ctx.db);
    return null;
  }),
};
