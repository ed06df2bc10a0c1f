/**
 * One model of a match (decision 0091): something a crawl found, what it matched, and why.
 * Every source — a case reference image, a case reference video, an entry of an imported hash
 * list — and every kind of found content — an image, a video — is one row of `crawl_matches`,
 * written only through `recordMatch` (record.ts).
 */

/** What kind of file the crawl found. */
export type MediaKind = 'image' | 'video';

/** What a match is against. */
export type MatchSource = 'case-image' | 'case-video' | 'hash-list';

/**
 * A stretch of a found video that matched a stretch of the reference, in seconds. The same shape
 * as the video engine's `VideoSegment` (src/engine/video/types.ts), so its segments pass as they
 * are.
 */
export interface MatchSegment {
  queryStartS: number;
  queryEndS: number;
  refStartS: number;
  refEndS: number;
}

/** What it matched. */
export type MatchTarget =
  | { source: 'case-image'; caseId: number; referenceImageId: number }
  | { source: 'case-video'; caseId: number; referenceVideoId: number }
  | { source: 'hash-list'; listId: number; entryId: number };

/** What the crawl found, where, and how the server answered. */
export interface FoundMedia {
  kind: MediaKind;
  /** The run and site that found it (null for matches found outside a run, e.g. retro-matching). */
  runId: number | null;
  siteId: number | null;
  pageUrl: string;
  /** The image's or video's own URL. */
  url: string;
  /** SHA-256 of the found file's bytes (hex). */
  sha256: string;
  foundAt: string;
  httpStatus: number;
  httpHeaders: Record<string, string>;
  redirectChain: unknown[];
  serverIp: string;
}

/** Why it is a match. */
export interface MatchEvidence {
  /** The decision's algorithm ('pdq', 'blockhash', 'sha256', 'pdq-video', …) and distance. */
  algo: string;
  distance: number;
  /**
   * The reference's transform that matched: 'identity', 'flip-horizontal', 'rotate-90', … (the
   * fingerprint's Dihedral names). Rows stored before fc3ed30 may say 'flip-h' for a mirrored
   * video frame; shownTransform (transform.ts) reads them as 'flip-horizontal'.
   */
  transform: string;
  /** Video found: the stretches that matched (null for an image). */
  segments?: MatchSegment[] | null;
  /** A still image that is one frame of a reference video: where in the reference, in seconds. */
  refTimeS?: number | null;
  /** Video: share of the found video's frames seen in the reference, 0..100. */
  queryPct?: number | null;
  /** Video: share of the reference's frames seen in the found video, 0..100. */
  comparePct?: number | null;
  /** Video: a size or duration cap stopped reading early, so the segments may be incomplete. */
  sampled?: boolean;
  /**
   * Image decided by the verification stage: the reference's corners (TL, TR, BR, BL) in the
   * found image, x, y as fractions of its width and height (8 numbers; may reach outside 0..1
   * when the found image is a crop). Review outlines it on the preview (decision 0021).
   */
  region?: number[] | null;
}

/** Sealed bytes kept with a case match (the case key seals them; lists keep none, 0077). */
export interface SealedEvidence {
  image: Buffer | null;
  snapshot: Buffer | null;
  snapshotKind: 'html' | 'png' | null;
}

/** A match ready to record. */
export interface NewMatch {
  found: FoundMedia;
  target: MatchTarget;
  evidence: MatchEvidence;
  sealed?: SealedEvidence;
}
