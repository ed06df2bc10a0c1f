/**
 * Test support: node:http handlers that serve a local file as a video host would — with or
 * without byte ranges (Accept-Ranges, 206 and Content-Range) — for the video download tests, and
 * a reference video and a found video's match written into a test case file.
 */
import { readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { recordMatch } from '../matches';
import type { VideoFingerprint, VideoSegment } from '../video';
import type { Route } from './test-server';

/** Serves `file`'s bytes; with `ranges`, honours a `Range: bytes=a-b` header with 206. */
export function serveFile(file: string | Buffer, type: string, ranges: boolean): Route {
  const body = typeof file === 'string' ? readFileSync(file) : file;
  return (req, res) => {
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (ranges && m) {
      const start = Number(m[1]);
      const end = Math.min(body.length - 1, m[2] ? Number(m[2]) : body.length - 1);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'content-type': type,
        'accept-ranges': 'bytes',
        'content-range': `bytes ${start}-${end}/${body.length}`,
        'content-length': end - start + 1,
      });
      res.end(body.subarray(start, end + 1));
      return;
    }
    res.writeHead(200, { 'content-type': type, 'content-length': body.length });
    res.end(body);
  };
}

/**
 * Registers a reference video for a test case file straight into the cases tables, as the video
 * registration would (its own tests cover that path): the row and its vPDQ frames.
 */
export function insertReferenceVideo(
  db: Database.Database,
  caseId: number,
  fp: VideoFingerprint,
  sha256: string,
): number {
  const user = db.prepare<[], { id: number }>('SELECT id FROM users ORDER BY id LIMIT 1').get()!;
  const id = Number(
    db
      .prepare(
        `INSERT INTO reference_videos (case_id, sha256, file_name, format, duration_s, width,
           height, byte_size, sample_every_s, sampled, added_at, added_by)
         VALUES (?, ?, x'00', 'mp4', ?, ?, ?, 1, ?, ?, ?, ?)`,
      )
      .run(
        caseId,
        sha256,
        fp.durationS,
        fp.width,
        fp.height,
        fp.sampleEveryS,
        fp.sampled ? 1 : 0,
        new Date().toISOString(),
        user.id,
      ).lastInsertRowid,
  );
  const put = db.prepare(
    'INSERT INTO reference_video_frames (video_id, timestamp_s, hash, quality) VALUES (?, ?, ?, ?)',
  );
  for (const f of fp.frames) put.run(id, f.timestampS, Buffer.from(f.pdq), f.quality);
  return id;
}

/**
 * Records a found video matched to a case reference video through the one door, as the crawler's
 * video task does (its own test covers that path); returns the match id.
 */
export function insertVideoMatch(
  db: Database.Database,
  m: {
    caseId: number;
    referenceVideoId: number;
    pageUrl: string;
    videoUrl: string;
    sha256: string;
    segments: VideoSegment[];
    siteId?: number | null;
  },
): number {
  const id = recordMatch(db, {
    found: {
      kind: 'video',
      runId: null,
      siteId: m.siteId ?? null,
      pageUrl: m.pageUrl,
      url: m.videoUrl,
      sha256: m.sha256,
      foundAt: new Date().toISOString(),
      httpStatus: 200,
      httpHeaders: {},
      redirectChain: [],
      serverIp: '127.0.0.1',
    },
    target: { source: 'case-video', caseId: m.caseId, referenceVideoId: m.referenceVideoId },
    evidence: {
      algo: 'vpdq',
      distance: 0,
      transform: 'identity',
      segments: m.segments,
      queryPct: 100,
      comparePct: 40,
      sampled: false,
    },
  });
  if (id === null) throw new Error('video match recorded twice');
  return id;
}
