/**
 * The case reference videos a crawl matches against, loaded beside the image references
 * (crawl/reference-index.ts): every video of a case that consented to web searches and is not
 * closed, with its vPDQ frames. Two uses:
 * - a crawled video is compared with each reference video's fingerprint (`entries`, matchVideo);
 * - a still image on a page may be one frame of a registered video: its PDQ is looked up in one
 *   Hamming index of every reference frame (`findFrame`), and a hit names the frame as
 *   (video id, timestamp) with the case it belongs to.
 */
import type Database from 'better-sqlite3';
import { HammingIndex } from '../similarity';
import type { VideoFingerprint } from '../video';
import { VideoFeatureIndex } from '../video/crop-stage';
import { openVideoFeatures } from './video-features';
import { videoFingerprintOf, type DbVideo } from './video-queries';

/** The case a reference video belongs to. */
export interface VideoOwner {
  caseId: number;
  caseCode: string;
  videoId: number;
}

/** A still image's PDQ found near one frame of a reference video. */
export interface FrameHit extends VideoOwner {
  /** The frame's time in the reference video, seconds. */
  timestampS: number;
  distance: number;
  /** 'flip-horizontal' when the image is the frame mirrored (its hash's mirror stand-in was nearer). */
  transform: 'identity' | 'flip-horizontal';
}

/** vPDQ's agreement between two frames: PDQ within 31 bits, both qualities at least 50. */
export const FRAME_MATCH = { maxDistance: 31, minQuality: 50 } as const;

/**
 * A stand-in for the PDQ of the horizontally mirrored picture: every byte XOR 0x55, as the video
 * matcher's `mirrorWords` (video/match.ts, decision 0101) — approximate near the median.
 */
const mirrored = (pdq: Uint8Array): Uint8Array => pdq.map((b) => b ^ 0x55);

interface Frame {
  videoId: number;
  timestampS: number;
  quality: number;
}

/** Reference videos with their owners, and one Hamming index over all their frames. */
export class VideoReferenceSet {
  private readonly videos = new Map<number, { owner: VideoOwner; fingerprint: VideoFingerprint }>();
  private readonly frames = new Map<number, Frame>();
  private readonly index = new HammingIndex();
  private nextFrameId = 1;
  /**
   * The crop stage's keyframes of the videos whose sealed features opened (decision 0104), keyed
   * by String(videoId): asked when no video's hashes match a crawled video.
   */
  readonly features = new VideoFeatureIndex();

  /** Adds a reference video; its frames are searchable at once. */
  add(owner: VideoOwner, fingerprint: VideoFingerprint): void {
    if (this.videos.has(owner.videoId)) throw new Error(`video ${owner.videoId} added twice`);
    this.videos.set(owner.videoId, { owner, fingerprint });
    for (const f of fingerprint.frames) {
      const id = this.nextFrameId++;
      this.frames.set(id, { videoId: owner.videoId, timestampS: f.timestampS, quality: f.quality });
      this.index.add(id, f.pdq);
    }
  }

  /** Number of reference videos. */
  get size(): number {
    return this.videos.size;
  }

  /** Number of indexed frames over every video. */
  get frameCount(): number {
    return this.frames.size;
  }

  /** Every reference video with its owner, in the order added. */
  entries(): { owner: VideoOwner; fingerprint: VideoFingerprint }[] {
    return [...this.videos.values()];
  }

  get(videoId: number): { owner: VideoOwner; fingerprint: VideoFingerprint } | undefined {
    return this.videos.get(videoId);
  }

  /**
   * The nearest reference frame to a still image's PDQ, or null: within `maxDistance` bits, and
   * only between frames and images whose PDQ quality both reach `minQuality` (a flat or dark
   * picture agrees with too much to mean anything). The mirrored picture is looked up too, as the
   * video matcher does. Ties go to the earliest video and time, upright before mirrored.
   */
  findFrame(
    pdq: Uint8Array,
    quality: number,
    options: { maxDistance?: number; minQuality?: number } = {},
  ): FrameHit | null {
    const maxDistance = options.maxDistance ?? FRAME_MATCH.maxDistance;
    const minQuality = options.minQuality ?? FRAME_MATCH.minQuality;
    if (quality < minQuality) return null;
    let best: FrameHit | null = null;
    for (const [transform, hash] of [
      ['identity', pdq],
      ['flip-horizontal', mirrored(pdq)],
    ] as const) {
      for (const m of this.index.rangeSearch(hash, maxDistance)) {
        const frame = this.frames.get(m.id)!;
        if (frame.quality < minQuality) continue;
        const { owner } = this.videos.get(frame.videoId)!;
        const better =
          !best ||
          m.distance < best.distance ||
          (m.distance === best.distance &&
            (frame.videoId < best.videoId ||
              (frame.videoId === best.videoId && frame.timestampS < best.timestampS)));
        if (better)
          best = { ...owner, timestampS: frame.timestampS, distance: m.distance, transform };
      }
    }
    return best;
  }
}

/**
 * Loads the searchable reference videos of the case file (same consent rule as images); `keys`
 * (unwrapped case keys) open their crop-stage keyframes.
 */
export function loadVideoReferences(
  db: Database.Database,
  keys: ReadonlyMap<number, Buffer> = new Map(),
): VideoReferenceSet {
  const set = new VideoReferenceSet();
  const features = openVideoFeatures(db, keys);
  const rows = db
    .prepare(
      `SELECT v.*, c.code FROM reference_videos v JOIN cases c ON c.id = v.case_id
       WHERE c.consent_search = 1 AND c.status <> 'closed' ORDER BY v.id`,
    )
    .all() as (DbVideo & { code: string })[];
  for (const row of rows) {
    const fingerprint = videoFingerprintOf(db, row);
    if (fingerprint.frames.length === 0) continue;
    set.add({ caseId: row.case_id, caseCode: row.code, videoId: row.id }, fingerprint);
    const keyframes = features.get(row.id);
    if (keyframes) set.features.set(String(row.id), keyframes);
  }
  return set;
}
