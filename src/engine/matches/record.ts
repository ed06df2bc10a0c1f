/**
 * The one door through which a match is written (decision 0091): the crawler's image task, the
 * hash-list source, video and retro-matching all call `recordMatch`, on whichever connection they
 * hold, inside the transaction of the work that found the match. The review queue follows by
 * trigger (migration v17-one-match-model) for case sources.
 */
import type Database from 'better-sqlite3';
import type { MatchSegment, NewMatch } from './types';

const INSERT = `INSERT INTO crawl_matches (run_id, site_id, source, case_id, reference_image_id,
    reference_video_id, list_id, list_entry_id, media_kind, page_url, image_url, image_sha256,
    found_at, http_status, http_headers, redirect_chain, server_ip, distance, algo, transform,
    segments, ref_time_s, query_pct, compare_pct, sampled, evidence_image, snapshot, snapshot_kind,
    region)
  VALUES (@runId, @siteId, @source, @caseId, @referenceImageId, @referenceVideoId, @listId,
    @entryId, @kind, @pageUrl, @url, @sha256, @foundAt, @httpStatus, @httpHeaders,
    @redirectChain, @serverIp, @distance, @algo, @transform, @segments, @refTimeS, @queryPct,
    @comparePct, @sampled, @image, @snapshot, @snapshotKind, @region)
  ON CONFLICT (page_url, image_sha256, source, target_id) DO NOTHING`;

// One prepared statement per connection (crawl workers each hold their own).
const statements = new WeakMap<Database.Database, Database.Statement>();

/**
 * Records a match. Idempotent per page, found content and target (a re-crawl or a resumed run
 * meets the UNIQUE constraint): returns the new row's id, or null when it was recorded before.
 * Throws on evidence that does not fit what was found (segments for an image, a sampled image,
 * sealed bytes for a list match), before anything is written.
 */
export function recordMatch(db: Database.Database, m: NewMatch): number | null {
  check(m);
  let stmt = statements.get(db);
  if (!stmt) statements.set(db, (stmt = db.prepare(INSERT)));
  const t = m.target;
  const e = m.evidence;
  const r = stmt.run({
    runId: m.found.runId,
    siteId: m.found.siteId,
    source: t.source,
    caseId: t.source === 'hash-list' ? null : t.caseId,
    referenceImageId: t.source === 'case-image' ? t.referenceImageId : null,
    referenceVideoId: t.source === 'case-video' ? t.referenceVideoId : null,
    listId: t.source === 'hash-list' ? t.listId : null,
    entryId: t.source === 'hash-list' ? t.entryId : null,
    kind: m.found.kind,
    pageUrl: m.found.pageUrl,
    url: m.found.url,
    sha256: m.found.sha256,
    foundAt: m.found.foundAt,
    httpStatus: m.found.httpStatus,
    httpHeaders: JSON.stringify(m.found.httpHeaders),
    redirectChain: JSON.stringify(m.found.redirectChain),
    serverIp: m.found.serverIp,
    distance: e.distance,
    algo: e.algo,
    transform: e.transform,
    segments: e.segments ? JSON.stringify(e.segments.map(segmentOf)) : null,
    refTimeS: e.refTimeS ?? null,
    queryPct: e.queryPct ?? null,
    comparePct: e.comparePct ?? null,
    sampled: e.sampled ? 1 : 0,
    image: m.sealed?.image ?? null,
    snapshot: m.sealed?.snapshot ?? null,
    snapshotKind: m.sealed?.snapshotKind ?? null,
    region: e.region ? JSON.stringify(e.region.map((x) => Math.round(x * 1e4) / 1e4)) : null,
  });
  return r.changes ? Number(r.lastInsertRowid) : null;
}

/** Only the four times, in this order (an object with more keys is not stored as it came). */
const segmentOf = (s: MatchSegment): MatchSegment => ({
  queryStartS: s.queryStartS,
  queryEndS: s.queryEndS,
  refStartS: s.refStartS,
  refEndS: s.refEndS,
});

function check(m: NewMatch): void {
  const fail = (why: string) => {
    throw new Error(`recordMatch: ${why}`);
  };
  const e = m.evidence;
  const video = m.found.kind === 'video';
  if (!Number.isInteger(e.distance) || e.distance < 0) fail('distance must be a whole number ≥ 0');
  if (e.segments && !video) fail('segments belong to a found video');
  if (e.sampled && !video) fail('only a found video can be sampled');
  for (const s of e.segments ?? []) {
    const times = [s.queryStartS, s.queryEndS, s.refStartS, s.refEndS];
    if (!times.every((x) => Number.isFinite(x) && x >= 0)) fail('segment times must be ≥ 0');
    if (s.queryEndS < s.queryStartS || s.refEndS < s.refStartS)
      fail('a segment ends before it starts');
  }
  for (const pct of [e.queryPct, e.comparePct]) {
    if (pct != null && !(pct >= 0 && pct <= 100)) fail('shares of frames are 0..100');
  }
  if (e.refTimeS != null && !(e.refTimeS >= 0)) fail('a reference time is ≥ 0');
  if (e.region && (e.region.length !== 8 || !e.region.every(Number.isFinite)))
    fail('a region is 4 corners, x and y each, finite');
  if (e.region && video) fail('a region belongs to a found image');
  if (m.target.source === 'hash-list' && (m.sealed?.image || m.sealed?.snapshot))
    fail('a list match keeps no sealed bytes (there is no case key)');
}
