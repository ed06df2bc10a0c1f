/**
 * SQL of crawl_video_hashes (migration crawl-videos): the vPDQ fingerprint of each video content a
 * crawl read, by the SHA-256 of the bytes read, so that a video found on many pages (or again on
 * the next crawl) is decoded once, and new reference videos can be matched against it later.
 * Frames are packed 37 bytes each: float32 seconds, PDQ (32 bytes), quality (1 byte). A frame's
 * content-box hash (decision 0102) follows it as one more record whose quality byte has its top
 * bit set; blobs written before have none, and read as they were.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type Database from 'better-sqlite3';
import type { VideoFingerprint, VideoFrameHash } from '../video';

const FRAME_BYTES = 37;

/** Marks a record as the variant of the frame before it. */
const VARIANT = 0x80;

/** Packs frames (and their content-box variants) as stored. */
export function packFrames(frames: readonly VideoFrameHash[]): Buffer {
  const records = frames.flatMap((f) => [
    { t: f.timestampS, pdq: f.pdq, quality: f.quality, flag: 0 },
    ...(f.variants ?? [])
      .filter((v) => v.region === 'box')
      .map((v) => ({ t: f.timestampS, pdq: v.pdq, quality: v.quality, flag: VARIANT })),
  ]);
  const out = Buffer.alloc(records.length * FRAME_BYTES);
  records.forEach((f, i) => {
    const at = i * FRAME_BYTES;
    out.writeFloatLE(f.t, at);
    out.set(f.pdq.subarray(0, 32), at + 4);
    out[at + 36] = Math.max(0, Math.min(100, Math.round(f.quality))) | f.flag;
  });
  return out;
}

/** Unpacks stored frames (times rounded to the millisecond, as fingerprintVideo gives them). */
export function unpackFrames(b: Uint8Array): VideoFrameHash[] {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const out: VideoFrameHash[] = [];
  for (let at = 0; at + FRAME_BYTES <= buf.length; at += FRAME_BYTES) {
    const pdq = new Uint8Array(buf.subarray(at + 4, at + 36));
    const q = buf[at + 36]!;
    const last = out.at(-1);
    if (q & VARIANT && last) {
      (last.variants ??= []).push({ region: 'box', pdq, quality: q & ~VARIANT });
      continue;
    }
    out.push({ timestampS: Math.round(buf.readFloatLE(at) * 1000) / 1000, pdq, quality: q });
  }
  return out;
}

interface DbVideoHash {
  duration_s: number;
  width: number;
  height: number;
  sample_every_s: number;
  sampled: number;
  frames: Buffer;
  matched: number;
}

/** A video content fingerprinted before, and whether it matched then. */
export function knownVideo(
  db: Database.Database,
  sha256: string,
): { fingerprint: VideoFingerprint; matched: boolean } | undefined {
  const r = db
    .prepare<[string], DbVideoHash>(
      `SELECT duration_s, width, height, sample_every_s, sampled, frames, matched
       FROM crawl_video_hashes WHERE sha256 = ?`,
    )
    .get(sha256);
  return (
    r && {
      fingerprint: {
        durationS: r.duration_s,
        width: r.width,
        height: r.height,
        sampleEveryS: r.sample_every_s,
        sampled: r.sampled === 1,
        frames: unpackFrames(r.frames),
      },
      matched: r.matched === 1,
    }
  );
}

/** Stores a video content's fingerprint (a second store keeps the first, raising `matched`). */
export function putVideoHash(
  db: Database.Database,
  sha256: string,
  fp: VideoFingerprint,
  matched: boolean,
): void {
  db.prepare(
    `INSERT INTO crawl_video_hashes (sha256, duration_s, width, height, sample_every_s, sampled,
       frames, matched, first_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (sha256) DO UPDATE SET matched = max(matched, excluded.matched)`,
  ).run(
    sha256,
    fp.durationS,
    fp.width,
    fp.height,
    fp.sampleEveryS,
    fp.sampled ? 1 : 0,
    packFrames(fp.frames),
    matched ? 1 : 0,
    new Date().toISOString(),
  );
}

/** SHA-256 (hex) of a file, streamed. */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}
