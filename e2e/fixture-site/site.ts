/**
 * The fixture site: a real HTTP server on 127.0.0.1 that looks like the places victims' images
 * reappear — paginated galleries, script-rendered lazy images, srcset/picture, CSS backgrounds,
 * og:image, redirects, robots.txt rules — with hostile corners (HTML served as JPEG, truncated and
 * pixel-bomb images, a gzip bomb, an oversized body, slow drips, a redirect to a private address,
 * endless calendars) and transformed copies of the demo case's images planted among hundreds of
 * unrelated generated photos. Used by the crawler's tests, `npm run bench` and `npm run demo`.
 * With `videos: true` it also serves video pages (videos.ts): planted copies of the demo reference
 * video among unrelated ones, as <video src>, <source>, og:video, a direct link and HLS.
 * With `heavy: true` it also serves a dark-theme page (/feed/dark) and a phone-layout page
 * (/feed/phone) of heavy copies (heavy.ts): screenshots of a feed post, half crops, mirrored half
 * crops and 2 x 2 collages, beside unrelated pictures in the same layouts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { buildHeavyCopies, feedPage, heavyPath, type HeavyImage, type HeavyPage } from './heavy';
import { demoReference, pictureJpeg, plantedCopy, type Transform } from './images';
import { prepareFixtureVideos, serveVideoMedia, videoPages } from './videos';

/** A planted copy of a demo reference: where it is and who can find it. */
export interface Planted {
  id: number;
  reference: number;
  transform: Transform;
  /** The page it appears on. */
  page: string;
  /** How it appears there. */
  how: string;
  /** Whether a plain HTTP crawl can see it (false: only a browser runs the script). */
  http: boolean;
  /** Whether a crawl that respects robots.txt may find it. */
  allowed: boolean;
}

export const PLANTED: readonly Planted[] = [
  {
    id: 0,
    reference: 0,
    transform: 'resized',
    page: '/gallery/3',
    how: 'img src',
    http: true,
    allowed: true,
  },
  {
    id: 1,
    reference: 1,
    transform: 'recompressed',
    page: '/gallery/6',
    how: 'srcset',
    http: true,
    allowed: true,
  },
  {
    id: 2,
    reference: 2,
    transform: 'mirrored',
    page: '/gallery/9',
    how: 'picture source',
    http: true,
    allowed: true,
  },
  {
    id: 3,
    reference: 0,
    transform: 'cropped',
    page: '/lazy/2',
    how: 'script-rendered on scroll',
    http: false,
    allowed: true,
  },
  {
    id: 4,
    reference: 1,
    transform: 'framed',
    page: '/styles',
    how: 'CSS background',
    http: true,
    allowed: true,
  },
  {
    id: 5,
    reference: 2,
    transform: 'resized',
    page: '/share',
    how: 'og:image',
    http: true,
    allowed: true,
  },
  {
    id: 6,
    reference: 0,
    transform: 'mirrored',
    page: '/gallery/11',
    how: 'data-src',
    http: true,
    allowed: true,
  },
  {
    id: 7,
    reference: 1,
    transform: 'cropped',
    page: '/gallery/12',
    how: 'image behind a redirect',
    http: true,
    allowed: true,
  },
  {
    id: 8,
    reference: 2,
    transform: 'recompressed',
    page: '/private/hidden',
    how: 'robots.txt disallowed',
    http: true,
    allowed: false,
  },
];

export const GALLERY_PAGES = 12;
const PER_GALLERY = 24;
const LAZY_PAGES = 3;
const PER_LAZY = 16;

export interface FixtureSite {
  origin: string;
  port: number;
  /** Requests served, by path (for politeness and robots assertions). */
  requests: string[];
  /**
   * Takes a path down as a host would after a takedown: it answers `status` (410 Gone unless
   * told otherwise) from now on. Tests only; nothing on the wire can trigger it.
   */
  remove(path: string, status?: 404 | 410): void;
  /** The heavy copies served (empty unless `heavy: true`), with where their picture lies. */
  heavy: readonly HeavyImage[];
  close(): Promise<void>;
}

export interface FixtureOptions {
  port?: number;
  /** Delay of every response, to look like a real remote site (bench). */
  latencyMs?: number;
  /** Serve the video pages and link them from the home page (videos.ts); off by default. */
  videos?: boolean;
  /** Serve the heavy copies' pages and link them from the home page (heavy.ts); off by default. */
  heavy?: boolean;
}

const html = (title: string, body: string, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body><h1>${title}</h1>${body}<p><a href="/">home</a></p></body></html>`;

/** Starts the fixture site on 127.0.0.1. */
export async function startFixtureSite(options: FixtureOptions = {}): Promise<FixtureSite> {
  const cache = new Map<string, Promise<Buffer>>();
  const memo = (key: string, make: () => Promise<Buffer>) => {
    let p = cache.get(key);
    if (!p) cache.set(key, (p = make()));
    return p;
  };
  const refs = [0, 1, 2].map((i) => memo(`ref${i}`, () => demoReference(i)));
  const planted = (id: number) =>
    memo(`p${id}`, async () =>
      plantedCopy(await refs[PLANTED[id]!.reference]!, PLANTED[id]!.transform),
    );
  const unrelated = (id: number) => memo(`u${id}`, () => pictureJpeg(1000 + id, 320, 240));
  const requests: string[] = [];
  const removed = new Map<string, number>();
  const bomb = gzipSync(Buffer.alloc(80 * 1024 * 1024));
  const videoFiles = options.videos ? await prepareFixtureVideos() : null;
  const vPages = videoFiles ? videoPages() : {};
  const heavy = options.heavy ? await buildHeavyCopies() : [];

  const pages: Record<string, () => string> = {
    '/': () =>
      html(
        'Fixture gallery site',
        `<ul><li><a href="/gallery/1">Gallery</a></li><li><a href="/lazy/1">Lazy</a></li>
         <li><a href="/styles">Styles</a></li><li><a href="/share">Share</a></li>
         <li><a href="/moved/old">Old gallery link</a></li><li><a href="/hostile">Odd images</a></li>
         <li><a href="/slow">Slow page</a></li><li><a href="/private/hidden">Members</a></li>
         <li><a href="/calendar?month=2026-11">Calendar</a></li><li><a href="/loop/x">Loop</a></li>
         <li><a href="/away">Elsewhere</a></li><li><a href="http://10.0.0.1/admin">Router</a></li>${videoFiles ? '<li><a href="/videos">Videos</a></li>' : ''}${heavy.length ? '<li><a href="/feed/dark">Feed (dark)</a></li><li><a href="/feed/phone">Feed (phone)</a></li>' : ''}</ul>`,
      ),
    '/styles': () =>
      html(
        'Styles',
        `<div style="width:200px;height:150px;background-image:url('/img/p/4.jpg')"></div><div class="hero"></div>`,
        `<style>.hero{background:url("/img/u/390.jpg") center/cover;width:200px;height:150px}</style>`,
      ),
    '/share': () =>
      html('Share', '<p>Shared photo</p>', '<meta property="og:image" content="/img/p/5.jpg">'),
    '/private/hidden': () => html('Members only', '<img src="/img/p/8.jpg" alt="">'),
    '/slow': () => html('Slow', '<img src="/img/u/391.jpg" alt="">'),
    '/hostile': () =>
      html(
        'Odd images',
        [
          'html',
          'truncated',
          'pixel-bomb',
          'gzip-bomb',
          'oversized',
          'drip',
          'missing',
          'to-private',
        ]
          .map((n) => `<img src="/img/h/${n}.jpg" alt="">`)
          .join(''),
      ),
  };

  const gallery = (n: number) => {
    const imgs: string[] = [];
    for (let i = 0; i < PER_GALLERY; i++) {
      const id = ((n - 1) * PER_GALLERY + i) % 360;
      imgs.push(
        i % 5 === 1
          ? `<img src="/img/u/${id}.jpg" srcset="/img/u/${id}.jpg 320w, /img/u/${id}.jpg?w=640 640w" alt="">`
          : `<img src="/img/u/${id}.jpg" alt="">`,
      );
    }
    const plant = PLANTED.find((p) => p.page === `/gallery/${n}`);
    if (plant?.how === 'img src') imgs.splice(7, 0, `<img src="/img/p/${plant.id}.jpg" alt="">`);
    if (plant?.how === 'srcset')
      imgs.splice(
        3,
        0,
        `<img src="/img/u/5.jpg" srcset="/img/u/5.jpg 1x, /img/p/${plant.id}.jpg 2x" alt="">`,
      );
    if (plant?.how === 'picture source')
      imgs.splice(
        9,
        0,
        `<picture><source srcset="/img/p/${plant.id}.jpg" type="image/jpeg"><img src="/img/u/6.jpg" alt=""></picture>`,
      );
    if (plant?.how === 'data-src')
      imgs.splice(2, 0, `<img class="lazyload" data-src="/img/p/${plant.id}.jpg" alt="">`);
    if (plant?.how === 'image behind a redirect')
      imgs.splice(4, 0, `<img src="/img/r/${plant.id}.jpg" alt="">`);
    const nav = [
      n > 1 ? `<a href="/gallery/${n - 1}">previous</a>` : '',
      n < GALLERY_PAGES ? `<a href="/gallery/${n + 1}">next</a>` : '',
      `<a href="/gallery/${n}?sort=new&amp;utm_source=feed">newest</a>`,
    ].join(' ');
    return html(`Gallery ${n}`, `<div class="grid">${imgs.join('')}</div><nav>${nav}</nav>`);
  };

  const lazy = (n: number) => {
    const ids = Array.from({ length: PER_LAZY }, (_, i) => 360 + (((n - 1) * PER_LAZY + i) % 30));
    const plant = PLANTED.find((p) => p.page === `/lazy/${n}`);
    // Image URLs are computed by the script, so no static parser can see them.
    const list = ids.map((id) => `['u', ${id}]`);
    if (plant) list.splice(11, 0, `['p', ${plant.id}]`);
    const nav = n < LAZY_PAGES ? `<a href="/lazy/${n + 1}">more</a>` : '';
    return html(
      `Lazy ${n}`,
      `<div id="feed"></div><div style="height:2400px"></div><div id="more"></div><nav>${nav}</nav>
<script>
const items = [${list.join(',')}];
let shown = 0;
function more() {
  const feed = document.getElementById('feed');
  for (const [k, id] of items.slice(shown, shown + 6)) {
    const img = document.createElement('img');
    img.src = '/img/' + k + '/' + id + '.jpg';
    img.width = 160;
    feed.appendChild(img);
  }
  shown += 6;
}
more();
// Infinite scroll as sites do it: when the sentinel shows, load more and watch it again.
const sentinel = document.getElementById('more');
const io = new IntersectionObserver((entries) => {
  if (!entries.some((x) => x.isIntersecting)) return;
  more();
  io.unobserve(sentinel);
  if (shown < items.length) setTimeout(() => io.observe(sentinel), 50);
});
io.observe(sentinel);
</script>`,
    );
  };

  const sendImage = (
    req: IncomingMessage,
    res: ServerResponse,
    key: string,
    body: Buffer,
    type = 'image/jpeg',
  ) => {
    const etag = `"${key}-${body.length}"`;
    if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
    res
      .writeHead(200, {
        'content-type': type,
        'content-length': body.length,
        etag,
        'last-modified': 'Mon, 02 Nov 2026 09:00:00 GMT',
        'cache-control': 'max-age=3600',
      })
      .end(body);
  };

  const hostile = async (name: string, res: ServerResponse) => {
    switch (name) {
      case 'html':
        return res
          .writeHead(200, { 'content-type': 'image/jpeg' })
          .end('<!doctype html><html><body>Not an image</body></html>');
      case 'truncated': {
        const full = await unrelated(7);
        return res
          .writeHead(200, { 'content-type': 'image/jpeg' })
          .end(full.subarray(0, full.length >> 1));
      }
      case 'pixel-bomb': {
        // A JPEG header declaring 60000 x 60000 pixels and nothing else: refused from the header.
        const sof = Buffer.from([
          0xff, 0xc0, 0, 17, 8, 0xea, 0x60, 0xea, 0x60, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
        ]);
        return res
          .writeHead(200, { 'content-type': 'image/jpeg' })
          .end(Buffer.concat([Buffer.from([0xff, 0xd8]), sof, Buffer.from([0xff, 0xd9])]));
      }
      case 'gzip-bomb':
        return res
          .writeHead(200, { 'content-type': 'image/png', 'content-encoding': 'gzip' })
          .end(bomb);
      case 'oversized':
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': 200_000_000 });
        return res.write(Buffer.alloc(1024));
      case 'drip': {
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        const t = setInterval(() => res.write(Buffer.from([0xff])), 100);
        res.on('close', () => clearInterval(t));
        return;
      }
      case 'to-private':
        return res.writeHead(302, { location: 'http://10.0.0.1/x.jpg' }).end();
      default:
        return res.writeHead(404).end();
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const path = url.pathname;
    requests.push(path + url.search);
    const page = (body: string, status = 200) =>
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    const takenDown = removed.get(path);
    if (takenDown) return page(html('Removed', '<p>This content was removed.</p>'), takenDown);
    let m: RegExpExecArray | null;
    if (path === '/robots.txt') {
      return res
        .writeHead(200, { 'content-type': 'text/plain' })
        .end('User-agent: *\nDisallow: /private/\nAllow: /\n');
    }
    if (pages[path]) {
      if (path === '/slow') await new Promise((r) => setTimeout(r, 1200));
      return page(pages[path]());
    }
    if ((m = /^\/gallery\/(\d+)$/.exec(path)) && +m[1]! >= 1 && +m[1]! <= GALLERY_PAGES)
      return page(gallery(+m[1]!));
    if ((m = /^\/lazy\/(\d+)$/.exec(path)) && +m[1]! >= 1 && +m[1]! <= LAZY_PAGES)
      return page(lazy(+m[1]!));
    if (path === '/moved/old') return res.writeHead(301, { location: '/moved/older' }).end();
    if (path === '/moved/older') return res.writeHead(302, { location: '/gallery/12' }).end();
    if (path === '/away')
      return res.writeHead(302, { location: 'https://elsewhere.invalid/' }).end();
    if (path === '/calendar') {
      // An endless calendar: every month links to the next and the previous one.
      const [y, mo] = (url.searchParams.get('month') ?? '2026-11').split('-').map(Number) as [
        number,
        number,
      ];
      const fmt = (d: Date) =>
        `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
      const next = fmt(new Date(Date.UTC(y, mo, 1)));
      const prev = fmt(new Date(Date.UTC(y, mo - 2, 1)));
      return page(
        html(
          `Calendar ${y}-${mo}`,
          `<a href="/calendar?month=${prev}">prev</a> <a href="/calendar?month=${next}">next</a>`,
        ),
      );
    }
    if (path.startsWith('/loop/'))
      return page(html('Loop', `<a href="${path}/x">deeper</a><a href="x/">same</a>`));
    if ((m = /^\/img\/u\/(\d+)\.jpg$/.exec(path)) && +m[1]! < 400) {
      return sendImage(req, res, `u${m[1]}`, await unrelated(+m[1]!));
    }
    if ((m = /^\/img\/p\/(\d+)\.jpg$/.exec(path)) && +m[1]! < PLANTED.length) {
      return sendImage(req, res, `p${m[1]}`, await planted(+m[1]!));
    }
    if ((m = /^\/img\/r\/(\d+)\.jpg$/.exec(path))) {
      return res.writeHead(302, { location: `/img/p/${m[1]}.jpg` }).end();
    }
    if ((m = /^\/img\/h\/([a-z-]+)\.jpg$/.exec(path))) return hostile(m[1]!, res);
    if ((m = /^\/feed\/(dark|phone)$/.exec(path)) && heavy.length)
      return page(html(...feedPage(m[1] as HeavyPage, heavy)));
    const x = heavy.find((h) => heavyPath(h.copy) === path);
    if (x) return sendImage(req, res, `x${x.copy.id}`, x.body, x.type);
    if (videoFiles && vPages[path]) return page(vPages[path]());
    if (videoFiles && serveVideoMedia(req, res, path, videoFiles)) return;
    return page(html('Not found', '<p>Nothing here.</p>'), 404);
  };

  const server = createServer((req, res) => {
    const go = () =>
      handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    if (options.latencyMs) setTimeout(go, options.latencyMs);
    else void go();
  });
  await new Promise<void>((r) => server.listen(options.port ?? 0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    remove: (path, status = 410) => void removed.set(path, status),
    heavy,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
