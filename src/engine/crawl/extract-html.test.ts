import { describe, expect, it } from 'vitest';
import { extractFromHtml } from './extract-html';

describe('video discovery in HTML', () => {
  it('takes video src, sources inside video, og:video and links to video files and playlists', () => {
    const html = `<!doctype html><html><head>
      <meta property="og:video" content="/og/a.mp4">
      <meta property="og:video:secure_url" content="https://cdn.example/og/b.mp4">
      <meta property="og:video:url" content="/og/c.webm">
      <meta name="twitter:player:stream" content="/tw/d.mp4">
      <meta property="og:image" content="/og/poster.jpg">
      </head><body>
      <video src="/v/direct.mp4" poster="/v/poster.jpg" controls></video>
      <video controls><source src="/v/one.webm" type="video/webm"><source src="/v/one.mp4"></video>
      <video><source src="/v/stream" type="application/x-mpegURL"></video>
      <picture><source srcset="/p/a.webp"><img src="/p/a.jpg"></picture>
      <a href="/files/clip.MOV">download</a>
      <a href="/files/show.m3u8?token=1">live</a>
      <a href="/files/other.mkv#t=10">mkv</a>
      <a href="/page/2">next</a>
      <a href="/files/photo.jpg">photo</a>
      </body></html>`;
    const ex = extractFromHtml(html);
    expect(ex.videos.sort()).toEqual(
      [
        '/og/a.mp4',
        'https://cdn.example/og/b.mp4',
        '/og/c.webm',
        '/tw/d.mp4',
        '/v/direct.mp4',
        '/v/one.webm',
        '/v/one.mp4',
        '/v/stream',
        '/files/clip.MOV',
        '/files/show.m3u8?token=1',
        '/files/other.mkv#t=10',
      ].sort(),
    );
    // Posters are images; pictures' sources stay images; videos are not pages to visit.
    expect(ex.images).toContain('/v/poster.jpg');
    expect(ex.images).toContain('/p/a.webp');
    expect(ex.images).toContain('/files/photo.jpg');
    expect(ex.images.some((u) => /\.(mp4|webm|mov|m3u8)/i.test(u))).toBe(false);
    expect(ex.links).toEqual(['/page/2']);
    expect(ex.needsBrowser).toBe(false);
  });

  it('ignores data: and blob: videos, and asks for the browser when a script must fill a video', () => {
    const ex = extractFromHtml(
      `<img src="/a.jpg"><video src="blob:https://x/1"></video><video id=p></video><script>load()</script>`,
    );
    expect(ex.videos).toEqual([]);
    expect(ex.needsBrowser).toBe(true);
    const plain = extractFromHtml(
      `<img src="/a.jpg"><video src="data:video/mp4;base64,AAAA"></video>`,
    );
    expect(plain.videos).toEqual([]);
    expect(plain.needsBrowser).toBe(false);
  });

  it('a source after a closed video is not a video unless typed or named as one', () => {
    const ex = extractFromHtml(
      `<video src="/a.mp4"></video><audio><source src="/s.ogg"></audio><source src="/b.mp4">`,
    );
    expect(ex.videos.sort()).toEqual(['/a.mp4', '/b.mp4']);
  });
});
