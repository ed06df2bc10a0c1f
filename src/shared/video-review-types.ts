/**
 * What review shows of a crawled video's match (issue 15 item 5, decision 0107): the matched
 * segments with their times on both sides and, per segment, a few keyframes of the found video
 * kept at crawl time — blurred and greyscale unless one frame is revealed on request.
 */

/** One keyframe of the found video, as a blurred greyscale JPEG (data: URL). */
export interface MatchStripFrame {
  /** Its place in the strip (what `videos.revealMatchFrame` asks for). */
  index: number;
  /** Seconds into the found video. */
  timestampS: number;
  dataUrl: string;
}

/** Seconds of the found video (the upload) that match seconds of the reference video. */
export interface MatchStripSegment {
  queryStartS: number;
  queryEndS: number;
  refStartS: number;
  refEndS: number;
  frames: MatchStripFrame[];
}

export interface MatchStrip {
  /** The found video's own URL. */
  videoUrl: string;
  /** A size or duration cap stopped reading early: the segments may be incomplete. */
  sampled: boolean;
  /** Shares of frames found each way (0–100). */
  queryPct: number | null;
  comparePct: number | null;
  segments: MatchStripSegment[];
  /** Whether keyframes were kept (none for a match found later from stored fingerprints). */
  framesKept: boolean;
}
