/**
 * Crawl throughput on the fixture site with politeness off (no gap between requests, no
 * Crawl-delay; robots.txt still obeyed by all): Jium's http and browser modes against Crawlee's
 * CheerioCrawler and PlaywrightCrawler (same Debian Chromium) doing the same visit-and-download
 * work — every page in scope visited, every distinct image URL downloaded once — in the same run,
 * one after another. Jium also hashes and matches every image; Crawlee only downloads. Recall is
 * Jium's: planted copies found / planted copies a crawler may find. Writes its table into
 * bench/RESULTS.md between the crawl markers.
 *
 * Fairness: every Crawlee peer runs at a pinned concurrency (min = desired = max = 8; crawlee's
 * autoscaled pool would otherwise start at 1 and add tasks only while it judges the machine idle),
 * and its highest number of pages in flight is recorded. PlaywrightCrawler settles each page with
 * Jium's own rule (src/engine/crawl/browser.ts): load, then scroll to the end and wait until no
 * request has been in flight for 250 ms (at most 2 s), until the page's height and image count
 * stay the same 3 times or 16 steps.
 */
import { CheerioCrawler, Configuration as CheerioConfig } from '@crawlee/cheerio';
import { PlaywrightCrawler } from '@crawlee/playwright';
import type { CheerioRoot } from '@crawlee/utils';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { openBrowserRenderer, CHROMIUM_ARGS } from '../src/engine/crawl/browser';
import { loadReferences } from '../src/engine/crawl/reference-index';
import { CrawlRunner } from '../src/engine/crawl/runner';
import { insertRun, insertSite, listMatches } from '../src/engine/crawl/sites';
import { createTestCaseFile, localSite } from '../src/engine/crawl/test-case-file';
import { demoReference } from '../e2e/fixture-site/images';
import { PLANTED, startFixtureSite, type FixtureSite } from '../e2e/fixture-site/site';

const CHROMIUM = process.env['JIUM_CHROMIUM'] ?? '/usr/bin/chromium';
const CONCURRENCY = 8;
const LOAD_START = loadavg()[0]!.toFixed(1);
const EXCLUDE = /\/(calendar|loop|private|away)|\/img\//;

interface Row {
  crawler: string;
  pages: number;
  images: number;
  seconds: number;
  recall?: string;
  /** Highest number of pages in flight seen (Crawlee rows; Jium's runner is capped at 8). */
  peak?: number;
  /** What the crawler does for each page and image. */
  work: string;
}

/** Crawlee's pool pinned at CONCURRENCY: no ramp from 1, no scaling down under load. */
const PINNED = {
  minConcurrency: CONCURRENCY,
  maxConcurrency: CONCURRENCY,
  autoscaledPoolOptions: { desiredConcurrency: CONCURRENCY },
};

/** Counts pages in flight inside a request handler, keeping the highest count. */
function inFlightCounter() {
  let now = 0;
  let peak = 0;
  return {
    async around<T>(f: () => Promise<T>): Promise<T> {
      now++;
      peak = Math.max(peak, now);
      try {
        return await f();
      } finally {
        now--;
      }
    },
    get peak() {
      return peak;
    },
  };
}

const SCROLL_TO_END = `(() => {
  window.scrollTo(0, document.body.scrollHeight);
  return document.body.scrollHeight + ':' + document.images.length;
})()`;

/**
 * Jium's page-settling rule (src/engine/crawl/browser.ts, open()), applied to a Crawlee page:
 * scroll to the end, wait for 250 ms without a request in flight (at most 2 s), until the shape
 * stays the same 3 times, at most 16 steps.
 */
async function settle(page: Page, inFlight: () => number) {
  const quiet = async () => {
    let calm = 0;
    for (let t = 0; t < 2000 && calm < 5; t += 50) {
      await page.waitForTimeout(50);
      calm = inFlight() <= 0 ? calm + 1 : 0;
    }
  };
  let last = '';
  let still = 0;
  for (let i = 0; i < 16 && still < 3; i++) {
    await page.evaluate(SCROLL_TO_END);
    await quiet();
    const shape = (await page.evaluate(SCROLL_TO_END)) as string;
    still = shape === last ? still + 1 : 0;
    last = shape;
  }
}

async function jium(site: FixtureSite, mode: 'http' | 'browser'): Promise<Row> {
  const cf = await createTestCaseFile(await Promise.all([0, 1, 2].map(demoReference)));
  const renderer =
    mode === 'browser'
      ? await openBrowserRenderer({
          allowAddresses: ['127.0.0.1'],
          allowedHosts: new Set(['127.0.0.1']),
        })
      : null;
  try {
    const config = localSite(site.origin, {
      maxDepth: 20,
      maxPages: 500,
      // The same page scope as Crawlee's (which has no trap limits): everything but the traps.
      pathPatterns: [
        '/$',
        '/gallery/',
        '/lazy/',
        '/styles',
        '/share',
        '/moved/',
        '/hostile',
        '/slow',
      ],
      concurrencyPerHost: CONCURRENCY,
      renderMode: mode,
      timeoutSeconds: 2,
    });
    const db = cf.file.db;
    const siteId = insertSite(db, config, new Date());
    const runId = insertRun(db, siteId, config, new Date());
    const t0 = performance.now();
    await new CrawlRunner({
      db,
      runId,
      siteId,
      config,
      references: loadReferences(db),
      renderer,
      polite: false,
      maxConcurrency: CONCURRENCY,
    }).run();
    const seconds = (performance.now() - t0) / 1000;
    const run = db.prepare('SELECT pages, images FROM crawl_runs WHERE id = ?').get(runId) as {
      pages: number;
      images: number;
    };
    const found = new Set(listMatches(db, runId, 100).map((m) => new URL(m.imageUrl).pathname));
    const findable = PLANTED.filter((p) => p.allowed && (mode === 'browser' || p.http));
    const hit = findable.filter((p) => found.has(`/img/p/${p.id}.jpg`)).length;
    const all = PLANTED.filter((p) => p.allowed).length;
    return {
      crawler: `Jium ${mode}`,
      pages: run.pages,
      images: run.images,
      seconds,
      recall: `${found.size}/${all} (${hit}/${findable.length} reachable in this mode)`,
      work:
        mode === 'http'
          ? 'fetch + parse HTML; each new image: fetch, sniff, decode, SHA-256 + PDQ + blockhash (3.4 hashes), match, SQLite commit'
          : 'Chromium: load, scroll until the network is quiet (rule above), collect; each new image: as http mode',
    };
  } finally {
    await renderer?.close();
    cf.cleanup();
  }
}

/** Image URLs in static HTML, as Jium's extractor sees them (img, srcset, data-src, og, CSS). */
function staticImages($: CheerioRoot, base: string): string[] {
  const out = new Set<string>();
  const add = (u: string | undefined) => {
    if (!u || u.startsWith('data:')) return;
    try {
      out.add(new URL(u, base).href);
    } catch {
      /* not a URL */
    }
  };
  $('img').each((_i, el) => {
    add($(el).attr('src'));
    add($(el).attr('data-src'));
  });
  $('[srcset]').each((_i, el) =>
    ($(el).attr('srcset') ?? '').split(',').forEach((p) => add(p.trim().split(/\s+/)[0])),
  );
  $('meta[property="og:image"]').each((_i, el) => add($(el).attr('content')));
  $('[style]').each((_i, el) => {
    for (const m of ($(el).attr('style') ?? '').matchAll(/url\(['"]?([^'")]+)/g)) add(m[1]);
  });
  return [...out];
}

async function download(urls: string[], seen: Set<string>): Promise<number> {
  const fresh = urls.filter((u) => !seen.has(u) && new URL(u).hostname === '127.0.0.1');
  fresh.forEach((u) => seen.add(u));
  const results = await Promise.all(
    fresh.map(async (u) => {
      const ctl = AbortSignal.timeout(2000);
      try {
        const r = await fetch(u, { signal: ctl, redirect: 'follow' });
        await r.arrayBuffer();
        return r.ok ? 1 : 0;
      } catch {
        return 0;
      }
    }),
  );
  return results.reduce<number>((a, b) => a + b, 0);
}

async function crawleeCheerio(site: FixtureSite): Promise<Row> {
  const seen = new Set<string>();
  let pages = 0;
  let images = 0;
  const config = new CheerioConfig({
    persistStorage: false,
    storageClientOptions: { localDataDirectory: mkdtempSync(join(tmpdir(), 'crawlee-')) },
  });
  const pool = inFlightCounter();
  const crawler = new CheerioCrawler(
    {
      ...PINNED,
      respectRobotsTxtFile: true,
      maxRequestRetries: 0,
      requestHandlerTimeoutSecs: 30,
      requestHandler: ({ $, request, enqueueLinks }) =>
        pool.around(async () => {
          pages++;
          // Not `images += await …`: that reads `images` before the await and loses updates.
          const n = await download(staticImages($, request.loadedUrl ?? request.url), seen);
          images += n;
          await enqueueLinks({ strategy: 'same-hostname', exclude: [EXCLUDE] });
        }),
    },
    config,
  );
  const t0 = performance.now();
  await crawler.run([`${site.origin}/`]);
  return {
    crawler: 'Crawlee CheerioCrawler',
    pages,
    images,
    seconds: (performance.now() - t0) / 1000,
    peak: pool.peak,
    work: 'fetch + parse HTML; each new image: fetch (download only)',
  };
}

const pageState = new WeakMap<object, { inFlight: number; images: Set<string> }>();

async function crawleePlaywright(site: FixtureSite): Promise<Row> {
  const seen = new Set<string>();
  let pages = 0;
  let images = 0;
  const config = new CheerioConfig({
    persistStorage: false,
    storageClientOptions: { localDataDirectory: mkdtempSync(join(tmpdir(), 'crawlee-')) },
  });
  const pool = inFlightCounter();
  const crawler = new PlaywrightCrawler(
    {
      ...PINNED,
      respectRobotsTxtFile: true,
      maxRequestRetries: 0,
      headless: true,
      launchContext: {
        launcher: chromium,
        launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
      },
      // Requests are counted from before navigation, so that the settling rule sees them all.
      preNavigationHooks: [
        ({ page }) => {
          const state = { inFlight: 0, images: new Set<string>() };
          page.on('request', () => state.inFlight++);
          page.on('requestfinished', () => state.inFlight--);
          page.on('requestfailed', () => state.inFlight--);
          page.on('response', (r) => {
            if (r.request().resourceType() === 'image') state.images.add(r.url());
          });
          pageState.set(page, state);
        },
      ],
      requestHandler: ({ page, enqueueLinks }) =>
        pool.around(async () => {
          pages++;
          const state = pageState.get(page)!;
          await settle(page, () => state.inFlight);
          const dom = (await page.evaluate(
            '[...document.images].map((i) => i.currentSrc || i.src).filter(Boolean)',
          )) as string[];
          const n = await download([...dom, ...state.images], seen);
          images += n;
          await enqueueLinks({ strategy: 'same-hostname', exclude: [EXCLUDE] });
        }),
    },
    config,
  );
  const t0 = performance.now();
  await crawler.run([`${site.origin}/`]);
  return {
    crawler: 'Crawlee PlaywrightCrawler',
    pages,
    images,
    seconds: (performance.now() - t0) / 1000,
    peak: pool.peak,
    work: 'Chromium: load, scroll until the network is quiet (same rule), collect; each new image: fetch (download only)',
  };
}

const site = await startFixtureSite();
const rows: Row[] = [];
try {
  // Warm the fixture's generated images first, so that no crawler pays for their generation.
  await jium(site, 'http');
  rows.push(await crawleeCheerio(site));
  rows.push(await jium(site, 'http'));
  rows.push(await crawleePlaywright(site));
  rows.push(await jium(site, 'browser'));
} finally {
  await site.close();
}
const rate = (n: number, s: number) => (n / s).toFixed(1);
const [ch, jh, cb, jb] = rows as [Row, Row, Row, Row];
const ratio = (a: Row, b: Row, key: 'pages' | 'images') =>
  (a[key] / a.seconds / (b[key] / b.seconds)).toFixed(2);
const table = [
  '| crawler | per page and image | pages in flight | pages | images | seconds | pages/s | images/s | recall of planted copies |',
  '|---|---|---:|---:|---:|---:|---:|---:|---|',
  ...rows.map(
    (r) =>
      `| ${r.crawler} | ${r.work} | ${r.peak !== undefined ? `${r.peak} (pinned ${CONCURRENCY})` : `≤ ${CONCURRENCY}`} | ${r.pages} | ${r.images} | ${r.seconds.toFixed(1)} | ${rate(r.pages, r.seconds)} | ${rate(r.images, r.seconds)} | ${r.recall ?? 'n/a (downloads only)'} |`,
  ),
  '',
  `Ratios (Jium / Crawlee, same run): http mode pages/s ×${ratio(jh, ch, 'pages')}, images/s ×${ratio(jh, ch, 'images')}; browser mode pages/s ×${ratio(jb, cb, 'pages')}, images/s ×${ratio(jb, cb, 'images')}.`,
].join('\n');
console.log(table);

/** The commentary, from this run's numbers only. */
function reading(): string {
  const secsPerImage = (r: Row) => (r.seconds / Math.max(1, r.images)) * 1000;
  return (
    `Reading (computed from this run): in http mode Jium spends ${secsPerImage(jh).toFixed(0)} ms ` +
    `of wall time per image against CheerioCrawler's ${secsPerImage(ch).toFixed(0)} ms for a download ` +
    `alone; in browser mode, with both settling pages by the same rule, Jium takes ` +
    `${(jb.seconds / Math.max(1, jb.pages)).toFixed(2)} s per page and PlaywrightCrawler ` +
    `${(cb.seconds / Math.max(1, cb.pages)).toFixed(2)} s (pages in flight at most ` +
    `${cb.peak ?? '?'} for Crawlee, ${CONCURRENCY} for Jium).`
  );
}

const section = `<!-- crawl:start -->
## Crawling (bench/crawl-throughput.bench.ts)

Fixture site on 127.0.0.1 (e2e/fixture-site: ${'12'} paginated galleries, 3 script-rendered lazy
feeds, srcset/picture/CSS/og:image, redirects, hostile images, traps; 9 planted copies of 3 demo
references among ~400 unrelated generated photos, one of them behind a robots.txt disallow).
Politeness off (no request gap, no Crawl-delay), robots.txt obeyed by all, concurrency ${CONCURRENCY}
for every crawler (Crawlee's pool pinned: min = desired = max), the same page-settling rule in
browser mode (load, then scroll to the end and wait for 250 ms without a request in flight, at most
2 s, until the page stops changing 3 times or 16 steps), the same page scope (everything but the trap paths), images pre-generated by a
warm-up crawl, measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on the shared 2-core machine, load average
${LOAD_START} at the start and ${loadavg()[0]!.toFixed(1)} at the end (other engineers' work was running: absolute numbers are noisy,
the ratios come from one run).
Jium fetches, sniffs, hashes (SHA-256, PDQ, blockhash) and matches every image and writes the
frontier to SQLite; Crawlee only visits pages and downloads each distinct image once (its page
scope: same host minus the trap paths, since it has no trap limits of its own).

${table}

${reading()}
<!-- crawl:end -->`;
const resultsPath = join(process.cwd(), 'bench/RESULTS.md'); // bench/run.mjs runs from the root
const current = readFileSync(resultsPath, 'utf8');
const next = current.includes('<!-- crawl:start -->')
  ? current.replace(/<!-- crawl:start -->[\s\S]*<!-- crawl:end -->/, section)
  : `${current.trimEnd()}\n\n${section}\n`;
writeFileSync(resultsPath, next);
