import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { demoReferenceVideo, PLANTED_VIDEOS } from '../../../e2e/fixture-site/videos';
import { hasFfmpeg } from '../../test-support/videos';
import { fingerprintVideo, REFERENCE_SAMPLE_EVERY_S } from '../video';
import { readLog } from './sites';
import { createTestCaseFile, localSite, type TestCaseFile, localRun } from './test-case-file';
import { sha256File } from './video-hashes';
import { insertReferenceVideo } from './video-test-routes';

describe.skipIf(!hasFfmpeg())('a crawl of the fixture site’s video pages', () => {
  let site: FixtureSite;
  let cf: TestCaseFile;
  let reference: string;
  beforeAll(async () => {
    site = await startFixtureSite({ videos: true });
    reference = await demoReferenceVideo();
    cf = await createTestCaseFile([]);
  }, 300_000);
  afterAll(async () => {
    await site?.close();
    cf?.cleanup();
  });

  it('finds every planted copy, the screen recording too, with its seconds, and no unrelated video', async () => {
    const db = cf.file.db;
    const fp = await fingerprintVideo(reference, { sampleEveryS: REFERENCE_SAMPLE_EVERY_S });
    insertReferenceVideo(db, cf.caseId, fp, await sha256File(reference));
    const config = localSite(site.origin, { startUrls: [`${site.origin}/videos`], maxDepth: 1 });
    const { runner, runId } = localRun(db, config);
    expect(await runner.run()).toBe('finished');
    const rows = db
      .prepare(`SELECT image_url, page_url, segments FROM crawl_matches WHERE run_id = ?`)
      .all(runId) as { image_url: string; page_url: string; segments: string }[];
    const found = new Map(rows.map((r) => [new URL(r.image_url).pathname, r]));
    // Every copy, the screen recording too: whole-frame vPDQ misses it (decision 0047), the
    // picture inside its content box does not (decision 0102).
    for (const p of PLANTED_VIDEOS) {
      const row = found.get(p.url);
      expect(row, `${p.kind} via ${p.how}`).toBeDefined();
      expect(row!.page_url).toBe(`${site.origin}${p.page}`);
      const seg = (JSON.parse(row!.segments) as { refStartS: number; refEndS: number }[])[0]!;
      expect(seg.refStartS).toBeGreaterThanOrEqual(p.refStartS - 1.5);
      expect(seg.refEndS).toBeLessThanOrEqual(p.refEndS + 1.5);
    }
    // Nothing else matched: unrelated videos are only hashed.
    expect([...found.keys()].every((u) => PLANTED_VIDEOS.some((p) => p.url === u))).toBe(true);
    const log = readLog(db, runId, 0, 5000);
    expect(log.filter((l) => l.code === 'video-hashed').length).toBeGreaterThan(0);
  }, 300_000);
});
