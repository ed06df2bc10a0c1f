/**
 * One video found on a page (frontier kind `video`): download it through the guarded fetcher under
 * the site's caps (video-download.ts, hls.ts), fingerprint the temp file with the video engine in
 * this crawl's worker, compare it with every case reference video, and record what it matched with
 * its evidence — page URL, video URL, response headers, redirect chain with peers, server IP, the
 * matched segments (times), the vPDQ shares, whether a cap made it a sample, and a few small sealed
 * keyframes per matched segment for review's strip (video-evidence.ts). The temp file is
 * deleted whatever happens. A video content seen before (same SHA-256 of the bytes read) is not
 * decoded again. Failures get specific codes in the crawl log and the crawl goes on.
 */
import type { SiteConfig } from '../../shared/crawl-types';
import { recordMatch } from '../matches';
import { rejectedBefore } from '../review/rejected';
import {
  fingerprintVideo,
  keyframes,
  VideoError,
  type VideoFingerprint,
  type VideoMatch,
} from '../video';
import { candidateKeeper, type FrameKeeper } from '../video/crop-stage';
import {
  decideVideo,
  decisionAlgo,
  decisionTransform,
  describeDecision,
  type VideoDecision,
} from '../video/decide';
import type { CrawlEnv } from './crawl-env';
import { FetchError } from './fetcher';
import { fetchFollowing, RefusedError } from './follow-redirects';
import type { FrontierRow } from './frontier';
import { fitCutIsoFile } from './iso-boxes';
import { failureOutcome, type TaskOutcome } from './task-outcome';
import { downloadVideo } from './video-download';
import { VideoDownloadError, type DownloadedVideo, type VideoCaps } from './video-files';
import { sightVideo } from './retro-video';
import { matchBinding, storeMatchFrames, takeMatchFrames } from './video-evidence';
import { knownVideo, putVideoHash, sha256File } from './video-hashes';

/** The site's video caps. */
export function videoCaps(config: Pick<SiteConfig, 'maxVideoMiB' | 'maxVideoMinutes'>): VideoCaps {
  return {
    maxBytes: Math.round(config.maxVideoMiB * 1024 * 1024),
    maxDurationS: config.maxVideoMinutes * 60,
  };
}

/**
 * A crawled video's best match among the case reference videos under the one video decision
 * (`decideVideo`, decisions 0106 and 0122): their frame hashes, then, when none matches and the
 * video's frames were kept while it was decoded here, the crop stage against the references'
 * keyframes (decision 0104). Null when nothing matches.
 */
export function bestVideoMatch(
  env: Pick<CrawlEnv, 'references'>,
  fp: VideoFingerprint,
  kept?: FrameKeeper,
): {
  owner: { caseId: number; caseCode: string; videoId: number };
  match: VideoMatch;
  decision: VideoDecision;
} | null {
  const videos = env.references.videos;
  if (!videos) return null;
  const refs = videos
    .entries()
    .map((r) => ({ key: String(r.owner.videoId), fingerprint: r.fingerprint }));
  const decision = decideVideo(fp, refs, { index: videos.features, kept });
  const ref = decision && videos.get(Number(decision.key));
  return ref ? { owner: ref.owner, match: decision.match, decision } : null;
}

/** Fetches, fingerprints and matches one video. */
export async function visitVideo(env: CrawlEnv, row: FrontierRow): Promise<TaskOutcome> {
  const caps = videoCaps(env.config);
  let dl: DownloadedVideo;
  try {
    const r = await downloadVideo(env, new URL(row.url), caps);
    if ('failed' in r) return failureOutcome(r.failed);
    dl = r;
  } catch (e) {
    return downloadFailure(e);
  }
  try {
    return await matchDownloaded(env, row, dl, caps);
  } finally {
    dl.cleanup();
  }
}

async function matchDownloaded(
  env: CrawlEnv,
  row: FrontierRow,
  dl: DownloadedVideo,
  caps: VideoCaps,
): Promise<TaskOutcome> {
  const bytes = dl.bytes;
  const pageUrl = row.pageUrl ?? row.url;
  const notes: string[] = [];
  if (dl.capped) notes.push(`sampled (${dl.stoppedBy ?? 'incomplete'})`);
  if (dl.hls?.failed.length) {
    const f = dl.hls.failed;
    notes.push(`${f.length} of ${dl.hls.listed} segments left out (${f[0]!.code})`);
    for (const s of f.slice(0, 3)) env.store.log('warn', `hls-segment-${s.code}`, s.url, pageUrl);
  }
  if (dl.capped && (dl.container === 'mp4' || dl.container === 'mov' || dl.container === '3gp')) {
    const cut = fitCutIsoFile(dl.path);
    if (cut === 'moov-after-cut' || cut === 'unfixable') {
      return {
        state: 'skipped',
        code: 'video-not-sampleable',
        message: `${dl.container} cut at ${bytes} bytes${dl.totalBytes ? ` of ${dl.totalBytes}` : ''}: its index (moov) lies after the cap`,
        delta: { skipped: 1, bytes },
      };
    }
  }
  const sha256 = dl.sha256 ?? (await sha256File(dl.path));
  const seen = knownVideo(env.store.db, sha256);
  let fp: VideoFingerprint;
  let kept: FrameKeeper | undefined;
  if (seen) fp = seen.fingerprint;
  else {
    kept = candidateKeeper();
    try {
      fp = await fingerprintVideo(dl.path, {
        onGreyFrame: kept.take,
        limits: {
          maxBytes: Math.max(bytes, 1),
          maxDurationS: caps.maxDurationS,
          // Decoding at the sampling rate runs far faster than real time; this only stops a
          // decoder that hangs (about 0.2 s per second of video, at least a minute).
          wallClockMs: Math.max(60_000, caps.maxDurationS * 200),
          maxPixels: env.decodeLimits.maxPixels,
        },
      });
    } catch (e) {
      const code = e instanceof VideoError ? e.code : 'decoder-failed';
      return {
        state: 'skipped',
        code: code === 'not-a-video' ? 'not-a-video' : `video-${code}`,
        message: `${dl.container}: ${(e as Error).message.split('\n')[0]}`,
        delta: { skipped: 1, bytes },
      };
    }
  }
  const sampled = fp.sampled || dl.capped;
  if (sampled && !fp.sampled) fp = { ...fp, sampled: true };
  const best = bestVideoMatch(env, fp, kept);
  const delta = { hashed: seen ? 0 : 1, bytes };
  const note = notes.length ? `; ${notes.join('; ')}` : '';
  if (!best) {
    // Imported lists' vPDQ entries are asked only when no case reference video matched (0053).
    const listed = env.references.lists?.matchVideo(fp);
    const pct = listed && `${listed.match.queryPct.toFixed(0)}% of the video's frames`;
    return {
      state: 'done',
      code: listed ? 'list-match' : seen ? 'video-known' : 'video-hashed',
      message: listed
        ? `hash list ${listed.entry.listName}, vpdq: ${pct}${note}`
        : `${fp.frames.length} frames, ${fp.durationS.toFixed(1)} s${note}`,
      delta,
      write: () => {
        if (!seen) putVideoHash(env.store.db, sha256, fp, !!listed);
        sightVideo(env, pageUrl, dl, sha256); // where it was seen (decision 0103)
        if (listed) {
          const found = { pageUrl, imageUrl: dl.response.url, imageSha256: sha256 };
          env.references.lists!.recordVideo(
            listed.entry,
            {
              ...found,
              runId: env.store.runId,
              siteId: env.store.siteId,
              foundAt: new Date().toISOString(),
              httpStatus: dl.response.status,
              httpHeaders: dl.response.headers,
              redirectChain: dl.chain,
              serverIp: dl.response.remoteAddress,
            },
            listed.match,
            sampled,
          );
        }
        return { matchId: null };
      },
    };
  }
  const { owner, match, decision } = best;
  // A monitor rejected this video for this case: never queue it again, and keep no evidence.
  if (rejectedBefore(env.store.db, owner.caseId, sha256, null)) {
    return {
      state: 'done',
      code: 'rejected-before',
      message: `case ${owner.caseCode}: rejected in review before`,
      delta,
      write: () => {
        putVideoHash(env.store.db, sha256, fp, true);
        sightVideo(env, pageUrl, dl, sha256); // where it was seen (decision 0103)
        return { matchId: null };
      },
    };
  }
  const binding = matchBinding({
    page_url: pageUrl,
    image_sha256: sha256,
    reference_image_id: null,
    reference_video_id: owner.videoId,
  });
  const frame = await keyframeOf(dl, match);
  const frames = await takeMatchFrames(dl, match.segments);
  const snapshot = await pageSnapshot(env, pageUrl);
  const times = match.segments
    .slice(0, 3)
    .map(
      (s) =>
        `${fmt(s.queryStartS)}-${fmt(s.queryEndS)} = ref ${fmt(s.refStartS)}-${fmt(s.refEndS)}`,
    )
    .join(', ');
  const evidence: VideoMatchEvidence = {
    caseId: owner.caseId,
    referenceVideoId: owner.videoId,
    pageUrl,
    videoUrl: dl.response.url,
    sha256,
    foundAt: new Date().toISOString(),
    httpStatus: dl.response.status,
    httpHeaders: dl.response.headers,
    redirectChain: dl.chain,
    serverIp: dl.response.remoteAddress,
    match,
    algo: decisionAlgo(decision),
    transform: decisionTransform(decision),
    sampled,
    evidenceImage: frame && env.evidence.seal(owner.caseId, 'image', frame, binding),
    snapshot: snapshot && env.evidence.seal(owner.caseId, 'snapshot', snapshot, binding),
  };
  return {
    state: 'done',
    code: 'video-match',
    message: `case ${owner.caseCode}, ${describeDecision(decision)}; ${times}${note}`,
    delta,
    write: () => {
      putVideoHash(env.store.db, sha256, fp, true);
      sightVideo(env, pageUrl, dl, sha256); // where it was seen (decision 0103)
      const matchId = recordVideoMatch(env, evidence);
      if (matchId !== null) {
        storeMatchFrames(
          env.store.db,
          env.evidence,
          { id: matchId, caseId: owner.caseId, binding },
          frames,
        );
      }
      for (const f of frames) f.jpeg.fill(0);
      return { matchId };
    },
  };
}

/** The evidence of a crawled video matching a case reference video. */
export interface VideoMatchEvidence {
  caseId: number;
  referenceVideoId: number;
  pageUrl: string;
  videoUrl: string;
  sha256: string;
  foundAt: string;
  httpStatus: number;
  httpHeaders: Record<string, string>;
  redirectChain: unknown[];
  serverIp: string;
  match: VideoMatch;
  /** 'vpdq' when the frame hashes decided, 'vpdq-local' when the crop stage did (decision 0122). */
  algo: 'vpdq' | 'vpdq-local';
  /** 'flip-horizontal' when the crop stage's mirrored look found it (decision 0122). */
  transform: 'identity' | 'flip-horizontal';
  sampled: boolean;
  /** Sealed JPEG of the found video in its first matched segment, and the page's HTML. */
  evidenceImage: Buffer | null;
  snapshot: Buffer | null;
}

/**
 * Records a video match through the one door (decision 0091): source `case-video`, found kind
 * `video`, its segments, shares and sampled flag. `distance` is the share of the found video's
 * frames not found in the reference (100 - queryPct, rounded), `algo` 'vpdq' (decision 0047), or
 * 'vpdq-local' when the crop stage decided: then queryPct is the share of the frames it looked at
 * that verified, not a share of the video's frames (decision 0122); `transform` says whether
 * it was found mirrored.
 * Returns the new match's id, or null when the same match was recorded before.
 */
export function recordVideoMatch(env: CrawlEnv, e: VideoMatchEvidence): number | null {
  return recordMatch(env.store.db, {
    found: {
      kind: 'video',
      runId: env.store.runId,
      siteId: env.store.siteId,
      pageUrl: e.pageUrl,
      url: e.videoUrl,
      sha256: e.sha256,
      foundAt: e.foundAt,
      httpStatus: e.httpStatus,
      httpHeaders: e.httpHeaders,
      redirectChain: e.redirectChain,
      serverIp: e.serverIp,
    },
    target: { source: 'case-video', caseId: e.caseId, referenceVideoId: e.referenceVideoId },
    evidence: {
      algo: e.algo,
      distance: Math.max(0, Math.round(100 - e.match.queryPct)),
      transform: e.transform,
      segments: e.match.segments,
      queryPct: e.match.queryPct,
      comparePct: e.match.comparePct,
      sampled: e.sampled,
    },
    sealed: {
      image: e.evidenceImage,
      snapshot: e.snapshot,
      snapshotKind: e.snapshot ? 'html' : null,
    },
  });
}

/** A JPEG of the found video in the middle of its first matched segment (null if none). */
async function keyframeOf(dl: DownloadedVideo, m: VideoMatch): Promise<Buffer | null> {
  const s = m.segments[0];
  if (!s) return null;
  try {
    const [jpeg] = await keyframes(dl.path, [(s.queryStartS + s.queryEndS) / 2], {
      maxSide: 640,
      limits: { maxBytes: Math.max(1, dl.bytes), wallClockMs: 30_000 },
    });
    return jpeg ?? null;
  } catch {
    return null;
  }
}

/** The page's HTML, fetched again at match time (as for images). */
async function pageSnapshot(env: CrawlEnv, pageUrl: string): Promise<Buffer | null> {
  try {
    const r = await fetchFollowing(env.fetcher, new URL(pageUrl), {
      check: env.check,
      maxRedirects: env.maxRedirects,
    });
    return r.response.body;
  } catch (e) {
    env.store.log('warn', 'snapshot-failed', pageUrl, (e as Error).message.split('\n')[0] ?? '');
    return null;
  }
}

const fmt = (s: number) => {
  const m = Math.floor(s / 60);
  const r = s - m * 60;
  return `${m}:${r.toFixed(0).padStart(2, '0')}`;
};

/** A failed download as a task outcome with a specific code. */
function downloadFailure(e: unknown): TaskOutcome {
  if (e instanceof VideoDownloadError) {
    return { state: 'skipped', code: e.code, message: e.message, delta: { skipped: 1 } };
  }
  if (e instanceof FetchError || e instanceof RefusedError) return failureOutcome(e);
  return failureOutcome(e);
}
