/** Default caps on one video decode, and how they merge with a caller's. */
import type { VideoLimits } from './types';

/**
 * Defaults sized for a counsellor's registration on a workstation: 4 GiB files, two hours (longer
 * videos are fingerprinted over their first two hours and marked sampled), 8K frames, 45 minutes
 * of wall clock (two hours of 1080p30 take FFmpeg about 11 minutes to decode on 2 cores, more on a
 * busy machine; the duration cap already bounds an endless stream) and 1.5 GiB of address space. The crawler passes tighter ones per site.
 */
export const DEFAULT_VIDEO_LIMITS: VideoLimits = {
  maxBytes: 4 * 1024 ** 3,
  maxDurationS: 2 * 3600,
  maxPixels: 7680 * 4320,
  wallClockMs: 45 * 60_000,
  maxMemoryBytes: 1.5 * 1024 ** 3,
};

/**
 * A declared duration past this is not a real video (a crafted header or a broken muxer): it is
 * refused as too-long rather than sampled, since its timestamps cannot be trusted either.
 */
export const MAX_DECLARED_DURATION_S = 48 * 3600;

/** The caller's limits over the defaults; a non-finite or non-positive value keeps the default. */
export function mergeLimits(partial?: Partial<VideoLimits>): VideoLimits {
  const out = { ...DEFAULT_VIDEO_LIMITS };
  for (const key of Object.keys(out) as (keyof VideoLimits)[]) {
    const v = partial?.[key];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[key] = v;
  }
  return out;
}
