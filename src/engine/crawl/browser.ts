/**
 * Browser mode: Debian's Chromium through playwright-core, for pages whose images come from
 * scripts. Every request the page makes is routed through Jium's own guarded fetcher and fulfilled
 * from it, so the browser gets exactly the crawler's guards: configured hosts only, robots.txt (the
 * crawl's own hop check, given by the runner through `guard`), the address check at connect time
 * (literal IPs and DNS answers), size limits and timeouts, and redirects followed one re-checked
 * hop at a time.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../core/chromium-args';
import type { PageRenderer, RenderedPage } from './crawl-env';
import { Fetcher, FetchError } from './fetcher';
import { fetchFollowing, RefusedError, type HopCheck } from './follow-redirects';

export { CHROMIUM_ARGS };

export interface BrowserOptions {
  allowAddresses: readonly string[];
  allowedHosts: ReadonlySet<string>;
  userAgent?: string;
  executablePath?: string;
  /** Scroll steps to trigger lazy loading. */
  scrollSteps?: number;
  navigationTimeoutMs?: number;
}

/**
 * What the page shows once scripts ran and it was scrolled to the bottom. Kept as source text:
 * it runs in the page, and the engine is compiled without the DOM's types.
 */
const COLLECT_IN_PAGE = `(() => {
  const images = new Set();
  const links = new Set();
  const abs = (u) => { try { return new URL(u, document.baseURI).href; } catch { return null; } };
  const add = (u) => { const a = u && abs(u); if (a && !a.startsWith('data:') && !a.startsWith('blob:')) images.add(a); };
  document.querySelectorAll('img').forEach((img) => { add(img.currentSrc); add(img.getAttribute('src')); });
  document.querySelectorAll('source[srcset], img[srcset]').forEach((el) => {
    for (const part of (el.getAttribute('srcset') || '').split(',')) add(part.trim().split(/\\s+/)[0]);
  });
  const all = document.querySelectorAll('body *');
  for (let i = 0; i < all.length && i < 5000; i++) {
    const bg = getComputedStyle(all[i]).backgroundImage;
    for (const m of bg.matchAll(/url\\("?([^")]+)"?\\)/g)) add(m[1]);
  }
  document.querySelectorAll('meta[property="og:image"], meta[name="twitter:image"]')
    .forEach((m) => add(m.getAttribute('content')));
  document.querySelectorAll('a[href]').forEach((a) => links.add(a.href));
  // Videos a script put in place (the crawler downloads them itself, through its own guards).
  const videos = new Set();
  const addVideo = (u) => { const a = u && abs(u); if (a && /^https?:/.test(a)) videos.add(a); };
  document.querySelectorAll('video').forEach((v) => { addVideo(v.currentSrc); addVideo(v.getAttribute('src')); });
  document.querySelectorAll('video source[src]').forEach((s) => addVideo(s.getAttribute('src')));
  document.querySelectorAll('meta[property^="og:video"]').forEach((m) => addVideo(m.getAttribute('content')));
  return { links: [...links], images: [...images], videos: [...videos] };
})()`;

const SCROLL_TO_END = `(() => {
  window.scrollTo(0, document.body.scrollHeight);
  return document.body.scrollHeight + ':' + document.images.length;
})()`;

/** Starts Chromium with guarded request routing. */
export async function openBrowserRenderer(o: BrowserOptions): Promise<PageRenderer> {
  const fetcher = new Fetcher({
    policy: { allowAddresses: o.allowAddresses },
    userAgent: o.userAgent ?? 'JiumBot/0.1',
    limits: { maxBytes: 20 * 1024 * 1024 },
  });
  const browser: Browser = await chromium.launch({
    executablePath: o.executablePath ?? process.env['JIUM_CHROMIUM'] ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const context: BrowserContext = await browser.newContext({
    serviceWorkers: 'block',
    acceptDownloads: false,
    viewport: { width: 1280, height: 900 },
    ...(o.userAgent ? { userAgent: o.userAgent } : {}),
  });
  // Until the runner gives its own check (hosts and robots.txt), the configured hosts only.
  let check: HopCheck = async (u) =>
    o.allowedHosts.has(u.hostname)
      ? null
      : { code: 'host-not-allowed', reason: `${u.hostname} is not a configured host` };
  await context.route('**/*', async (route) => {
    const request = route.request();
    let url: URL;
    try {
      url = new URL(request.url());
    } catch {
      return route.abort('blockedbyclient');
    }
    if (!o.allowedHosts.has(url.hostname) || request.method() !== 'GET') {
      return route.abort('blockedbyclient');
    }
    try {
      // robots.txt and the rest of the crawl's rules hold for what a page loads, not only for the
      // pages and images the crawler queues (issue 18: Chromium fetched a disallowed image).
      if (await check(url)) return await route.abort('blockedbyclient');
      // Chromium does not follow a 3xx given to route.fulfill, so redirects are followed here,
      // hop by hop with the same checks, and the browser receives the final response.
      const { response: res } = await fetchFollowing(fetcher, url, {
        check: (u) => check(u),
        maxRedirects: 5,
        headers: () => pick(request.headers(), ['accept', 'referer']),
      });
      const headers = { ...res.headers };
      // The body arrives decoded and whole: the browser must not decode or measure it again.
      delete headers['content-encoding'];
      delete headers['content-length'];
      delete headers['transfer-encoding'];
      await route.fulfill({ status: res.status, headers, body: res.body });
    } catch (e) {
      const refused =
        e instanceof RefusedError || (e instanceof FetchError && e.code === 'blocked-address');
      await route.abort(refused ? 'blockedbyclient' : 'failed');
    }
  });
  const timeout = o.navigationTimeoutMs ?? 20_000;

  const open = async (url: string): Promise<{ page: Page; status: number; seen: Set<string> }> => {
    const page = await context.newPage();
    const seen = new Set<string>();
    let inFlight = 0;
    page.on('request', () => inFlight++);
    page.on('requestfinished', () => inFlight--);
    page.on('requestfailed', () => inFlight--);
    page.on('response', (r) => {
      if (r.request().resourceType() === 'image' && r.ok()) seen.add(r.url());
    });
    /** Waits until no request has been in flight for 250 ms (at most 2 s). */
    const quiet = async () => {
      let calm = 0;
      for (let t = 0; t < 2000 && calm < 5; t += 50) {
        await page.waitForTimeout(50);
        calm = inFlight <= 0 ? calm + 1 : 0;
      }
    };
    const response = await page.goto(url, { waitUntil: 'load', timeout });
    // Scroll to the end until the page stops growing (lazy loading and infinite scroll), within
    // a bounded number of steps: an endless feed must not hold the crawl.
    const steps = o.scrollSteps ?? 16;
    let last = '';
    let still = 0;
    for (let i = 0; i < steps && still < 3; i++) {
      await page.evaluate(SCROLL_TO_END);
      await quiet();
      // Height and image count: unloaded images may not grow the page yet, but they count.
      const shape = (await page.evaluate(SCROLL_TO_END)) as string;
      still = shape === last ? still + 1 : 0;
      last = shape;
    }
    return { page, status: response?.status() ?? 0, seen };
  };

  return {
    guard(c: HopCheck) {
      check = c;
    },
    async render(url: string): Promise<RenderedPage> {
      const { page, status, seen } = await open(url);
      try {
        const found = (await page.evaluate(COLLECT_IN_PAGE)) as {
          links: string[];
          images: string[];
          videos: string[];
        };
        return {
          finalUrl: page.url(),
          status,
          html: await page.content(),
          links: found.links,
          images: [...new Set([...found.images, ...seen])],
          videos: found.videos,
        };
      } finally {
        await page.close();
      }
    },
    async screenshot(url: string): Promise<Buffer> {
      const { page } = await open(url);
      try {
        return await page.screenshot({ fullPage: true, type: 'png', timeout });
      } finally {
        await page.close();
      }
    },
    async close() {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      fetcher.close();
    },
  };
}

function pick(h: Record<string, string>, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) if (h[n]) out[n] = h[n];
  return out;
}
