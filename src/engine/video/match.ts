/**
 * Matching videos the way vPDQ does — two frames agree when their PDQ hashes are within
 * `maxDistance` bits (31) and both qualities are at least `minQuality` (50); the query and compare
 * percentages are the shares of each side's counted frames that agree with some frame of the
 * other — plus what vPDQ leaves out: which seconds of the query match which seconds of the
 * reference (segments), and mirrored copies. A moment may carry more hashes than its frame's (the
 * picture inside the video's content box, decision 0102): two moments agree when the closest of
 * their hashes do, and a moment counts when any of its hashes is of sufficient quality.
 *
 * Mirroring: a horizontal mirror negates the DCT coefficients of odd horizontal frequency, i.e.
 * the even columns of PDQ's 16x16 block, which flips those bits wherever the coefficient is not
 * near the median. So "the query frame's hash with every byte XOR 0x55" stands in for the hash of
 * its mirror image; video.test.ts measures how close that comes on a mirrored re-encode.
 */
import type {
  FrameInVideo,
  MatchVideoOptions,
  VideoFingerprint,
  VideoFrameHash,
  VideoMatch,
  VideoSegment,
} from './types';

/** vPDQ's frame distance (bits, inclusive) and quality floor. */
export const VPDQ_MAX_DISTANCE = 31;
export const VPDQ_MIN_QUALITY = 50;

/** Largest gap (seconds of the query) a segment may bridge, beside 5 sampling steps. */
const MAX_GAP_S = 10;
/** Allowed speed change between query and reference inside one segment. */
const MIN_RATE = 0.5;
const MAX_RATE = 2;
/** Candidate reference frames kept per query frame when building segments. */
const MAX_CANDIDATES = 16;

/** A hash as eight 32-bit words, for a fast Hamming distance. */
function words(pdq: Uint8Array): Uint32Array {
  const out = new Uint32Array(8);
  for (let i = 0; i < 8; i++) {
    out[i] =
      (((pdq[4 * i] ?? 0) << 24) |
        ((pdq[4 * i + 1] ?? 0) << 16) |
        ((pdq[4 * i + 2] ?? 0) << 8) |
        (pdq[4 * i + 3] ?? 0)) >>>
      0;
  }
  return out;
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function distance(a: Uint32Array, b: Uint32Array): number {
  let d = 0;
  for (let i = 0; i < 8; i++) d += popcount32((a[i]! ^ b[i]!) >>> 0);
  return d;
}

/** The stand-in for the hash of the horizontally mirrored frame (see the file comment). */
export function mirrorWords(w: Uint32Array): Uint32Array {
  const out = new Uint32Array(8);
  for (let i = 0; i < 8; i++) out[i] = (w[i]! ^ 0x55555555) >>> 0;
  return out;
}

/** A counted moment: its hashes (the frame's and its variants' of sufficient quality). */
interface Counted {
  frame: VideoFrameHash;
  w: Uint32Array[];
  m: Uint32Array[];
}

function counted(fp: VideoFingerprint, minQuality: number): Counted[] {
  const out: Counted[] = [];
  for (const frame of [...fp.frames].sort((a, b) => a.timestampS - b.timestampS)) {
    const w = [frame, ...(frame.variants ?? [])]
      .filter((h) => h.quality >= minQuality)
      .map((h) => words(h.pdq));
    if (w.length) out.push({ frame, w, m: w.map(mirrorWords) });
  }
  return out;
}

/** Moments of a fingerprint that count (some hash of sufficient quality). */
export function countedMoments(fp: VideoFingerprint, minQuality = VPDQ_MIN_QUALITY): number {
  return fp.frames.filter(
    (f) => f.quality >= minQuality || (f.variants ?? []).some((v) => v.quality >= minQuality),
  ).length;
}

/** The closest of two moments' hashes, the query's upright or mirrored. */
function momentDistance(q: Counted, r: Counted): number {
  let best = 256;
  for (let i = 0; i < q.w.length; i++) {
    for (const rw of r.w) {
      const d = Math.min(distance(q.w[i]!, rw), distance(q.m[i]!, rw));
      if (d < best) best = d;
    }
  }
  return best;
}

interface Pair {
  r: number;
  d: number;
}

interface OpenSegment {
  qStart: number;
  rStart: number;
  qEnd: number;
  rEnd: number;
}

/** Chains matched query frames whose reference times advance consistently into segments. */
function segmentsOf(
  q: Counted[],
  r: Counted[],
  pairs: Pair[][],
  query: VideoFingerprint,
  reference: VideoFingerprint,
): VideoSegment[] {
  const maxGap = Math.max(MAX_GAP_S, 5 * query.sampleEveryS);
  const jitter = Math.max(query.sampleEveryS, reference.sampleEveryS);
  const open: OpenSegment[] = [];
  const closed: OpenSegment[] = [];
  for (let i = 0; i < q.length; i++) {
    const cands = pairs[i]!;
    if (cands.length === 0) continue;
    const tq = q[i]!.frame.timestampS;
    for (let s = open.length - 1; s >= 0; s--) {
      if (tq - open[s]!.qEnd > maxGap) closed.push(...open.splice(s, 1));
    }
    let best: { seg: OpenSegment; tr: number; cost: number } | undefined;
    for (const seg of open) {
      const dq = tq - seg.qEnd;
      const span = seg.qEnd - seg.qStart;
      const rate = span > 0 ? (seg.rEnd - seg.rStart) / span : 1;
      for (const c of cands) {
        const tr = r[c.r]!.frame.timestampS;
        const dr = tr - seg.rEnd;
        if (dr < MIN_RATE * dq - jitter || dr > MAX_RATE * dq + jitter) continue;
        const cost = Math.abs(dr - rate * dq) + c.d / 64;
        if (!best || cost < best.cost) best = { seg, tr, cost };
      }
    }
    if (best) {
      best.seg.qEnd = tq;
      best.seg.rEnd = Math.max(best.seg.rEnd, best.tr);
    } else {
      const tr = r[cands[0]!.r]!.frame.timestampS;
      open.push({ qStart: tq, rStart: tr, qEnd: tq, rEnd: tr });
    }
  }
  closed.push(...open);
  const clampQ = (t: number) => Math.min(t, query.durationS || t);
  const clampR = (t: number) => Math.min(t, reference.durationS || t);
  return closed
    .sort((a, b) => a.qStart - b.qStart || a.rStart - b.rStart)
    .map((s) => {
      // The last matched query frame stands for one sampling step of the query; the reference
      // end moves on by the same step at the segment's speed.
      const span = s.qEnd - s.qStart;
      const rate =
        span > 0 ? Math.min(MAX_RATE, Math.max(MIN_RATE, (s.rEnd - s.rStart) / span)) : 1;
      return {
        queryStartS: s.qStart,
        queryEndS: clampQ(s.qEnd + query.sampleEveryS),
        refStartS: s.rStart,
        refEndS: clampR(s.rEnd + rate * query.sampleEveryS),
      };
    });
}

/**
 * vPDQ's comparison of a query (a candidate) with a reference, with the segments where they
 * agree. Both percentages are 0 when either side has no frame of sufficient quality.
 */
export function matchVideo(
  query: VideoFingerprint,
  reference: VideoFingerprint,
  options: MatchVideoOptions = {},
): VideoMatch {
  const maxDistance = options.maxDistance ?? VPDQ_MAX_DISTANCE;
  const minQuality = options.minQuality ?? VPDQ_MIN_QUALITY;
  const q = counted(query, minQuality);
  const r = counted(reference, minQuality);
  if (q.length === 0 || r.length === 0) return { queryPct: 0, comparePct: 0, segments: [] };
  const refMatched = new Uint8Array(r.length);
  const pairs: Pair[][] = [];
  let queryMatched = 0;
  for (const qf of q) {
    const found: Pair[] = [];
    for (let j = 0; j < r.length; j++) {
      const d = momentDistance(qf, r[j]!);
      if (d <= maxDistance) {
        found.push({ r: j, d });
        refMatched[j] = 1;
      }
    }
    if (found.length > 0) queryMatched++;
    found.sort((a, b) => a.d - b.d);
    pairs.push(found.slice(0, MAX_CANDIDATES));
  }
  let refCount = 0;
  for (const m of refMatched) refCount += m;
  return {
    queryPct: (100 * queryMatched) / q.length,
    comparePct: (100 * refCount) / r.length,
    segments: segmentsOf(q, r, pairs, query, reference),
  };
}

/**
 * Jium's one video decision (decisions 0047, 0106), used by the crawler, the re-check, `jium match`
 * and the benches: a candidate matches a reference when a segment — agreeing frames whose
 * reference times advance consistently — covers at least `minSegmentS` seconds of the candidate (a
 * clip, or a clip inside a compilation, whatever share of either video it is), or, for a candidate
 * too short for that, at least `minQueryPct` of its counted frames (and at least
 * `minQueryFrames` of them) are found in the reference.
 */
export const VIDEO_RULE = { minSegmentS: 3, minQueryPct: 80, minQueryFrames: 2 } as const;

/**
 * The decision on one comparison under VIDEO_RULE: 'low-quality' when the candidate has no frame of
 * sufficient quality to count, else 'match' or 'no-match'.
 */
export function videoVerdict(
  query: VideoFingerprint,
  m: VideoMatch,
  options: MatchVideoOptions = {},
): 'match' | 'no-match' | 'low-quality' {
  const minQuality = options.minQuality ?? VPDQ_MIN_QUALITY;
  const n = countedMoments(query, minQuality);
  if (n === 0) return 'low-quality';
  const longest = Math.max(0, ...m.segments.map((s) => s.queryEndS - s.queryStartS));
  if (longest >= VIDEO_RULE.minSegmentS) return 'match';
  return n >= VIDEO_RULE.minQueryFrames && m.queryPct >= VIDEO_RULE.minQueryPct
    ? 'match'
    : 'no-match';
}

/** Seconds of the candidate its segments cover. */
export function matchedSeconds(m: VideoMatch): number {
  return m.segments.reduce((t, s) => t + (s.queryEndS - s.queryStartS), 0);
}

/**
 * Whether comparison `a` beats `b` when choosing a candidate's reference: more matched seconds,
 * then the higher query share, then the higher compare share.
 */
export function betterVideoMatch(a: VideoMatch, b: VideoMatch): boolean {
  const sa = matchedSeconds(a);
  const sb = matchedSeconds(b);
  if (sa !== sb) return sa > sb;
  if (a.queryPct !== b.queryPct) return a.queryPct > b.queryPct;
  return a.comparePct > b.comparePct;
}

/**
 * A still image (its PDQ and quality) as one frame of a video: the closest reference frame, upright
 * or mirrored, within vPDQ's distance with both qualities at least vPDQ's floor; null otherwise.
 */
export function matchFrameToVideo(
  pdq: Uint8Array,
  quality: number,
  reference: VideoFingerprint,
  options: MatchVideoOptions = {},
): FrameInVideo | null {
  const maxDistance = options.maxDistance ?? VPDQ_MAX_DISTANCE;
  const minQuality = options.minQuality ?? VPDQ_MIN_QUALITY;
  if (quality < minQuality) return null;
  const w = words(pdq);
  const m = mirrorWords(w);
  let best: FrameInVideo | null = null;
  for (const f of reference.frames) {
    if (f.quality < minQuality) continue;
    const fw = words(f.pdq);
    const [upright, mirrored] = [distance(w, fw), distance(m, fw)];
    const d = Math.min(upright, mirrored);
    if (d <= maxDistance && (!best || d < best.distance)) {
      const transform = mirrored < upright ? 'flip-horizontal' : 'identity';
      best = { timestampS: f.timestampS, distance: d, transform };
    }
  }
  return best;
}
