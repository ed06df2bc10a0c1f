import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fetcher } from './fetcher';
import { parseRobots, productToken } from './robots';
import { RobotsCache } from './robots-cache';
import { startTestServer, type TestServer } from './test-server';

const UA = 'JiumBot/0.1 (+https://jium.example/bot)';

describe('robots.txt (RFC 9309)', () => {
  it('takes the product token of the user agent', () => {
    expect(productToken(UA)).toBe('jiumbot');
  });

  it('uses the longest match, and allow wins a tie', () => {
    const r = parseRobots(
      'User-agent: *\nDisallow: /gallery/\nAllow: /gallery/public/\nDisallow: /tie\nAllow: /tie\n',
      UA,
    );
    expect(r.isAllowed('/gallery/x.html')).toBe(false);
    expect(r.isAllowed('/gallery/public/x.html')).toBe(true);
    expect(r.isAllowed('/tie')).toBe(true);
    expect(r.isAllowed('/other')).toBe(true);
    expect(r.explain('/gallery/x.html')).toBe('disallow /gallery/');
  });

  it('supports * and $ wildcards', () => {
    const r = parseRobots('User-agent: *\nDisallow: /*.php$\nDisallow: /private*/data\n', UA);
    expect(r.isAllowed('/index.php')).toBe(false);
    expect(r.isAllowed('/index.php?x=1')).toBe(true);
    expect(r.isAllowed('/private-area/data/1')).toBe(false);
    expect(r.isAllowed('/public/data')).toBe(true);
  });

  it('prefers the group naming our product token, merging its groups, over *', () => {
    const r = parseRobots(
      'User-agent: *\nDisallow: /\n\nUser-agent: jiumbot\nDisallow: /a\n\nUser-agent: JiumBot\nDisallow: /b\nCrawl-delay: 2\n',
      UA,
    );
    expect(r.isAllowed('/c')).toBe(true);
    expect(r.isAllowed('/a')).toBe(false);
    expect(r.isAllowed('/b')).toBe(false);
    expect(r.crawlDelay).toBe(2);
  });

  it('groups consecutive user-agent lines, ignores comments and unknown lines', () => {
    const r = parseRobots(
      '# hi\nUser-agent: other\nUser-agent: jiumbot # us\nSitemap: /s.xml\nDisallow: /x\n',
      UA,
    );
    expect(r.isAllowed('/x/y')).toBe(false);
  });

  it('matches percent-encoded and raw paths alike', () => {
    const r = parseRobots('User-agent: *\nDisallow: /%7Ejoe/\nDisallow: /한글/\n', UA);
    expect(r.isAllowed('/~joe/a')).toBe(false);
    expect(r.isAllowed('/%ED%95%9C%EA%B8%80/a')).toBe(false);
  });

  it('an empty Disallow allows all; /robots.txt is always allowed', () => {
    expect(parseRobots('User-agent: *\nDisallow:\n', UA).isAllowed('/x')).toBe(true);
    expect(parseRobots('User-agent: *\nDisallow: /\n', UA).isAllowed('/robots.txt')).toBe(true);
  });
});

describe('robots.txt over HTTP', () => {
  let ok: TestServer;
  let gone: TestServer;
  let broken: TestServer;
  beforeAll(async () => {
    ok = await startTestServer({
      '/robots.txt': (_q, r) => r.writeHead(301, { location: '/real-robots.txt' }).end(),
      '/real-robots.txt': (_q, r) => r.end('User-agent: *\nDisallow: /private/\n'),
    });
    gone = await startTestServer({});
    broken = await startTestServer({
      '/robots.txt': (_q, r) => r.writeHead(503).end('down'),
    });
  });
  afterAll(async () => {
    await Promise.all([ok.close(), gone.close(), broken.close()]);
  });

  const cache = () =>
    new RobotsCache(new Fetcher({ policy: { allowAddresses: ['127.0.0.1'] }, userAgent: UA }), UA);

  it('follows redirects, and caches per origin', async () => {
    const c = cache();
    const p = await c.policyFor(new URL(`${ok.origin}/a`));
    await c.policyFor(new URL(`${ok.origin}/b`));
    expect(p.isAllowed('/private/x')).toBe(false);
    expect(p.isAllowed('/public/x')).toBe(true);
    expect(ok.hits.filter((h) => h === '/robots.txt')).toHaveLength(1);
  });

  it('4xx allows everything, 5xx disallows everything', async () => {
    const c = cache();
    expect((await c.policyFor(new URL(gone.origin))).kind).toBe('allow-all');
    const p = await c.policyFor(new URL(broken.origin));
    expect(p.kind).toBe('disallow-all');
    expect(p.isAllowed('/anything')).toBe(false);
  });

  it('a robots.txt on a denied address counts as unreachable (disallow all)', async () => {
    const c = new RobotsCache(new Fetcher({ policy: { allowAddresses: [] }, userAgent: UA }), UA);
    expect((await c.policyFor(new URL(ok.origin))).kind).toBe('disallow-all');
  });
});
