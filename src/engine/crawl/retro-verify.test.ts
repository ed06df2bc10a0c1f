import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoReference } from '../../../e2e/fixture-site/images';
import { listQueue } from '../review/queries';
import { retroMatchReference } from './retro-match';
import { queueRetroVerification, settleRetroVerification } from './retro-verify';
import { insertRun, insertSite } from './sites';
import {
  addTestReference,
  createTestCaseFile,
  localSite,
  type TestCaseFile,
  runnerFor,
  sealedEvidence,
} from './test-case-file';
import { startTestServer, type TestServer } from './test-server';

/**
 * A small site on 127.0.0.1 whose images can change between crawls: four copies of demo picture
 * 2 (JPEG at three qualities, a smaller PNG) on one gallery page, and a robots.txt that can start
 * refusing one of them.
 */
async function changingSite() {
  const ref = await demoReference(2);
  const other = await demoReference(1);
  const files: Record<string, { type: string; bytes: Buffer | null }> = {
    '/img/a.jpg': { type: 'image/jpeg', bytes: await sharp(ref).jpeg({ quality: 85 }).toBuffer() },
    '/img/b.jpg': { type: 'image/jpeg', bytes: await sharp(ref).jpeg({ quality: 70 }).toBuffer() },
    '/img/c.png': {
      type: 'image/png',
      bytes: await sharp(ref).resize({ width: 400 }).png().toBuffer(),
    },
    '/img/d.jpg': { type: 'image/jpeg', bytes: await sharp(ref).jpeg({ quality: 92 }).toBuffer() },
  };
  const state = { disallow: '' };
  const routes: Parameters<typeof startTestServer>[0] = {
    '/robots.txt': (_q, res) =>
      res
        .writeHead(200, { 'content-type': 'text/plain' })
        .end(`User-agent: *\nDisallow: ${state.disallow}\n`),
    '/': (_q, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(
        `<html><body>${Object.keys(files)
          .map((p) => `<img src="${p}">`)
          .join('')}</body></html>`,
      ),
  };
  for (const [path, f] of Object.entries(files)) {
    routes[path] = (_q, res) => {
      if (!f.bytes) res.writeHead(404, { 'content-type': 'text/plain' }).end('gone');
      else res.writeHead(200, { 'content-type': f.type }).end(f.bytes);
    };
  }
  return { files, state, other, server: await startTestServer(routes) };
}

const run = (cf: TestCaseFile, runId: number, siteId: number) =>
  runnerFor(cf.file.db, runId, siteId, { evidence: sealedEvidence(cf) }).run();

describe('verifying retro-matches through the crawler', () => {
  let site: Awaited<ReturnType<typeof changingSite>>;
  let server: TestServer;
  beforeAll(async () => {
    site = await changingSite();
    server = site.server;
  });
  afterAll(() => server.close());

  it('fetches candidates again, records matches with evidence, and marks what is gone', async () => {
    const cf = await createTestCaseFile([await demoReference(0)]);
    try {
      const db = cf.file.db;
      const siteId = insertSite(db, localSite(server.origin), new Date());
      const first = insertRun(db, siteId, localSite(server.origin), new Date());
      expect(await run(cf, first, siteId)).toBe('finished');
      const hashed = db
        .prepare("SELECT count(*) AS n FROM crawl_frontier WHERE run_id = ? AND outcome = 'hashed'")
        .get(first) as { n: number };
      expect(hashed.n).toBe(4);

      // A new reference: the stored hashes propose the four copies; nothing is fetched or matched.
      const hitsBefore = server.hits.length;
      const refId = await addTestReference(db, cf.caseId, await demoReference(2));
      const result = retroMatchReference(db, refId)!;
      expect(result).toMatchObject({ checked: 4, toReview: 0, toVerify: 4, matches: 0 });
      expect(server.hits.length).toBe(hitsBefore);
      expect(db.prepare('SELECT count(*) AS n FROM crawl_matches').get()).toEqual({ n: 0 });

      // Meanwhile b was taken down, c replaced by another picture, d refused by robots.txt.
      site.files['/img/b.jpg']!.bytes = null;
      site.files['/img/c.png']!.bytes = await sharp(site.other).png().toBuffer();
      site.state.disallow = '/img/d.jpg';

      const queued = queueRetroVerification(db, siteId, new Date())!;
      expect(queued.candidates).toBe(4);
      expect(await run(cf, queued.runId, siteId)).toBe('finished');
      // Only the candidates (and robots.txt, and the page's HTML as the match's snapshot).
      const fetched = new Set(server.hits.slice(hitsBefore));
      expect([...fetched].sort()).toEqual([
        '/',
        '/img/a.jpg',
        '/img/b.jpg',
        '/img/c.png',
        '/robots.txt',
      ]);
      // The match the run recorded is marked "found in earlier crawls" as it is recorded (in the
      // same transaction), not when the run is settled: a monitor reading the queue in between
      // sees the label (it was missing until the run ended).
      const beforeSettling = listQueue(db, { state: 'pending' }, 0, 100).items;
      expect(beforeSettling).toHaveLength(1);
      expect(beforeSettling[0]!.foundEarlier).toBe(true);
      const settled = settleRetroVerification(db, queued.runId, new Date());
      expect(settled).toEqual({ matched: 1, gone: 2, unreachable: 1 });

      const states = Object.fromEntries(
        (
          db
            .prepare(
              `SELECT s.image_url, c.state, c.outcome, s.gone_at IS NOT NULL AS gone
                 FROM crawl_retro_candidates c JOIN crawl_sightings s ON s.id = c.sighting_id`,
            )
            .all() as { image_url: string; state: string; outcome: string; gone: number }[]
        ).map((r) => [new URL(r.image_url).pathname, [r.state, r.outcome, r.gone]]),
      );
      expect(states).toEqual({
        '/img/a.jpg': ['matched', 'match', 0],
        '/img/b.jpg': ['gone', 'http-404', 1],
        '/img/c.png': ['gone', 'changed', 0],
        '/img/d.jpg': ['unreachable', 'robots-disallow', 0],
      });

      const matches = db
        .prepare(
          `SELECT m.image_url, m.run_id, m.evidence_image IS NOT NULL AS sealed,
             m.snapshot IS NOT NULL AS snapshot, r.match_id IS NOT NULL AS retro
           FROM crawl_matches m LEFT JOIN crawl_retro_matches r ON r.match_id = m.id
           WHERE m.reference_image_id = ? ORDER BY m.image_url`,
        )
        .all(refId) as Record<string, unknown>[];
      expect(
        matches.map((m) => ({ ...m, image_url: new URL(String(m.image_url)).pathname })),
      ).toEqual([
        // Fetched again and decided by the crawler: the image and page kept as evidence.
        { image_url: '/img/a.jpg', run_id: queued.runId, sealed: 1, snapshot: 1, retro: 1 },
        // Not fetchable now (robots.txt): decided on its stored hashes, with its stored evidence.
        { image_url: '/img/d.jpg', run_id: null, sealed: 0, snapshot: 0, retro: 1 },
      ]);
      const earlier = listQueue(db, { state: 'pending' }, 0, 100).items.filter(
        (i) => i.foundEarlier,
      );
      expect(earlier).toHaveLength(2);

      // Registering again proposes nothing: a and d are matched, b is gone; c holds other bytes.
      expect(retroMatchReference(db, refId)).toMatchObject({ toVerify: 0 });
      expect(queueRetroVerification(db, siteId, new Date())).toBeUndefined();
    } finally {
      cf.cleanup();
    }
  }, 120_000);

  it('does not fetch from a site turned off: its candidates are decided on their stored hashes', async () => {
    const cf = await createTestCaseFile([await demoReference(0)]);
    try {
      const db = cf.file.db;
      const siteId = insertSite(db, localSite(server.origin), new Date());
      const first = insertRun(db, siteId, localSite(server.origin), new Date());
      expect(await run(cf, first, siteId)).toBe('finished');
      const refId = await addTestReference(db, cf.caseId, await demoReference(2));
      expect(retroMatchReference(db, refId)!.toVerify).toBeGreaterThan(0);
      db.prepare('UPDATE crawl_sites SET enabled = 0 WHERE id = ?').run(siteId);
      const hitsBefore = server.hits.length;
      expect(queueRetroVerification(db, siteId, new Date())).toBeUndefined();
      expect(server.hits.length).toBe(hitsBefore);
      const rows = db
        .prepare('SELECT state, outcome, match_id FROM crawl_retro_candidates')
        .all() as { state: string; outcome: string; match_id: number | null }[];
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows)
        expect(r).toMatchObject({ state: 'unreachable', outcome: 'site-disabled' });
      // The copies the hash rule matches are not forgotten: matched from their stored evidence.
      const matched = db
        .prepare(
          'SELECT count(*) AS n FROM crawl_matches WHERE reference_image_id = ? AND evidence_image IS NULL',
        )
        .get(refId) as { n: number };
      expect(matched.n).toBe(rows.filter((r) => r.match_id !== null).length);
      expect(matched.n).toBeGreaterThan(0);
    } finally {
      cf.cleanup();
    }
  }, 120_000);
});
