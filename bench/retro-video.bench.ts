/**
 * What re-checking stored crawled videos costs when a reference video is registered (decision
 * 0103): synthetic rows in a real case file (every migration; crawl_video_hashes packed as the
 * crawler writes them, one frame a second, a content-box variant on 30% of the frames; one
 * sighting per video), a synthetic reference sampled every 0.5 s as the cases service samples,
 * and 10 planted clips (10 s of the reference, 8 bits off per frame). Measured per stored video:
 * `retroMatchVideo` end to end (paged read, unpack, matchVideo + videoVerdict on every stored
 * video, the matches recorded) against its floor, the paged read and unpack alone. Two stored
 * lengths (1 and 10 minutes) and two reference lengths (1 and 10 minutes).
 *
 * `npm run bench -- retro-video` (`--videos=N` stored 1-minute videos, default 1,000; a fifth as
 * many 10-minute ones).
 */
import { insertVideo } from '../src/engine/cases/video-queries';
import { retroMatchVideo, storedVideos } from '../src/engine/crawl/retro-video';
import { sightingKey } from '../src/engine/crawl/sightings';
import { insertSite } from '../src/engine/crawl/sites';
import { createTestCaseFile, localSite } from '../src/engine/crawl/test-case-file';
import { putVideoHash } from '../src/engine/crawl/video-hashes';
import { flipBits, randomHash, seededRandom } from '../src/engine/similarity/test-hashes';
import type { VideoFingerprint, VideoFrameHash } from '../src/engine/video';

const SHORT = Number(/--videos=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 1_000);
const PLANTS = 10;
const rand = seededRandom(103_001);
const now = new Date().toISOString();

function frames(seconds: number, every: number): VideoFrameHash[] {
  const out: VideoFrameHash[] = [];
  for (let t = 0; t < seconds; t += every) {
    const f: VideoFrameHash = { timestampS: t, pdq: randomHash(rand), quality: 90 };
    if (rand() < 0.3) f.variants = [{ region: 'box', pdq: randomHash(rand), quality: 80 }];
    out.push(f);
  }
  return out;
}

const fp = (durationS: number, every: number, fs: VideoFrameHash[]): VideoFingerprint => ({
  durationS,
  width: 1280,
  height: 720,
  sampleEveryS: every,
  sampled: false,
  frames: fs,
});

/** A case file with `count` stored videos of `minutes`, plants, and a reference of `refMinutes`. */
async function caseFile(count: number, minutes: number, refMinutes: number) {
  // The crawl tests' case file: one user, one case consenting to web searches; one site.
  const cf = await createTestCaseFile([]);
  const db = cf.file.db;
  const userId = db.prepare('SELECT id FROM users ORDER BY id LIMIT 1').pluck().get() as number;
  const { caseId } = cf;
  const siteId = insertSite(db, localSite('http://127.0.0.1:9'), new Date());
  const ref = fp(refMinutes * 60, 0.5, frames(refMinutes * 60, 0.5));
  const sighting = db.prepare(
    `INSERT INTO crawl_sightings (key, site_id, run_id, page_url, image_url, image_sha256,
       first_seen_at, last_seen_at, http_status, http_headers, redirect_chain, server_ip)
     VALUES (?, ?, NULL, ?, ?, ?, ?, ?, 200, '{"content-type":"video/mp4"}', '[]', '127.0.0.1')`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      let fs = frames(minutes * 60, 1);
      if (i % Math.floor(count / PLANTS) === 0 && i / Math.floor(count / PLANTS) < PLANTS) {
        // A clip: 10 s of the reference from 20 s, re-encoded (8 bits off a frame).
        fs = ref.frames
          .filter((f) => f.timestampS >= 20 && f.timestampS < 30 && f.timestampS % 1 === 0)
          .map((f) => ({
            timestampS: f.timestampS - 20,
            pdq: flipBits(f.pdq, 8, rand),
            quality: 90,
          }));
      }
      const sha = `${i.toString(16).padStart(8, '0')}${'0'.repeat(56)}`;
      putVideoHash(db, sha, fp(fs.at(-1)!.timestampS + 1, 1, fs), false);
      const page = `https://example.test/watch/${i}`;
      const url = `https://cdn.example.test/v/${i}.mp4`;
      sighting.run(sightingKey(siteId, page, url), siteId, page, url, sha, now, now);
    }
  })();
  const refId = insertVideo(db, {
    caseId,
    sha256: 'f'.repeat(64),
    sealedFileName: Buffer.from([0]),
    format: 'mp4',
    byteSize: 1,
    fingerprint: ref,
    addedAt: now,
    addedBy: userId,
  });
  return { db, refId, ref, cleanup: cf.cleanup };
}

const rows: string[] = [];
for (const [count, minutes] of [
  [SHORT, 1],
  [Math.max(PLANTS, Math.floor(SHORT / 5)), 10],
] as const) {
  for (const refMinutes of [1, 10]) {
    const cf = await caseFile(count, minutes, refMinutes);
    let t0 = performance.now();
    let n = 0;
    for (const v of storedVideos(cf.db)) n += v.fp.frames.length > 0 ? 1 : 0;
    const readMs = performance.now() - t0;
    t0 = performance.now();
    const r = retroMatchVideo(cf.db, cf.refId)!;
    const endMs = performance.now() - t0;
    if (r.checked !== count || n !== count) throw new Error('not every stored video was read');
    if (r.videos !== PLANTS || r.matches !== PLANTS)
      throw new Error(`planted ${PLANTS}, found ${r.videos} videos, ${r.matches} matches`);
    rows.push(
      `| ${count.toLocaleString('en')} stored ${minutes}-min videos, ${refMinutes}-min reference | ` +
        `${(readMs / count).toFixed(3)} | ${(endMs / count).toFixed(3)} | ` +
        `${(endMs / readMs).toFixed(1)} | ${(endMs / 1000).toFixed(2)} | ${r.matches} of ${PLANTS} |`,
    );
    cf.cleanup();
  }
}
// Stored crawled still images against the reference's frames (decision 0109 in reverse): random
// whole-picture PDQs (quality 90) and 5 planted stills, a reference frame 8 bits off.
const IMAGES = Number(/--images=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 100_000);
const stillRows: string[] = [];
for (const refMinutes of [1, 10]) {
  const cf = await caseFile(0, 1, refMinutes);
  const put = cf.db.prepare(
    `INSERT INTO crawl_image_hashes (sha256, pdq, blockhash, low_quality, matched, first_seen_at,
       pdq_quality) VALUES (?, ?, ?, 0, 0, ?, 90)`,
  );
  cf.db.transaction(() => {
    for (let i = 0; i < IMAGES; i++) {
      const planted = i % Math.floor(IMAGES / 5) === 0;
      const frame = cf.ref.frames[(i * 7) % cf.ref.frames.length]!;
      const pdq = planted ? flipBits(frame.pdq, 8, rand) : randomHash(rand);
      put.run(`img${i}`, pdq, randomHash(rand), now);
    }
  })();
  const t0 = performance.now();
  const r = retroMatchVideo(cf.db, cf.refId)!;
  const ms = performance.now() - t0;
  if (r.images !== 5) throw new Error(`planted 5 stills, found ${r.images}`);
  stillRows.push(
    `| ${IMAGES.toLocaleString('en')} stored still images, ${refMinutes}-min reference | ` +
      `${((1000 * ms) / IMAGES).toFixed(1)} | ${(ms / 1000).toFixed(2)} | ${r.images} of 5 |`,
  );
  cf.cleanup();
}
console.log(
  [
    '| stored crawled stills, new reference video | µs / stored image | total s | planted stills found |',
    '|---|---:|---:|---:|',
    ...stillRows,
    '',
    '| stored crawled videos, new reference video | read + unpack, ms / stored video | retroMatchVideo end to end, ms / stored video | ÷ read | total s | planted clips found |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n'),
);
