/**
 * Re-checks against the fixture site, whose planted copies appear the many ways real pages show
 * images (img src, srcset, picture, CSS background, og:image, data-src, an image behind a
 * redirect). Matches are recorded as the crawler records them (final image URL, redirect chain,
 * SHA-256 of the bytes); a re-check must find every one still there, and gone once taken down.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PLANTED, startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { siteConfigSchema } from '../../shared/crawl-types';
import { Fetcher } from '../crawl/fetcher';
import { fetchFollowing } from '../crawl/follow-redirects';
import { insertSite } from '../crawl/sites';
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

/** The image's planted `<img>`-ish URL on its page, as the page links it. */
const linked = (id: number) =>
  PLANTED[id]!.how === 'image behind a redirect' ? `/img/r/${id}.jpg` : `/img/p/${id}.jpg`;

async function openPlanted(ids: number[]): Promise<Map<number, number>> {
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
  const requests = new Map<number, number>();
  try {
    for (const id of ids) {
      const res = await fetchFollowing(fetcher, new URL(site.origin + linked(id)), {
        check: async () => null,
        maxRedirects: 5,
      });
      const m = f.match(site.origin + PLANTED[id]!.page, res.response.url, {
        sha: createHash('sha256').update(res.response.body).digest('hex'),
        siteId,
        chain: res.chain,
      });
      const [r] = openTakedownForMatch(f.db, m, f.userId, new Date()).requestIds;
      transition(f.db, r!, 'sent', f.userId, new Date());
      requests.set(id, r!);
    }
  } finally {
    fetcher.close();
  }
  return requests;
}

describe('re-check on the fixture site', () => {
  it('finds every planted copy a plain HTTP crawl sees still online', async () => {
    const ids = PLANTED.filter((p) => p.http && p.allowed).map((p) => p.id);
    const requests = await openPlanted(ids);
    for (const [id, r] of requests) {
      const check = await recheckRequest(f.db, r, f.userId, () => new Date());
      expect(
        [check.outcome, check.images[0]?.onPage, check.images[0]?.reason],
        `${PLANTED[id]!.how} on ${PLANTED[id]!.page}`,
      ).toEqual(['present', true, null]);
    }
  });

  it('marks the copy behind a redirect removed once its target is gone', async () => {
    const requests = await openPlanted([7]);
    site.remove('/img/p/7.jpg', 404);
    const check = await recheckRequest(f.db, requests.get(7)!, f.userId, () => new Date());
    expect(check.outcome).toBe('removed');
    expect(check.images[0]).toMatchObject({ status: 404, reason: 'image-404' });
  });
});
