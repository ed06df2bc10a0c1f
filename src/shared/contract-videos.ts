/**
 * Contract methods of reference videos (issue 15 item 3, decision 0095), spread into `contract` in
 * contract.ts. A video is sent to the engine in chunks (begin, chunk…, add) because a video can be
 * far larger than one call may carry; `add` fingerprints it (progress as `videos.progress` events
 * to the caller) and `cancel` stops it. Who sees what follows decision 0032 for images: the
 * blurred greyscale strip for counsellors and monitors, an unblurred frame for counsellors only
 * (audited). A crawled video's match in review (decision 0107): its segments with a few keyframes
 * of the found video, blurred for the review roles, one frame at a time unblurred on request.
 */
import { z } from 'zod';
import type {
  AddVideoResult,
  Thumbnail,
  VideoBeginResult,
  VideoProgress,
  VideoStrip,
} from './cases-types';
import { VIDEO_CHUNK_BYTES } from './cases-types';
import type { Phantom } from './phantom';
import type { ReviewImage } from './review-types';
import type { MatchStrip } from './video-review-types';

const returns = <T>(): Phantom<T> => ({});
const id = z.number().int().positive();
const uploadId = z.string().uuid();
const base64 = (maxBytes: number) =>
  z
    .string()
    .max(Math.ceil(maxBytes / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

/** Largest video a case takes: 1 GiB (decision 0095). */
export const MAX_VIDEO_BYTES = 1024 * 1024 * 1024;

export const videosContract = {
  'videos.begin': {
    summary: 'Start sending a video file to add to a case',
    access: ['counsellor'],
    input: z
      .object({
        caseId: id,
        fileName: z.string().max(500),
        byteSize: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
        /** The file's first bytes (up to 64), so a web page named .mp4 is refused at once. */
        head: base64(64),
      })
      .strict(),
    result: returns<VideoBeginResult>(),
  },
  'videos.chunk': {
    summary: 'Send the next part of a video file',
    access: ['counsellor'],
    input: z
      .object({
        uploadId,
        offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
        data: base64(VIDEO_CHUNK_BYTES).min(1),
      })
      .strict(),
    result: returns<{ received: number }>(),
  },
  'videos.add': {
    summary: 'Fingerprint a sent video and add it to its case',
    access: ['counsellor'],
    input: z.object({ uploadId }).strict(),
    result: returns<AddVideoResult>(),
  },
  'videos.cancel': {
    summary: 'Stop sending or fingerprinting a video; nothing of it is kept',
    access: ['counsellor'],
    input: z.object({ uploadId }).strict(),
    result: returns<null>(),
  },
  'videos.strip': {
    summary: 'Show a reference video’s keyframes, blurred and greyscale',
    access: ['counsellor', 'monitor'],
    input: z.object({ videoId: id }).strict(),
    result: returns<VideoStrip>(),
  },
  'videos.revealFrame': {
    summary: 'Reveal one keyframe of a reference video unblurred',
    access: ['counsellor'],
    input: z.object({ videoId: id, index: z.number().int().min(0).max(15) }).strict(),
    result: returns<Thumbnail | null>(),
  },
  'videos.remove': {
    summary: 'Remove a reference video, its frames and its original from a case',
    access: ['counsellor'],
    input: z.object({ videoId: id }).strict(),
    result: returns<null>(),
  },
  'videos.matchStrip': {
    summary: 'Show a crawled video match’s segments and keyframes, blurred and greyscale',
    access: ['admin', 'monitor'],
    input: z.object({ itemId: id }).strict(),
    result: returns<MatchStrip | null>(),
  },
  'videos.revealMatchFrame': {
    summary: 'Reveal one keyframe of a crawled video match unblurred (audited)',
    access: ['admin', 'monitor'],
    input: z.object({ itemId: id, index: z.number().int().min(0).max(15) }).strict(),
    result: returns<ReviewImage | null>(),
  },
} as const;

export const videosEvents = {
  /** A video being added is being fingerprinted (a few times a second, to its caller only). */
  'videos.progress': returns<VideoProgress>(),
} as const;
