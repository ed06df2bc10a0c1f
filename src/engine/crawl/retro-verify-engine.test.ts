/**
 * Retro-matching through the engine (decision 0049): a counsellor registers a reference with
 * images.add after a crawl saw a copy of it turned by 8 degrees — a copy whose stored hashes agree
 * only weakly (the combined clause, which the crawler always verifies; decision 0048's
 * retro-matching sent it to review unverified and without evidence). The
 * registration says "1 to verify"; in the background the engine's crawl manager runs a
 * verification run that fetches only that image, the crawler's rule verifies it with the
 * reference's sealed ORB features, and the match arrives with its image sealed as evidence.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { decide, fingerprint } from '../fingerprint';
import { vectorsDir } from '../fingerprint/test-support';
import { loadReferences } from './reference-index';
import { CrawlRunner } from './runner';
import { loadStoredFingerprint } from './sightings';
import { insertRun, insertSite, listRuns } from './sites';
import { localSite, TEST_FETCH_LIMITS } from './test-case-file';
import { startTestServer, type TestServer } from './test-server';

const bridge = () =>
  readFileSync(path.join(vectorsDir, 'pdq/data/reg-test-input/dih/bridge-1-original.jpg'));

describe('retro-matching verified through the engine', { timeout: 180_000 }, () => {
  let server: TestServer;
  let t: TestEngine;
  beforeAll(async () => {
    const turned = await sharp(bridge()).rotate(8, { background: '#ffffff' }).jpeg().toBuffer();
    server = await startTestServer({
      '/robots.txt': (_q, res) => res.writeHead(404).end(),
      '/': (_q, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end('<img src="/turned.jpg">'),
      '/turned.jpg': (_q, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(turned),
    });
    t = await startTestEngine();
    await withUsers(t);
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  it('verifies a copy the stored hashes agree with only weakly, and keeps its evidence', async () => {
    const db = t.engine.db;
    const config = localSite(server.origin);
    const siteId = insertSite(db, config, new Date());
    const first = insertRun(db, siteId, config, new Date());
    const crawled = await new CrawlRunner({
      db,
      runId: first,
      siteId,
      config,
      references: loadReferences(db),
      fetchLimits: TEST_FETCH_LIMITS,
    }).run();
    expect(crawled).toBe('finished');
    const sha = (
      db.prepare('SELECT image_sha256 FROM crawl_sightings').get() as { image_sha256: string }
    ).image_sha256;

    const c = await t.ok('counsellor', 'cases.create', {
      identity: { name: 'Test Person', contact: '', notes: '' },
      consent: { searchWeb: true, fileTakedowns: true, storage: 'originals' },
    });
    const hitsBefore = server.hits.length;
    const added = await t.ok('counsellor', 'images.add', {
      caseId: c.id,
      fileName: 'bridge.jpg',
      data: bridge().toString('base64'),
    });
    if (added.status !== 'added') throw new Error(added.status);
    expect(added.retro).toEqual({ checked: 1, toReview: 0, toVerify: 1 });
    // The stored hashes agree only by the rule's weak combined clause, which the crawler never
    // accepts without verification (decision 0048's retro-matching recorded it unverified).
    const reference = await fingerprint(bridge(), { role: 'reference' });
    expect(decide(reference, loadStoredFingerprint(db, sha)!)).toMatchObject({
      verdict: 'match',
      algo: 'pdq+blockhash',
    });

    const state = () =>
      db.prepare('SELECT state, outcome, match_id FROM crawl_retro_candidates').get() as {
        state: string;
        outcome: string;
        match_id: number | null;
      };
    await expect.poll(() => state().state, { timeout: 120_000, interval: 250 }).toBe('matched');
    const match = db
      .prepare(
        `SELECT m.algo, m.run_id, m.evidence_image IS NOT NULL AS sealed, m.reference_image_id,
           r.match_id IS NOT NULL AS retro
         FROM crawl_matches m LEFT JOIN crawl_retro_matches r ON r.match_id = m.id WHERE m.id = ?`,
      )
      .get(state().match_id) as Record<string, unknown>;
    expect(match).toMatchObject({ sealed: 1, retro: 1, reference_image_id: added.image.id });
    expect(String(match['algo'])).toMatch(/verified/);
    // One verification run, which fetched the image (and the page for its snapshot), nothing else.
    const runs = listRuns(db, siteId, 10);
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ id: match['run_id'], state: 'finished', pages: 0, images: 1 });
    expect(server.hits.slice(hitsBefore).sort()).toEqual(['/', '/robots.txt', '/turned.jpg']);
    const audited = db
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'crawl.retro-verify'")
      .get() as { n: number };
    expect(audited.n).toBe(1);
  });
});
