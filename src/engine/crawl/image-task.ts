/**
 * One image: fetch, check it really is an image (magic bytes), hash its content once per SHA-256,
 * fingerprint it (dimensions checked from the header before any decoding), look it up in the case
 * references (images, then frames of reference videos: video-frame-still.ts) and record a match
 * with its evidence. Non-matching images leave only their hashes.
 */
import { bestMatch, fingerprint, FingerprintError, matchedRegion, sha256Hex } from '../fingerprint';
import { rejectedBefore } from '../review/rejected';
import type { CrawlEnv } from './crawl-env';
import { fetchFollowing, type FollowedResponse } from './follow-redirects';
import type { FrontierRow } from './frontier';
import type { NewMatch } from './run-store';
import { headerSize } from './image-size';
import { matchesAnew } from './retro-match';
import { recordSighting, seenAt, touchSighting } from './sightings';
import { looksLikeHtml, sniffImage } from '../core/sniff';
import { failureOutcome, type TaskOutcome } from './task-outcome';
import { findVideoFrame, videoFrameOutcome } from './video-frame-still';

type Fingerprint = Awaited<ReturnType<typeof fingerprint>>;

/** Contents fingerprinted by this run, most recent last (bounded: a long run re-reads the store). */
const runFingerprints = new WeakMap<CrawlEnv['store'], Map<string, Promise<Fingerprint>>>();
const REMEMBERED_FINGERPRINTS = 2048;

function sharedFingerprints(env: CrawlEnv): Map<string, Promise<Fingerprint>> {
  let map = runFingerprints.get(env.store);
  if (!map) runFingerprints.set(env.store, (map = new Map()));
  return map;
}

/**
 * Shares one content's fingerprinting between the copies of it that arrive while it runs, and
 * until its outcome is surely committed: the store only knows a content once its task's writes
 * are, so without this, copies fetched at the same moment were each hashed.
 */
function rememberFingerprint(
  env: CrawlEnv,
  sha256: string,
  work: Promise<Fingerprint>,
): Promise<Fingerprint> {
  const map = sharedFingerprints(env);
  map.set(sha256, work);
  work.catch(() => undefined);
  if (map.size > REMEMBERED_FINGERPRINTS) map.delete(map.keys().next().value!);
  return work;
}

/**
 * Fetches, hashes and matches one image. `fetched` is called once the response arrived: the
 * runner then frees the request's slot while the body is hashed (decision 0054).
 */
export async function visitImage(
  env: CrawlEnv,
  row: FrontierRow,
  fetched?: () => void,
): Promise<TaskOutcome> {
  const url = new URL(row.url);
  const known = env.store.validator(row.url);
  // Revalidate only a content whose outcome was committed: a validator without it (a file written
  // before validators joined the outcome's transaction) would turn a 304 into a lost image.
  const seenBefore = known?.sha256 ? env.store.knownImage(known.sha256) : undefined;
  // Unchanged, but a reference registered since would match it: fetch it whole (decision 0048).
  const recheck = !!seenBefore && matchesAnew(env, known!.sha256!, row.pageUrl ?? row.url);
  let res: FollowedResponse;
  try {
    res = await fetchFollowing(env.fetcher, url, {
      check: env.check,
      maxRedirects: env.maxRedirects,
      headers: (u) =>
        u.href === row.url && seenBefore && !recheck
          ? {
              ...(known!.etag ? { 'if-none-match': known!.etag } : {}),
              ...(known!.last_modified ? { 'if-modified-since': known!.last_modified } : {}),
            }
          : {},
    });
  } catch (e) {
    return failureOutcome(e);
  }
  fetched?.();
  const { response } = res;
  if (response.status === 304 && seenBefore) {
    // Unchanged since its hashes (and any match) were recorded: not an error either way.
    const message = seenBefore.matched ? 'matched before' : undefined;
    touchSighting(env.store, row.pageUrl ?? row.url, response.url, new Date().toISOString());
    return {
      state: 'done',
      code: 'not-modified',
      ...(message ? { message } : {}),
      delta: { images: 1 },
    };
  }
  if (response.status < 200 || response.status >= 300) return failureOutcome(response);
  const body = response.body;
  const format = sniffImage(body);
  if (!format) {
    const type = response.headers['content-type'] ?? 'none';
    const what = looksLikeHtml(body) ? 'HTML' : 'unknown bytes';
    return {
      state: 'skipped',
      code: 'not-an-image',
      message: `${what} served as ${type}`,
      delta: { skipped: 1, bytes: body.length },
    };
  }
  const size = headerSize(body, format);
  if (size && size.width * size.height > env.decodeLimits.maxPixels) {
    return {
      state: 'skipped',
      code: 'too-many-pixels',
      message: `${format} header declares ${size.width} x ${size.height} pixels`,
      delta: { skipped: 1, bytes: body.length },
    };
  }
  const sha256 = sha256Hex(body);
  // The validator is written with the outcome, in its transaction: saved on its own before, a kill
  // before the outcome left a validator whose 304 then skipped the image for ever (issue 18).
  const saveValidator = () =>
    env.store.putValidator(row.url, {
      etag: response.headers['etag'],
      lastModified: response.headers['last-modified'],
      sha256,
    });
  const seen = env.store.knownImage(sha256);
  if (seen && !seen.matched && !matchesAnew(env, sha256, row.pageUrl ?? row.url)) {
    return {
      state: 'done',
      code: 'known-hash',
      delta: { images: 1, bytes: body.length },
      write: () => {
        saveValidator();
        recordSighting(env.store, seenAt(row.pageUrl ?? row.url, res, sha256));
        return { matchId: null };
      },
    };
  }
  let fp;
  let hashedHere = false;
  try {
    const shared = sharedFingerprints(env).get(sha256);
    if (shared) fp = await shared;
    else {
      hashedHere = true;
      fp = await rememberFingerprint(
        env,
        sha256,
        (env.fingerprint ?? fingerprint)(body, {
          role: 'candidate',
          limits: env.decodeLimits,
          sha256,
        }),
      );
    }
  } catch (e) {
    const code = e instanceof FingerprintError ? e.code : 'decode-failed';
    return {
      state: 'skipped',
      code,
      message: `${format}: ${(e as Error).message.split('\n')[0]}`,
      delta: { skipped: 1, bytes: body.length },
    };
  }
  const delta = { images: 1, hashed: seen || !hashedHere ? 0 : 1, bytes: body.length };
  const pageUrl = row.pageUrl ?? row.url;
  // Within a benign list's distance: never queued from any source, only counted (0053).
  const benign = env.references.lists?.benign(fp);
  if (benign) {
    return {
      state: 'done',
      code: 'benign',
      message: `benign list ${benign.listName}, ${benign.algo} distance ${benign.distance}`,
      delta,
      write: () => {
        const q = fp.pdq.quality;
        env.store.putImageHash(sha256, fp.pdq.hash, fp.blockhash.hash, fp.lowQuality, false, q);
        saveValidator();
        recordSighting(env.store, seenAt(pageUrl, res, sha256), fp);
        env.references.lists!.countSuppressed(benign.listId);
        return { matchId: null };
      },
    };
  }
  const best = bestMatch(env.references, fp);
  const owner = best.referenceId ? env.references.ownerOf(best.referenceId) : undefined;
  const isMatch = best.comparison.verdict === 'match' && owner !== undefined;
  const frame = isMatch ? null : findVideoFrame(env, fp);
  if (frame) {
    // One frame of a registered video, found as a still image (decision 0109).
    const img = { fp, body, sha256, pageUrl, res, delta };
    const keep = () => {
      saveValidator();
      recordSighting(env.store, seenAt(pageUrl, res, sha256), fp);
    };
    return videoFrameOutcome(env, frame, img, keep, pageSnapshot);
  }
  if (!isMatch) {
    // Imported hash lists (exchange/) are asked only when no case reference matched.
    const hit = env.references.lists?.match(fp);
    return {
      state: 'done',
      code: hit ? 'list-match' : 'hashed',
      ...(hit
        ? { message: `hash list ${hit.listName}, ${hit.algo} distance ${hit.distance}` }
        : {}),
      delta,
      write: () => {
        const q = fp.pdq.quality;
        env.store.putImageHash(sha256, fp.pdq.hash, fp.blockhash.hash, fp.lowQuality, !!hit, q);
        saveValidator();
        recordSighting(env.store, seenAt(pageUrl, res, sha256), fp);
        if (hit) {
          env.references.lists!.record(hit, {
            runId: env.store.runId,
            siteId: env.store.siteId,
            pageUrl,
            imageUrl: response.url,
            imageSha256: sha256,
            foundAt: new Date().toISOString(),
            httpStatus: response.status,
            httpHeaders: response.headers,
            redirectChain: res.chain,
            serverIp: response.remoteAddress,
          });
        }
        return { matchId: null };
      },
    };
  }
  const binding = `${pageUrl}\n${sha256}\n${best.referenceId}`;
  // A monitor rejected this image (or a near-identical one) for this case: never queue it again,
  // and keep no evidence of it.
  if (rejectedBefore(env.store.db, owner.caseId, sha256, fp.lowQuality ? null : fp.pdq.hash)) {
    return {
      state: 'done',
      code: 'rejected-before',
      message: `case ${owner.caseCode}: rejected in review before`,
      delta,
      write: () => {
        env.store.putImageHash(sha256, fp.pdq.hash, fp.blockhash.hash, fp.lowQuality, true);
        saveValidator();
        recordSighting(env.store, seenAt(pageUrl, res, sha256), fp);
        return { matchId: null };
      },
    };
  }
  const snapshot = await pageSnapshot(env, pageUrl);
  const match: NewMatch = {
    caseId: owner.caseId,
    referenceImageId: Number(best.referenceId),
    pageUrl,
    imageUrl: response.url,
    imageSha256: sha256,
    foundAt: new Date().toISOString(),
    httpStatus: response.status,
    httpHeaders: response.headers,
    redirectChain: res.chain,
    serverIp: response.remoteAddress,
    distance: best.comparison.distance,
    algo: best.comparison.algo,
    transform: best.comparison.transform,
    region: matchedRegion(best.comparison),
    evidenceImage: env.evidence.seal(owner.caseId, 'image', body, binding),
    snapshot: snapshot && env.evidence.seal(owner.caseId, 'snapshot', snapshot.bytes, binding),
    snapshotKind: snapshot?.kind ?? null,
  };
  return {
    state: 'done',
    code: 'match',
    message: `case ${owner.caseCode}, ${best.comparison.algo} distance ${best.comparison.distance}`,
    delta,
    // Written in the same transaction as the frontier row's outcome: a kill between the two is
    // impossible, and a resumed run meets the UNIQUE constraint instead of a second row.
    write: () => {
      const q = fp.pdq.quality;
      env.store.putImageHash(sha256, fp.pdq.hash, fp.blockhash.hash, fp.lowQuality, true, q);
      saveValidator();
      recordSighting(env.store, seenAt(pageUrl, res, sha256), fp);
      return { matchId: env.store.insertMatch(match) };
    },
  };
}

/** A screenshot of the page (browser) or its HTML, fetched again at match time. */
async function pageSnapshot(
  env: CrawlEnv,
  pageUrl: string,
): Promise<{ kind: 'html' | 'png'; bytes: Buffer } | null> {
  try {
    if (env.renderer) return { kind: 'png', bytes: await env.renderer.screenshot(pageUrl) };
    const r = await fetchFollowing(env.fetcher, new URL(pageUrl), {
      check: env.check,
      maxRedirects: env.maxRedirects,
    });
    return { kind: 'html', bytes: r.response.body };
  } catch (e) {
    env.store.log('warn', 'snapshot-failed', pageUrl, (e as Error).message.split('\n')[0] ?? '');
    return null;
  }
}
