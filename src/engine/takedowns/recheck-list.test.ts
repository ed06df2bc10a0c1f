/**
 * A re-check of a request opened from a hash-list match (decision 0078) reaches what the crawl
 * that found it could (the site's address allowances) and follows the image's recorded redirect
 * chain, as for a case match: the list item has no crawl_matches row to take them from.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { siteConfigSchema } from '../../shared/crawl-types';
import { Fetcher } from '../crawl/fetcher';
import { fetchFollowing } from '../crawl/follow-redirects';
import { insertSite } from '../crawl/sites';
import { transition } from './lifecycle';
import { openTakedownForListMatch } from './open-list-request';
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
  f.db
    .prepare(
      `INSERT INTO hash_list_matches (id, site_id, list_id, entry_id, page_url, image_url,
         image_sha256, found_at, http_status, http_headers, redirect_chain, server_ip, distance,
         algo, review_state)
       VALUES (1, ?, 1, 1, ?, ?, ?, ?, 200, '{}', ?, '127.0.0.1', 0, 'sha256', 'confirmed')`,
    )
    .run(siteId, page, res.response.url, sha, new Date().toISOString(), JSON.stringify(res.chain));
  const [r] = openTakedownForListMatch(f.db, 1, f.userId, new Date()).requestIds;
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
