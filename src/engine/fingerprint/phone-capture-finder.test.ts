/**
 * The picture in a phone capture rendered by real Chromium (issue 13, decision 0166): a dark feed
 * at 390 CSS px and device scale 3, the post's picture a white panel from one edge to the other
 * with a round-cut photograph in it (no straight outline for framed.ts to find), between the
 * post's header and caption lines and the next post. At the working size (237 x 512) the lines of
 * text are a few pixels tall and blurred to grey, not two-tone: their cells read as texture,
 * joined the header, the captions and the next post to the photograph, and the block was the
 * whole page (no picture). Real photographs (PDQ vectors), real fonts.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { decodeImage } from './decode';
import { embeddedBox } from './embedded';
import { lumaFromPixels } from './pdq';
import { vectorsDir } from './test-support';

const CHROMIUM = process.env['JIUM_CHROMIUM'] ?? '/usr/bin/chromium';
const url = (name: string) =>
  pathToFileURL(path.join(vectorsDir, 'pdq/data/reg-test-input', name)).href;

const head = (name: string, time: string) => `
  <div class="head"><img class="avatar" src="${url(AVATAR)}" />
    <div><b>${name}</b><div class="muted">${time}</div></div></div>`;

const PICTURE = 'dih/bridge-1-original.jpg';
const AVATAR = 'labelme-subset/q1050.jpg';
const PAGE = `<!doctype html><html><head><meta charset="utf-8" /><style>
  * { box-sizing: border-box; }
  body { margin: 0; background: #0f1115; color: #e5e7eb;
    font: 15px/1.45 'Noto Sans CJK KR', 'DejaVu Sans', sans-serif; }
  .bar { height: 52px; background: #1b1e24; color: #60a5fa; font-weight: 800; font-size: 20px;
    padding: 12px 16px; border-bottom: 1px solid #2a2f38; }
  .post { background: #1b1e24; margin: 8px 0; padding: 10px 0; }
  .head { display: flex; gap: 10px; align-items: center; padding: 0 10px; margin-bottom: 10px; }
  .avatar { width: 40px; height: 40px; border-radius: 50%; object-fit: cover; }
  .muted { color: #9ca3af; font-size: 13px; }
  .text { padding: 0 10px; margin-bottom: 10px; }
  .photo { display: flex; align-items: center; justify-content: center; background: #fff;
    width: 390px; height: 330px; }
  .photo img { width: 320px; height: 320px; border-radius: 50%; }
  .next { display: block; width: 390px; height: 292px; }
  .actions { display: flex; gap: 16px; padding: 8px 10px 0; color: #9ca3af; font-size: 13px; }
</style></head><body>
  <div class="bar">picbook</div>
  <div class="post">${head('한지민', '2시간 전 · 공개')}
    <div class="text">주말 산책 🙂 just another ordinary day</div></div>
  <div class="post">${head('daily.pics', '5시간 전')}
    <div class="text">오늘 찍은 사진 ✨</div>
    <div class="photo"><img src="${url(PICTURE)}" /></div>
    <div class="actions"><span>♥ 1.2k</span><span>💬 87</span><span>↗ Share</span></div></div>
  <div class="post">${head('Mina Park', 'Yesterday')}
    <img class="next" src="${url('labelme-subset/q0746.jpg')}" /></div>
</body></html>`;

describe.skipIf(!existsSync(CHROMIUM))('the picture in a phone capture', () => {
  it('is found between text lines that read as texture at the working size', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--disable-gpu', '--allow-file-access-from-files'],
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'jium-phone-capture-'));
    try {
      const file = path.join(dir, 'feed.html');
      writeFileSync(file, PAGE);
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 3,
      });
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await page.locator('.photo').evaluate((e) => e.scrollIntoView({ block: 'center' }));
      const photo = page.locator('.photo img');
      const r = (await photo.boundingBox())!;
      const bytes = await page.screenshot({ type: 'jpeg', quality: 80 });
      const img = await decodeImage(bytes);
      const { rgb, workWidth: w, workHeight: h } = img;
      const b = embeddedBox(rgb, lumaFromPixels(rgb, w, h, 3), w, h);
      expect(b).toBeDefined();
      // The located box against the photo's, both in CSS pixels.
      const k = img.width / 3 / w;
      const [l, t] = [Math.max(0, b!.x * k), Math.max(0, b!.y * k)];
      const [right, bottom] = [(b!.x + b!.w) * k, (b!.y + b!.h) * k];
      const [tl, tt, tr, tb] = [r.x, Math.max(0, r.y), r.x + r.width, r.y + r.height];
      const iw = Math.min(right, tr) - Math.max(l, tl);
      const ih = Math.min(bottom, tb) - Math.max(t, tt);
      const inter = Math.max(0, iw) * Math.max(0, ih);
      const union = (right - l) * (bottom - t) + (tr - tl) * (tb - tt) - inter;
      expect(inter / union).toBeGreaterThan(0.8);
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
