/**
 * Heavy re-uploads of the demo case's pictures for the fixture site (issue 13 item 9): a screenshot
 * of a social-feed post taken by real Chromium (a dark desktop theme with a sidebar, and a phone
 * layout), a crop keeping 50% x 50% of the picture, a mirrored one, and a 2 x 2 collage with three
 * unrelated pictures — and unrelated pictures in the same four layouts, which must not match.
 *
 * The layouts here are the fixture's own (not bench/heldout-screens.ts's): the fixture must stay
 * independent of what the matcher was tuned and reported on. Everything is built at start-up
 * (Chromium for the two screenshots, sharp for the rest) and kept in memory, never in git.
 * Today's decision rule finds every planted copy here and none of the unrelated pictures
 * (decision 0086 has the check and what the rule misses elsewhere).
 */
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { demoReference, pictureSvg } from './images';

export type HeavyKind = 'screenshot' | 'crop-half' | 'crop-half-mirrored' | 'collage';
export type HeavyPage = 'dark' | 'phone';

/** One heavy copy (or an unrelated picture in the same layout): served at /img/x/<id>.<ext>. */
export interface HeavyCopy {
  id: number;
  /** The fixture page it appears on: /feed/dark or /feed/phone. */
  page: HeavyPage;
  kind: HeavyKind;
  /** The demo reference it shows (0-2), or null: an unrelated picture in the same layout. */
  reference: number | null;
  /** For crops: where the kept half's top-left corner is, as a share of the free space (0-1). */
  anchor?: readonly [number, number];
  /** For collages: the cell (0-3, row by row) the reference fills. */
  cell?: number;
}

export const HEAVY: readonly HeavyCopy[] = [
  { id: 0, page: 'dark', kind: 'screenshot', reference: 0 },
  { id: 1, page: 'dark', kind: 'crop-half', reference: 1, anchor: [0.25, 0.75] },
  {
    id: 2,
    page: 'dark',
    kind: 'crop-half-mirrored',
    reference: 2,
    anchor: [0.5, 0.5],
  },
  { id: 3, page: 'dark', kind: 'collage', reference: 0, cell: 1 },
  { id: 4, page: 'phone', kind: 'screenshot', reference: 1 },
  { id: 5, page: 'phone', kind: 'crop-half', reference: 2, anchor: [1, 0] },
  {
    id: 6,
    page: 'phone',
    kind: 'crop-half-mirrored',
    reference: 0,
    anchor: [0, 1],
  },
  { id: 7, page: 'phone', kind: 'collage', reference: 2, cell: 2 },
  // Unrelated pictures in the same layouts.
  { id: 8, page: 'dark', kind: 'screenshot', reference: null },
  { id: 9, page: 'dark', kind: 'crop-half', reference: null, anchor: [0.5, 0.5] },
  { id: 10, page: 'dark', kind: 'collage', reference: null, cell: 0 },
  { id: 11, page: 'phone', kind: 'screenshot', reference: null },
  {
    id: 12,
    page: 'phone',
    kind: 'crop-half-mirrored',
    reference: null,
    anchor: [0, 0],
  },
  { id: 13, page: 'phone', kind: 'collage', reference: null, cell: 3 },
];

/** A built heavy copy: its file, and where the shown picture lies in it. */
export interface HeavyImage {
  copy: HeavyCopy;
  body: Buffer;
  type: 'image/png' | 'image/jpeg';
  /**
   * The whole picture's box in this image as fractions of its width and height: left, top,
   * right, bottom. A crop's box reaches outside 0-1 (the picture goes on beyond the crop).
   */
  box: [number, number, number, number];
}

/** The picture of an unrelated seed (not a demo reference), 640 x 480 PNG. */
const unrelatedPng = (seed: number) =>
  sharp(Buffer.from(pictureSvg(seed, 640, 480)))
    .png()
    .toBuffer();

/** The picture a copy shows: the demo reference, or an unrelated picture of its own. */
const source = (c: HeavyCopy) =>
  c.reference === null ? unrelatedPng(930_000 + c.id) : demoReference(c.reference);

/** A crop keeping half of each side of a 640 x 480 picture, mirrored or not, as a JPEG. */
async function cropHalf(c: HeavyCopy): Promise<HeavyImage> {
  const [ax, ay] = c.anchor ?? [0.5, 0.5];
  const left = Math.round(ax * 320);
  const top = Math.round(ay * 240);
  let img = sharp(await source(c)).extract({ left, top, width: 320, height: 240 });
  const mirrored = c.kind === 'crop-half-mirrored';
  if (mirrored) img = img.flop();
  // In the crop's own fractions the picture spans 2 crop widths, starting left of the crop.
  const x0 = -left / 320;
  const box: [number, number, number, number] = [x0, -top / 240, x0 + 2, -top / 240 + 2];
  if (mirrored) [box[0], box[2]] = [1 - box[2], 1 - box[0]];
  return { copy: c, body: await img.jpeg({ quality: 85 }).toBuffer(), type: 'image/jpeg', box };
}

const CELL = { w: 320, h: 240, gap: 8 };

/** A 2 x 2 collage with white gutters: the picture in one cell, unrelated pictures elsewhere. */
async function collage(c: HeavyCopy): Promise<HeavyImage> {
  const cell = c.cell ?? 0;
  const W = 2 * CELL.w + CELL.gap;
  const H = 2 * CELL.h + CELL.gap;
  const tiles = await Promise.all(
    [0, 1, 2, 3].map(async (i) =>
      sharp(i === cell ? await source(c) : await unrelatedPng(940_000 + c.id * 4 + i))
        .resize(CELL.w, CELL.h)
        .toBuffer(),
    ),
  );
  const at = (i: number) => ({
    left: (i % 2) * (CELL.w + CELL.gap),
    top: Math.floor(i / 2) * (CELL.h + CELL.gap),
  });
  const body = await sharp({
    create: { width: W, height: H, channels: 3, background: '#ffffff' },
  })
    .composite(tiles.map((input, i) => ({ input, ...at(i) })))
    .jpeg({ quality: 85 })
    .toBuffer();
  const { left, top } = at(cell);
  return {
    copy: c,
    body,
    type: 'image/jpeg',
    box: [left / W, top / H, (left + CELL.w) / W, (top + CELL.h) / H],
  };
}

const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;

/**
 * The social-feed post both screenshots show: an avatar, a name, the picture, reactions and a
 * caption; the desktop one (dark theme) has a sidebar of menu items and suggested accounts.
 */
function feedPostHtml(page: HeavyPage, picture: string, avatar: string): string {
  const desktop = page === 'dark';
  const theme = desktop
    ? { bg: '#15171c', card: '#1f2229', text: '#e8e8ea', dim: '#9a9ca3', line: '#2c2f37' }
    : { bg: '#ffffff', card: '#ffffff', text: '#16181c', dim: '#6b6f76', line: '#e3e5e8' };
  const sidebar = desktop
    ? `<aside>${['홈', '탐색', '알림', '메시지', '저장됨', '프로필']
        .map((s) => `<div class="menu">● ${s}</div>`)
        .join('')}<div class="sugg">추천 계정</div>${['sora.kim', 'hanriver_walks', 'jeju_daily']
        .map((s) => `<div class="acct"><span class="dot"></span>${s}</div>`)
        .join('')}</aside>`
    : '';
  const status = desktop
    ? ''
    : `<div class="status"><span>9:41</span><span>▂▄▆ ▮</span></div><div class="appbar">feedly·gram</div>`;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
*{box-sizing:border-box;margin:0}
body{background:${theme.bg};color:${theme.text};font-family:'Noto Sans CJK KR','DejaVu Sans',sans-serif;font-size:14px;display:flex;gap:20px;padding:${desktop ? '14px 18px' : '0'}}
aside{width:200px;flex:none;padding-top:6px}
.menu{padding:9px 6px;font-size:15px;color:${theme.text}}
.sugg{margin-top:18px;color:${theme.dim};font-size:12px;text-transform:uppercase}
.acct{display:flex;align-items:center;gap:8px;padding:6px;color:${theme.dim}}
.dot{width:22px;height:22px;border-radius:50%;background:${theme.line}}
main{flex:none;width:${desktop ? '700px' : '100%'}}
.post{background:${theme.card};border:${desktop ? `1px solid ${theme.line}` : 'none'};border-radius:${desktop ? '10px' : '0'};padding:${desktop ? '10px' : '0'}}
.head{display:flex;align-items:center;gap:10px;padding:${desktop ? '0 0 8px' : '8px 10px'}}
.head img{width:36px;height:36px;border-radius:50%}
.name{font-weight:600}.when{color:${theme.dim};font-size:12px}
#picture{display:block;width:${desktop ? '680px' : '100%'};height:auto}
.actions{padding:8px ${desktop ? '0' : '10px'};color:${theme.dim}}
.caption{padding:0 ${desktop ? '0' : '10px'} 8px;line-height:1.4}
.status{display:flex;justify-content:space-between;padding:4px 14px;font-size:12px;font-weight:600}
nav{position:fixed;bottom:0;left:0;right:0;padding:12px;text-align:center;font-size:20px;border-top:1px solid ${theme.line};background:${theme.bg}}
.appbar{padding:8px 12px;font-weight:700;font-size:18px;border-bottom:1px solid ${theme.line}}
</style></head><body>${sidebar}<main>${status}<div class="post">
<div class="head"><img src="${avatar}" alt=""><div><div class="name">daily.snaps_92</div><div class="when">3시간 전 · 공개</div></div></div>
<img id="picture" src="${picture}" alt="">
<div class="actions">♡ 1,204 &nbsp; 댓글 87 &nbsp; ↗ 공유</div>
<div class="caption"><b>daily.snaps_92</b> 주말에 다녀온 곳 — weekend trip, more soon</div>
</div>${desktop ? '' : '<nav>⌂ &nbsp; ⌕ &nbsp; ⊕ &nbsp; ♡ &nbsp; ☺</nav>'}</main></body></html>`;
}

/** Viewport and device scale of each screenshot: the picture is about half of the capture. */
const SHOT = {
  dark: { viewport: { width: 960, height: 720 }, scale: 1, colorScheme: 'dark' as const },
  phone: { viewport: { width: 390, height: 580 }, scale: 2, colorScheme: 'light' as const },
};

/** Screenshots of the feed post in real Chromium, with the picture's measured box. */
async function screenshots(copies: HeavyCopy[]): Promise<HeavyImage[]> {
  const browser = await chromium.launch({
    executablePath: process.env['JIUM_CHROMIUM'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
  });
  try {
    const avatar = dataUrl(
      await sharp(Buffer.from(pictureSvg(950_000, 96, 96)))
        .png()
        .toBuffer(),
    );
    const out: HeavyImage[] = [];
    for (const c of copies) {
      const s = SHOT[c.page];
      const context = await browser.newContext({
        viewport: s.viewport,
        deviceScaleFactor: s.scale,
        colorScheme: s.colorScheme,
      });
      const page = await context.newPage();
      await page.setContent(feedPostHtml(c.page, dataUrl(await source(c)), avatar), {
        waitUntil: 'load',
      });
      const r = await page.locator('#picture').boundingBox();
      const body = await page.screenshot({ type: 'png' });
      await context.close();
      if (!r) throw new Error('the feed post has no picture');
      const { width: w, height: h } = s.viewport;
      out.push({
        copy: c,
        body,
        type: 'image/png',
        box: [r.x / w, r.y / h, (r.x + r.width) / w, (r.y + r.height) / h],
      });
    }
    return out;
  } finally {
    await browser.close();
  }
}

/** Builds every heavy copy (about 2-4 s, most of it Chromium's start). */
export async function buildHeavyCopies(): Promise<HeavyImage[]> {
  const shots = await screenshots(HEAVY.filter((c) => c.kind === 'screenshot'));
  const rest = await Promise.all(
    HEAVY.filter((c) => c.kind !== 'screenshot').map((c) =>
      c.kind === 'collage' ? collage(c) : cropHalf(c),
    ),
  );
  return [...shots, ...rest].sort((a, b) => a.copy.id - b.copy.id);
}

/** The path a heavy copy is served at. */
export const heavyPath = (c: HeavyCopy) =>
  `/img/x/${c.id}.${c.kind === 'screenshot' ? 'png' : 'jpg'}`;

/**
 * A page of posts in a dark theme (desktop) or a phone layout, each post one heavy copy or an
 * unrelated picture in the same layout: real HTML and CSS that the crawler's browser mode renders.
 * Returns the page's title, body and head for the site's page frame.
 */
export function feedPage(
  which: HeavyPage,
  heavy: readonly HeavyImage[],
): [title: string, body: string, head: string] {
  const posts = heavy
    .filter((h) => h.copy.page === which)
    .map(
      (h, i) =>
        `<article><header><span class="avatar"></span>user_${100 + i * 7}</header><img src="${heavyPath(h.copy)}" alt=""><p>${['shared this', '퍼온 사진', 'repost', '모음'][i % 4]}</p></article>`,
    )
    .join('');
  const style =
    which === 'dark'
      ? `<style>body{background:#101216;color:#d8dadf;font-family:sans-serif;margin:0 auto;max-width:760px}
article{background:#1b1e24;border:1px solid #2a2e36;border-radius:8px;margin:16px 0;padding:12px}
img{max-width:100%;display:block}.avatar{display:inline-block;width:24px;height:24px;border-radius:50%;background:#3a3f4a;margin-right:8px;vertical-align:middle}a{color:#8ab4f8}</style>`
      : `<meta name="viewport" content="width=device-width, initial-scale=1"><style>body{font-family:sans-serif;margin:0 auto;max-width:420px}
article{border-bottom:1px solid #e3e5e8;padding:8px 0}img{width:100%;display:block}
.avatar{display:inline-block;width:24px;height:24px;border-radius:50%;background:#d0d4da;margin:0 8px;vertical-align:middle}</style>`;
  return [which === 'dark' ? 'Feed (dark theme)' : 'Feed (phone)', posts, style];
}
