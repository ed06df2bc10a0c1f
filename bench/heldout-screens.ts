/**
 * Screenshots taken by real Chromium (playwright-core, /usr/bin/chromium) of real page layouts
 * (bench/layouts: feed, gallery, chat, forum) with the picture in them: light and dark themes,
 * desktop and phone widths (phones at device scale 2-3, as phone screenshots are), the picture
 * covering a seeded 30-90% of the capture where the layout allows (the measured share is
 * recorded), captions in Korean and English, avatars, sidebars and sticker overlays.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

/** The layouts' folder (benches run from the repository root; bench/run.mjs sets it). */
const LAYOUT_DIR = path.resolve(process.cwd(), 'bench/layouts');

export const LAYOUTS = ['feed', 'gallery', 'chat', 'forum'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** What one screenshot shows and how much of it is the picture. */
export interface ShotSpec {
  layout: Layout;
  theme: 'light' | 'dark';
  device: 'desktop' | 'phone';
  /** Wanted share of the capture's area covered by the picture. */
  target: number;
  sticker: boolean;
}

/** The picture's measured share of the capture and where it is. */
export interface ShotResult {
  share: number;
  /**
   * The picture element's box in the capture's pixels (its bounding box in CSS pixels times the
   * device scale, clipped to the viewport): left, top, right, bottom.
   */
  box: [number, number, number, number];
}

const VIEWPORT = { desktop: { width: 1366, height: 820 }, phone: { width: 390, height: 844 } };
/** The widest and tallest the picture can be in each layout before the layout breaks. */
const MAX_BOX: Record<Layout, Record<'desktop' | 'phone', [number, number]>> = {
  feed: { desktop: [780, 700], phone: [390, 700] },
  gallery: { desktop: [1000, 740], phone: [390, 720] },
  chat: { desktop: [700, 680], phone: [270, 600] },
  forum: { desktop: [860, 700], phone: [380, 700] },
};
const CAPTIONS = [
  '오늘 찍은 사진 ✨',
  'look what I found',
  '이거 누구 사진인지 아시는 분?',
  'throwback to last summer',
  '퍼온 사진입니다',
  'no caption needed',
];
const NAMES = ['minjun_92', '김서연', 'daily.pics', 'jh_lee', 'anon1234', '박지훈'];
const STICKERS = [
  '<path d="M50 88 L12 50 A22 22 0 0 1 50 18 A22 22 0 0 1 88 50 Z" fill="#ef4444" stroke="#fff" stroke-width="5"/>',
  '<polygon points="50,5 61,38 96,38 68,58 78,92 50,72 22,92 32,58 4,38 39,38" fill="#facc15" stroke="#fff" stroke-width="4"/>',
  '<circle cx="50" cy="50" r="44" fill="#fde047" stroke="#fff" stroke-width="5"/><circle cx="35" cy="40" r="6"/><circle cx="65" cy="40" r="6"/><path d="M28 60 Q50 82 72 60" stroke="#000" stroke-width="6" fill="none"/>',
  '<rect x="6" y="26" width="88" height="48" rx="12" fill="#111" opacity="0.85"/><text x="50" y="58" font-size="24" text-anchor="middle" fill="#fff" font-family="DejaVu Sans">LOL</text>',
];

/** A Chromium that renders the layouts; close() when done. */
export class Screens {
  /** One page per viewport, scale and theme, reused: a new context per shot is slow. */
  private readonly pages = new Map<string, Page>();

  private constructor(private readonly browser: Browser) {}

  private async page(device: 'desktop' | 'phone', dpr: number, theme: 'light' | 'dark') {
    const key = `${device}/${dpr}/${theme}`;
    let p = this.pages.get(key);
    if (!p) {
      const context = await this.browser.newContext({
        viewport: VIEWPORT[device],
        deviceScaleFactor: dpr,
        colorScheme: theme,
      });
      p = await context.newPage();
      this.pages.set(key, p);
    }
    return p;
  }

  static async open(): Promise<Screens> {
    const browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: ['--allow-file-access-from-files', '--disable-gpu', '--font-render-hinting=none'],
    });
    return new Screens(browser);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /**
   * Renders `photo` (a file, with its pixel size) in a layout and saves a viewport screenshot to
   * `out` (PNG or JPEG by extension). `others` are unrelated pictures for avatars and thumbnails.
   */
  async shoot(
    spec: ShotSpec,
    photo: { file: string; width: number; height: number },
    others: string[],
    workDir: string,
    out: string,
    rand: () => number,
  ): Promise<ShotResult> {
    const vp = VIEWPORT[spec.device];
    const [maxW, maxH] = MAX_BOX[spec.layout][spec.device];
    const aspect = photo.width / photo.height;
    let pw = Math.sqrt(spec.target * vp.width * vp.height * aspect);
    let ph = pw / aspect;
    const fit = Math.min(1, maxW / pw, maxH / ph);
    pw = Math.round(pw * fit);
    ph = Math.round(ph * fit);
    const pick = (k: number) =>
      others[(Math.floor(rand() * 1e6) + k) % Math.max(1, others.length)] ?? photo.file;
    const url = (f: string) => pathToFileURL(f).href;
    const stickerSize = Math.round(pw * (0.14 + rand() * 0.1));
    const sticker = spec.sticker
      ? `<svg class="sticker" viewBox="0 0 100 100" width="${stickerSize}" height="${stickerSize}"
          style="left:${Math.round(rand() * (pw - stickerSize))}px;top:${Math.round(rand() * (ph - stickerSize))}px"
          xmlns="http://www.w3.org/2000/svg">${STICKERS[Math.floor(rand() * STICKERS.length)]}</svg>`
      : '';
    const fill: Record<string, string> = {
      CSS: url(path.join(LAYOUT_DIR, 'base.css')),
      THEME: spec.theme,
      DEVICE: spec.device,
      PHOTO: url(photo.file),
      PW: String(pw),
      PH: String(ph),
      AVATAR: url(pick(0)),
      OTHER1: url(pick(1)),
      OTHER2: url(pick(2)),
      OTHER3: url(pick(3)),
      CAPTION: CAPTIONS[Math.floor(rand() * CAPTIONS.length)]!,
      NAME: NAMES[Math.floor(rand() * NAMES.length)]!,
      TIME: `${1 + Math.floor(rand() * 23)}시간 전`,
      STICKER: sticker,
    };
    const template = readFileSync(layoutFile(spec.layout), 'utf8');
    const html = template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => fill[k] ?? '');
    const page = path.join(workDir, `page-${process.pid}.html`);
    writeFileSync(page, html);
    const dpr = spec.device === 'phone' ? (rand() < 0.5 ? 2 : 3) : 1;
    const p = await this.page(spec.device, dpr, spec.theme);
    await p.goto(url(page), { waitUntil: 'load' });
    await p.evaluate(async () => {
      await Promise.all([...document.images].map((i) => i.decode().catch(() => undefined)));
      document.querySelector('.photo')?.scrollIntoView({ block: 'center' });
    });
    const { share, rect } = await p.evaluate(() => {
      const r = document.querySelector('.photo')!.getBoundingClientRect();
      const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
      const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
      const clip = [r.left, r.top, r.right, r.bottom].map((v, k) =>
        Math.min(Math.max(v, 0), k % 2 === 0 ? innerWidth : innerHeight),
      );
      return { share: (w * h) / (innerWidth * innerHeight), rect: clip };
    });
    const box = rect.map((v) => Math.round(v * dpr)) as ShotResult['box'];
    await p.screenshot({
      path: out,
      type: out.endsWith('.png') ? 'png' : 'jpeg',
      ...(out.endsWith('.png') ? {} : { quality: 80 }),
    });
    return { share, box };
  }
}

function layoutFile(layout: Layout): string {
  return path.join(LAYOUT_DIR, `${layout}.html`);
}
