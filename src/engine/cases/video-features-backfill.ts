/**
 * Crop-stage keyframes for reference videos registered before they were kept (migration 26,
 * decisions 0104 and 0122): such a video was matched by its frame hashes alone, so a cropped copy
 * was never found. When a case key is at hand (a crawl loading its references: the first need) and
 * the video's original is kept sealed, the original is opened part by part into a private temp
 * file (mode 0700 folder, as an upload is staged), decoded once by the same fingerprint as a
 * registration (its frames hashed in a worker thread where the built worker exists), and its
 * keyframes' ORB features are computed one frame at a time, yielding between frames so the thread
 * that runs it answers other work meanwhile (~30 ms a keyframe). They are sealed and stored as
 * registration stores them. A hash-only video has no original: its hashes still decide alone.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { MAX_VIDEO_BYTES } from '../../shared/contract-videos';
import { open } from '../crypto/aead';
import { all, get, iterate, sql } from '../db/sql';
import { loadVerifier } from '../fingerprint/verify';
import { fingerprintVideoOffThread } from '../video/off-thread';
import { keyframeFeatures, referenceKeeper, type VideoKeyframe } from '../video/crop-stage';
import { DEFAULT_SAMPLE_EVERY_S } from '../video/fingerprint-video';
import { VIDEO_FEATURES_KIND } from '../video/keyframes-codec';
import { aad } from './sealing';
import { storeVideoFeatures } from './video-features';

interface Missing {
  id: number;
  case_id: number;
  sha256: string;
}

/** Writes the sealed original's parts, opened in order, to `file`; each part is wiped after. */
function unsealOriginal(db: Database.Database, key: Buffer, v: Missing, file: string): void {
  const parts = iterate(
    db,
    sql<{ seq: number; sealed: Buffer }>`SELECT seq, sealed FROM reference_video_originals
      WHERE video_id = ${v.id} ORDER BY seq`,
  );
  const fd = openSync(file, 'wx', 0o600);
  try {
    for (const p of parts) {
      const plain = open(key, p.sealed, aad.videoOriginal(v.case_id, v.sha256, p.seq));
      writeSync(fd, plain);
      plain.fill(0);
    }
  } finally {
    closeSync(fd);
  }
}

/** ORB of the kept frames, one at a time with a turn of the event loop between them. */
async function featuresYielding(
  frames: ReturnType<ReturnType<typeof referenceKeeper>['all']>,
): Promise<VideoKeyframe[]> {
  const out: VideoKeyframe[] = [];
  for (const f of frames) {
    out.push(...keyframeFeatures([f]));
    await nextTurn();
  }
  return out;
}

/**
 * Computes and stores the keyframes of every reference video that has a sealed original, no
 * keyframes of the current kind and a case key in `keys`. Returns how many were stored. A video
 * whose original does not open or decode is left to its hashes (and tried again next time).
 */
export async function backfillVideoFeatures(
  db: Database.Database,
  keys: ReadonlyMap<number, Buffer>,
): Promise<number> {
  if (keys.size === 0) return 0;
  const missing = all(
    db,
    sql<Missing>`SELECT v.id, v.case_id, v.sha256 FROM reference_videos v
      WHERE EXISTS (SELECT 1 FROM reference_video_originals o WHERE o.video_id = v.id)
        AND NOT EXISTS (SELECT 1 FROM reference_video_features f
                         WHERE f.video_id = v.id AND f.kind = ${VIDEO_FEATURES_KIND})
      ORDER BY v.id`,
  ).filter((v) => keys.has(v.case_id));
  if (missing.length === 0 || !(await loadVerifier())) return 0;
  let done = 0;
  for (const v of missing) {
    const key = keys.get(v.case_id)!;
    const dir = mkdtempSync(join(tmpdir(), 'jium-video-backfill-')); // mode 0700
    try {
      const file = join(dir, 'original');
      unsealOriginal(db, key, v, file);
      const kept = referenceKeeper();
      // Once a second is enough: the keeper keeps a frame about once a second.
      await fingerprintVideoOffThread(file, {
        sampleEveryS: DEFAULT_SAMPLE_EVERY_S,
        limits: { maxBytes: MAX_VIDEO_BYTES },
        onGreyFrame: kept.take,
      });
      const keyframes = await featuresYielding(kept.all());
      // The video may have been removed while its keyframes were computed.
      db.transaction(() => {
        if (get(db, sql`SELECT 1 FROM reference_videos WHERE id = ${v.id}`))
          storeVideoFeatures(
            db,
            key,
            { videoId: v.id, caseId: v.case_id, sha256: v.sha256 },
            keyframes,
          );
      })();
      if (keyframes.length) done++;
    } catch {
      // An original that does not open or decode keeps the hashes alone.
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return done;
}
