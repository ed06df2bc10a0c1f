/**
 * Visiting one page: fetch (re-validating with ETag / Last-Modified when seen before), render in
 * the browser when the site asks for it or the page's images come from scripts, then queue the
 * links in scope and every image found.
 */
import type { CrawlEnv } from './crawl-env';
import { extractFromHtml } from './extract-html';
import { fetchFollowing } from './follow-redirects';
import type { FrontierRow } from './frontier';
import { looksLikeHtml, sniffImage } from '../core/sniff';
import { failureOutcome, type TaskOutcome } from './task-outcome';
import { normaliseUrl, pathMatches, trapReason } from './url-rules';

/** Fetches and extracts one page, queueing what it links to. */
export async function visitPage(env: CrawlEnv, row: FrontierRow): Promise<TaskOutcome> {
  const url = new URL(row.url);
  const known = env.store.validator(row.url);
  let res;
  try {
    res = await fetchFollowing(env.fetcher, url, {
      check: env.check,
      maxRedirects: env.maxRedirects,
      headers: (u) => (u.href === row.url ? conditional(known) : {}),
    });
  } catch (e) {
    return failureOutcome(e);
  }
  const { response } = res;
  const finalUrl = response.url;
  if (response.status === 304 && known?.links) {
    const saved = JSON.parse(known.links) as {
      links: string[];
      images: string[];
      videos?: string[];
    };
    const queued = env.store.tx(() =>
      enqueue(env, row, finalUrl, finalUrl, saved.links, saved.images, saved.videos),
    );
    return { state: 'done', code: 'not-modified', delta: { pages: 1 }, message: `304, ${queued}` };
  }
  if (response.status < 200 || response.status >= 300) return failureOutcome(response);
  if (sniffImage(response.body)) {
    // A link that turned out to be an image: hand it to the image queue.
    const u = normaliseUrl(finalUrl);
    if (u) env.frontier.add('image', u, row.depth, row.pageUrl ?? row.url);
    return { state: 'done', code: 'is-image', delta: { bytes: response.body.length } };
  }
  const type = response.headers['content-type'] ?? '';
  if (!/html|xml/i.test(type) && !looksLikeHtml(response.body)) {
    return { state: 'skipped', code: 'not-html', message: `content-type ${type || 'none'}` };
  }
  const html = response.body.toString('utf8');
  let found = extractFromHtml(html);
  let base = found.base ? (normaliseUrl(found.base, finalUrl)?.href ?? finalUrl) : finalUrl;
  let rendered = false;
  const mode = env.config.renderMode;
  if (env.renderer && (mode === 'browser' || (mode === 'auto' && found.needsBrowser))) {
    try {
      const page = await env.renderer.render(finalUrl);
      found = {
        links: [...new Set([...found.links, ...page.links])],
        images: [...new Set([...found.images, ...page.images])],
        videos: [...new Set([...found.videos, ...(page.videos ?? [])])],
        needsBrowser: false,
        base: null,
      };
      base = page.finalUrl;
      rendered = true;
    } catch (e) {
      env.store.log('warn', 'browser-failed', finalUrl, (e as Error).message.split('\n')[0] ?? '');
    }
  }
  // The page's validator and everything it links to: one transaction (one commit per page, not
  // one per discovered URL; decision 0056). The page's own outcome follows with the runner's batch:
  // killed before it, the page is visited again and its rows are already there.
  const queued = env.store.tx(() => {
    env.store.putValidator(row.url, {
      etag: response.headers['etag'],
      lastModified: response.headers['last-modified'],
      links: {
        links: absolute(found.links, base),
        images: absolute(found.images, base),
        videos: absolute(found.videos, base),
      },
    });
    return enqueue(env, row, finalUrl, base, found.links, found.images, found.videos);
  });
  return {
    state: 'done',
    code: rendered ? 'rendered' : 'fetched',
    delta: { pages: 1, bytes: response.body.length },
    message: `${response.status}, ${queued}`,
  };
}

function absolute(urls: string[], base: string): string[] {
  return urls.flatMap((u) => normaliseUrl(u, base)?.href ?? []);
}

function conditional(
  known: { etag: string | null; last_modified: string | null; links: string | null } | undefined,
): Record<string, string> {
  if (!known?.links) return {}; // without the page's links a 304 would be useless
  const h: Record<string, string> = {};
  if (known.etag) h['if-none-match'] = known.etag;
  if (known.last_modified) h['if-modified-since'] = known.last_modified;
  return h;
}

/**
 * Queues links in scope (depth, patterns, traps, page limits) and all images and videos,
 * remembering the page (its final URL, after redirects) each was found on, for the evidence.
 */
function enqueue(
  env: CrawlEnv,
  row: FrontierRow,
  pageUrl: string,
  base: string,
  links: string[],
  images: string[],
  videos: string[] = [],
): string {
  const { config, frontier, trapLimits } = env;
  let pages = 0;
  let imgs = 0;
  let vids = 0;
  let traps = 0;
  for (const raw of images) {
    const u = normaliseUrl(raw, base);
    if (u && !trapReason(u, trapLimits) && frontier.add('image', u, row.depth, pageUrl)) imgs++;
  }
  for (const raw of videos) {
    const u = normaliseUrl(raw, base);
    if (u && !trapReason(u, trapLimits) && frontier.add('video', u, row.depth, pageUrl)) vids++;
  }
  if (row.depth < config.maxDepth) {
    for (const raw of links) {
      const u = normaliseUrl(raw, base);
      if (!u || !env.allowedHosts.has(u.hostname)) continue;
      if (frontier.has('page', u.href)) continue;
      const path = u.pathname + u.search;
      if (config.pathPatterns.length && !config.pathPatterns.some((p) => pathMatches(p, path))) {
        continue;
      }
      const trap =
        trapReason(u, trapLimits) ??
        (u.search && frontier.pathVariants(u) >= trapLimits.maxQueryVariantsPerPath
          ? `more than ${trapLimits.maxQueryVariantsPerPath} query variants of ${u.pathname}`
          : null);
      if (trap) {
        traps++;
        if (traps <= 3) env.store.log('warn', 'trap', u.href, trap);
        continue;
      }
      if (frontier.pageCount() >= config.maxPages) {
        env.store.log('info', 'max-pages', u.href, `page limit ${config.maxPages} reached`);
        break;
      }
      if (frontier.add('page', u, row.depth + 1, null)) pages++;
    }
  }
  const v = vids ? `, ${vids} videos` : '';
  return `${pages} pages and ${imgs} images${v} queued${traps ? `, ${traps} trap links dropped` : ''}`;
}
