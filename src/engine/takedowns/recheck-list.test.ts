/**
 * A re-check of a request opened from a hash-list match (decision 0078) reaches what the crawl
 * that found it could (the site's address allowances) and follows the image's recorded redirect
 * chain, as for a case match (both are rows of the one match table, decision 0091).
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { siteConfigSchema } from '../../shared/crawl-types';
import { Fetcher } from '../crawl/fetcher';
import { fetchFollowing } from '../crawl/follow-redirects';
import { insertSite } from '../crawl/sites';
import { recordMatch } from '../matches';
import { transition } from './lifecycle';
import { openTakedownForMatch } from './open-request';
import { recheckRequest } from './recheck';
import { createTakedownTestFile, type TakedownTestFile } from './test-support';

let site: FixtureSite;
beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(() => site.close());
let f: TakedownTestFile;
beforeEach(() => {
  f = createTakedownTestFile();
});
afterEach(() => f.cleanup());

it('re-checks a list request through the site that found it, redirect included', async () => {
  const siteId = insertSite(
    f.db,
    siteConfigSchema.parse({
      name: 'Fixture',
      startUrls: [`${site.origin}/`],
      allowAddresses: ['127.0.0.1'],
    }),
    new Date(),
  );
  const fetcher = new Fetcher({ policy: { allowAddresses: ['127.0.0.1'] }, userAgent: 'test' });
  // Planted copy 7 is on its page behind a redirect (/img/r/7.jpg → /img/p/7.jpg).
  const res = await fetchFollowing(fetcher, new URL(`${site.origin}/img/r/7.jpg`), {
    check: async () => null,
    maxRedirects: 5,
  }).finally(() => fetcher.close());
  const page = `${site.origin}/gallery/12`;
  const sha = createHash('sha256').update(res.response.body).digest('hex');
  f.db
    .prepare(
      `INSERT INTO hash_lists (id, name, source, format, enabled, entries, rejected, merged,
         imported_at) VALUES (1, 'Partner', '', 'csv', 1, 1, 0, 0, ?)`,
    )
    .run(new Date().toISOString());
  f.db
    .prepare('INSERT INTO hash_list_entries (id, list_id, sha256, line) VALUES (1, 1, ?, 2)')
    .run(sha);
  const matchId = recordMatch(f.db, {
    found: {
      kind: 'image',
      runId: null,
      siteId,
      pageUrl: page,
      url: res.response.url,
      sha256: sha,
      foundAt: new Date().toISOString(),
      httpStatus: 200,
      httpHeaders: {},
      redirectChain: res.chain,
      serverIp: '127.0.0.1',
    },
    target: { source: 'hash-list', listId: 1, entryId: 1 },
    evidence: { algo: 'sha256', distance: 0, transform: 'identity' },
  })!;
  f.db.prepare(`UPDATE crawl_matches SET review_state = 'confirmed' WHERE id = ?`).run(matchId);
  const [r] = openTakedownForMatch(f.db, matchId, f.userId, new Date()).requestIds;
  transition(f.db, r!, 'sent', f.userId, new Date());

  const present = await recheckRequest(f.db, r!, f.userId, () => new Date());
  expect([present.outcome, present.images[0]?.onPage, present.images[0]?.reason]).toEqual([
    'present',
    true,
    null,
  ]);
  site.remove('/img/p/7.jpg', 404);
  const gone = await recheckRequest(f.db, r!, f.userId, () => new Date());
  expect(gone.outcome).toBe('removed');
  expect(gone.images[0]).toMatchObject({ status: 404, reason: 'image-404' });
});
