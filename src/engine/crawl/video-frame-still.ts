/**
 * A still image on a page that is one frame of a registered video (issue 15 item 2, decision
 * 0109). The image task asks here when the image matched no reference image: its PDQ is looked up
 * in the Hamming index of every reference frame (cases/video-references.ts, `findFrame`) under
 * vPDQ's frame agreement — PDQ within 31 bits, both qualities at least 50 — and a hit is recorded
 * through the one door as a match of the reference *video*, with the reference's second
 * (`ref_time_s`) as its evidence.
 */
import type { FrameHit } from '../cases/video-references';
import { formatClock } from '../../shared/clock';
import type { fingerprint } from '../fingerprint';
import { recordMatch } from '../matches';
import { rejectedBefore } from '../review/rejected';
import type { CrawlEnv } from './crawl-env';
import type { FollowedResponse } from './follow-redirects';
import type { CounterDelta } from './run-store';
import type { TaskOutcome } from './task-outcome';
import { matchBinding } from './video-evidence';

type Fingerprint = Awaited<ReturnType<typeof fingerprint>>;

/** The image as the image task holds it once fingerprinted. */
export interface StillImage {
  fp: Fingerprint;
  body: Buffer;
  sha256: string;
  pageUrl: string;
  res: FollowedResponse;
  delta: CounterDelta;
}

/** The reference frame this image is, or null (no reference videos, or none near enough). */
export function findVideoFrame(env: CrawlEnv, fp: Fingerprint): FrameHit | null {
  const videos = env.references.videos;
  if (!videos || videos.frameCount === 0 || fp.lowQuality) return null;
  return videos.findFrame(fp.pdq.hash, fp.pdq.quality);
}

/**
 * The outcome of an image found to be frame `hit` of a reference video: a match (sealed image and
 * page snapshot, as an image match keeps), or `rejected-before` when a monitor rejected this
 * content for the case. `keep` writes what every outcome of the image task writes besides its
 * hash (validator, sighting); it runs in the outcome's transaction.
 */
export async function videoFrameOutcome(
  env: CrawlEnv,
  hit: FrameHit,
  img: StillImage,
  keep: () => void,
  snapshotOf: (
    env: CrawlEnv,
    pageUrl: string,
  ) => Promise<{ kind: 'html' | 'png'; bytes: Buffer } | null>,
): Promise<TaskOutcome> {
  const { fp, sha256, pageUrl, res } = img;
  const keepMatched = () => {
    const q = fp.pdq.quality;
    env.store.putImageHash(sha256, fp.pdq.hash, fp.blockhash.hash, fp.lowQuality, true, q);
    keep();
  };
  if (rejectedBefore(env.store.db, hit.caseId, sha256, fp.pdq.hash)) {
    return {
      state: 'done',
      code: 'rejected-before',
      message: `case ${hit.caseCode}: rejected in review before`,
      delta: img.delta,
      write: () => {
        keepMatched();
        return { matchId: null };
      },
    };
  }
  const binding = matchBinding({
    page_url: pageUrl,
    image_sha256: sha256,
    reference_image_id: null,
    reference_video_id: hit.videoId,
  });
  const snapshot = await snapshotOf(env, pageUrl);
  const sealed = {
    image: env.evidence.seal(hit.caseId, 'image', img.body, binding),
    snapshot: snapshot && env.evidence.seal(hit.caseId, 'snapshot', snapshot.bytes, binding),
    snapshotKind: snapshot?.kind ?? null,
  };
  const { response } = res;
  const foundAt = new Date().toISOString();
  return {
    state: 'done',
    code: 'match',
    message:
      `case ${hit.caseCode}, frame ${formatClock(hit.timestampS)} of reference video ` +
      `${hit.videoId}, pdq distance ${hit.distance}`,
    delta: img.delta,
    write: () => {
      keepMatched();
      const matchId = recordMatch(env.store.db, {
        found: {
          kind: 'image',
          runId: env.store.runId,
          siteId: env.store.siteId,
          pageUrl,
          url: response.url,
          sha256,
          foundAt,
          httpStatus: response.status,
          httpHeaders: response.headers,
          redirectChain: res.chain,
          serverIp: response.remoteAddress,
        },
        target: { source: 'case-video', caseId: hit.caseId, referenceVideoId: hit.videoId },
        evidence: {
          algo: 'vpdq-frame',
          distance: hit.distance,
          transform: hit.transform,
          refTimeS: hit.timestampS,
        },
        sealed,
      });
      return { matchId };
    },
  };
}
