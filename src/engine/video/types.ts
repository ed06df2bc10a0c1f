/**
 * The video API's shapes, pinned by the lead (issue 15) so that registration, crawling, review,
 * takedowns and hash exchange can be built against them at the same time as the engine core.
 */

/** One sampled frame of a video: its time, PDQ hash and PDQ quality. */
export interface VideoFrameHash {
  /** Seconds from the start of the video. */
  timestampS: number;
  /** 32 bytes, PDQ bit order as the image pipeline's. */
  pdq: Uint8Array;
  /** PDQ quality, 0..100. */
  quality: number;
  /**
   * More hashes of the same moment (decision 0102): the picture inside the video's content box
   * (bars or a screen recording's page left out). Matching takes the closest of a moment's
   * hashes; everything else reads `pdq` alone.
   */
  variants?: FrameVariant[];
}

/** One more hash of a sampled moment: what part of the frame it covers, its PDQ and quality. */
export interface FrameVariant {
  /** Which part of the frame: 'box' (the content box; the only one today). */
  region: string;
  pdq: Uint8Array;
  quality: number;
}

/** vPDQ-style fingerprint of a video: sampled frames with near-identical neighbours pruned. */
export interface VideoFingerprint {
  durationS: number;
  width: number;
  height: number;
  sampleEveryS: number;
  frames: VideoFrameHash[];
  /** true when a size or duration cap stopped reading early */
  sampled: boolean;
}

/** Seconds of the query (candidate) that match seconds of the reference. */
export interface VideoSegment {
  queryStartS: number;
  queryEndS: number;
  refStartS: number;
  refEndS: number;
}

/** How much of two videos agree, vPDQ's percentages, and where. */
export interface VideoMatch {
  /** share of the query's (candidate's) frames found in the reference, 0..100 */
  queryPct: number;
  /** share of the reference's frames found in the query, 0..100 */
  comparePct: number;
  segments: VideoSegment[];
}

/** Caps on what one decode may read or use. */
export interface VideoLimits {
  maxBytes: number;
  maxDurationS: number;
  maxPixels: number;
  wallClockMs: number;
  maxMemoryBytes: number;
}

/** Why a video could not be fingerprinted. */
export type VideoErrorCode =
  | 'not-a-video' // empty, or the bytes are not a video container (e.g. an HTML page saved as .mp4)
  | 'truncated' // a video whose data ends early (interrupted download)
  | 'too-large' // more bytes than maxBytes
  | 'too-long' // declared duration over maxDurationS (when sampling past the cap is not allowed)
  | 'too-many-pixels' // declared dimensions over maxPixels
  | 'timeout' // the decoder ran past wallClockMs and was killed
  | 'decoder-failed' // FFmpeg failed in some other way (malformed stream, memory limit)
  | 'no-frames' // the container holds no decodable video frame
  | 'ffmpeg-missing'; // no FFmpeg binary could be found

/** A video that cannot be fingerprinted, with a code from {@link VideoErrorCode}. */
export class VideoError extends Error {
  constructor(
    readonly code: VideoErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VideoError';
  }
}

/** Options of fingerprintVideo. */
export interface FingerprintVideoOptions {
  /** Seconds between sampled frames (default 1, as vPDQ). */
  sampleEveryS?: number;
  limits?: Partial<VideoLimits>;
  signal?: AbortSignal;
  onProgress?: (doneS: number, totalS: number) => void;
}

/** Options of matchVideo. */
export interface MatchVideoOptions {
  /** Largest PDQ distance for two frames to agree (default 31, as vPDQ). */
  maxDistance?: number;
  /** Smallest PDQ quality of both frames for them to count (default 50, as vPDQ). */
  minQuality?: number;
}

/** Where a still image sits in a video: the closest frame and its PDQ distance. */
export interface FrameInVideo {
  timestampS: number;
  distance: number;
  /** 'flip-horizontal' when the still is the frame mirrored (its mirror was the nearer). */
  transform: 'identity' | 'flip-horizontal';
}

/** File extensions treated as video (lower case, no dot). */
export const VIDEO_EXTENSIONS: readonly string[] = [
  'mp4',
  'mov',
  'm4v',
  'webm',
  'mkv',
  'avi',
  '3gp',
];

/** Containers sniffVideo recognises (core/sniff.ts, the engine's one sniffer). */
export type { SniffedVideo } from '../core/sniff';
