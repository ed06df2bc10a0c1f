/**
 * A reference video registered after a crawl meets what that crawl stored (decision 0103): the
 * fixture site's video pages are crawled with no reference video in the case file (every video is
 * only hashed), then the counsellor registers the demo reference video through the engine
 * (videos.begin → chunk → add) and its planted copies, the 5-second clip among them, arrive in
 * review "found in earlier crawls" without a new crawl; unrelated stored videos do not; registering
 * again or a second re-check records nothing twice.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { demoReferenceVideo, PLANTED_VIDEOS } from '../../../e2e/fixture-site/videos';
import { hasFfmpeg } from '../../test-support/videos';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { addVideoBytes } from '../cases/video-test-support';
import { retroMatchVideo } from './retro-video';
import { crawlToEnd } from './test-demo-case';

let site: FixtureSite;
let t: TestEngine;
let reference: Buffer;
beforeAll(async () => {
  if (!hasFfmpeg()) return;
  site = await startFixtureSite({ videos: true });
  reference = readFileSync(await demoReferenceVideo());
  t = await startTestEngine();
  await withUsers(t);
}, 300_000);
afterAll(async () => {
  await site?.close();
  t?.close();
});

interface MatchRow {
  id: number;
  run_id: number | null;
  page_url: string;
  image_url: string;
  media_kind: string;
  segments: string;
  reference_video_id: number;
  retro: number;
}

it.skipIf(!hasFfmpeg())(
  'finds the planted clip among videos crawled before the reference, once, and no unrelated one',
  async () => {
    const db = t.engine.db;
    const c = await t.ok('counsellor', 'cases.create', {
      identity: { name: 'Demo', contact: '', notes: '' },
      consent: { searchWeb: true, fileTakedowns: true, storage: 'originals' },
    });
    const s = await t.ok('monitor', 'sites.create', {
      config: {
        name: 'Fixture videos',
        startUrls: [`${site.origin}/videos`],
        allowAddresses: ['127.0.0.1'],
        requestsPerSecond: 500,
        concurrencyPerHost: 4,
        renderMode: 'http',
        timeoutSeconds: 10,
        maxDepth: 1,
        maxPages: 50,
      },
    });
    await crawlToEnd(t, s.id, 240_000);
    // The crawl stored every video it read, matched none (there was no reference video yet).
    const stored = db.prepare('SELECT count(*) FROM crawl_video_hashes').pluck().get() as number;
    expect(stored).toBeGreaterThan(PLANTED_VIDEOS.length);
    expect(db.prepare('SELECT count(*) FROM crawl_matches').pluck().get()).toBe(0);
    expect((await t.ok('monitor', 'review.list', {})).total).toBe(0);

    const added = await addVideoBytes(t, 'counsellor', c.id, 'reference.mp4', reference);
    expect(added.status).toBe('added');
    const videoId = added.status === 'added' ? added.video.id : 0;

    const rows = db
      .prepare(
        `SELECT m.id, m.run_id, m.page_url, m.image_url, m.media_kind, m.segments,
                m.reference_video_id, (r.match_id IS NOT NULL) AS retro
           FROM crawl_matches m LEFT JOIN crawl_retro_matches r ON r.match_id = m.id`,
      )
      .all() as MatchRow[];
    const byUrl = new Map(rows.map((r) => [new URL(r.image_url).pathname, r]));
    for (const p of PLANTED_VIDEOS) {
      const row = byUrl.get(p.url);
      expect(row, `${p.kind} via ${p.how}`).toBeDefined();
      expect(row!.page_url).toBe(`${site.origin}${p.page}`);
      expect(row!.media_kind).toBe('video');
      expect(row!.reference_video_id).toBe(videoId);
      expect(row!.run_id).toBeNull(); // found outside a run
      expect(row!.retro).toBe(1);
      const seg = (JSON.parse(row!.segments) as { refStartS: number; refEndS: number }[])[0]!;
      expect(seg.refStartS).toBeGreaterThanOrEqual(p.refStartS - 1.5);
      expect(seg.refEndS).toBeLessThanOrEqual(p.refEndS + 1.5);
    }
    // Only the planted copies: the unrelated stored videos did not match.
    expect(rows.length).toBe(PLANTED_VIDEOS.length);

    const clip = PLANTED_VIDEOS.find((p) => p.kind === 'clip')!;
    const queue = await t.ok('monitor', 'review.list', {});
    expect(queue.total).toBe(PLANTED_VIDEOS.length);
    const clipItems = queue.items.filter((i) => i.pageUrl === `${site.origin}${clip.page}`);
    expect(clipItems).toHaveLength(1);
    expect(clipItems[0]!.caseId).toBe(c.id);
    expect(clipItems[0]!.foundEarlier).toBe(true);
    // The monitor opens it: the found video, its reference and shares; no sealed frame was kept.
    const item = await t.ok('monitor', 'review.item', { itemId: clipItems[0]!.id });
    expect(item).toMatchObject({
      foundKind: 'video',
      referenceVideoId: videoId,
      hasEvidence: false,
    });
    expect(item.queryPct).toBeGreaterThan(50);

    // Registering the same video again, or a second re-check, records nothing twice.
    const again = await addVideoBytes(t, 'counsellor', c.id, 'reference.mp4', reference);
    expect(again.status).toBe('duplicate');
    const second = retroMatchVideo(db, videoId)!;
    expect(second.checked).toBe(stored);
    expect(second.videos).toBe(PLANTED_VIDEOS.length);
    expect(second.matches).toBe(0);
    expect(db.prepare('SELECT count(*) FROM crawl_matches').pluck().get()).toBe(rows.length);
    expect((await t.ok('monitor', 'review.list', {})).total).toBe(PLANTED_VIDEOS.length);
  },
  600_000,
);
