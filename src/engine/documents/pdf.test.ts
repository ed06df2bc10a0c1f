import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChromiumPdfRenderer, escapeHtml, fontStack } from './pdf';
import { pdfFonts, pdfText } from './test-support';

const CHROMIUM = process.env['JIUM_CHROMIUM'] ?? '/usr/bin/chromium';

describe('escapeHtml', () => {
  it('escapes markup and quotes', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    );
  });
  it('puts the language’s own CJK face first among the CJK faces', () => {
    expect(fontStack('ja').indexOf('JP')).toBeLessThan(fontStack('ja').indexOf('KR'));
    expect(fontStack('zh-TW').indexOf(' TC')).toBeLessThan(fontStack('zh-TW').indexOf(' SC'));
  });
});

describe.skipIf(!existsSync(CHROMIUM))('ChromiumPdfRenderer', () => {
  const renderer = new ChromiumPdfRenderer({ idleMs: 500 });
  let server: Server;
  let hits = 0;
  let origin = '';
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.end('x');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await renderer.close();
    await new Promise((r) => server.close(r));
  });

  it('renders Korean, Japanese and Chinese text as real text with embedded CJK fonts', async () => {
    const body = (lang: string, text: string) =>
      `<p lang="${lang}" style="font-family:${fontStack(lang)}">${escapeHtml(text)}</p>`;
    const pdf = await renderer.htmlToPdf(
      `<!doctype html><html><body>${body('ko', '불법촬영물 삭제 요청')}${body('ja', '削除依頼書')}` +
        `${body('zh', '删除通知')}${body('en', 'Removal notice')}</body></html>`,
      { footerText: 'CASE-0001' },
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    for (const s of [
      '불법촬영물 삭제 요청',
      '削除依頼書',
      '删除通知',
      'Removal notice',
      'CASE-0001',
    ]) {
      expect(text).toContain(s);
    }
    const fonts = pdfFonts(pdf);
    // Skia embeds the CFF-based Noto CJK faces as Type 3 outlines, with a ToUnicode map (so text
    // can be copied and searched): every font embedded, every font with Unicode mappings.
    const rows = fonts
      .split('\n')
      .slice(2)
      .filter((l) => l.trim());
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row).toMatch(/\s(yes)\s+(yes|no)\s+yes\s+\d+\s+\d+\s*$/);
  }, 90_000);

  it('sends nothing over the network: images, styles and fonts from URLs are aborted', async () => {
    const pdf = await renderer.htmlToPdf(
      `<!doctype html><html><head><link rel="stylesheet" href="${origin}/s.css">` +
        `<style>@font-face{font-family:x;src:url(${origin}/f.woff)}</style></head>` +
        `<body style="font-family:x"><img src="${origin}/i.png"><iframe src="${origin}/f"></iframe>` +
        `<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><script>fetch('${origin}/js')</script>` +
        `<p>offline</p></body></html>`,
    );
    expect(pdfText(pdf)).toContain('offline');
    expect(hits).toBe(0);
  }, 90_000);

  it('restarts the browser after it was closed when idle', async () => {
    await renderer.close();
    const pdf = await renderer.htmlToPdf('<p>again</p>');
    expect(pdfText(pdf)).toContain('again');
  }, 90_000);
});
