import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserRenderer } from './browser';
import type { PageRenderer } from './crawl-env';
import { startTestServer, type TestServer } from './test-server';

const CHROMIUM = process.env['JIUM_CHROMIUM'] ?? '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('browser mode finds videos a script puts in place', () => {
  let srv: TestServer;
  let renderer: PageRenderer;
  beforeAll(async () => {
    srv = await startTestServer({
      '/player': (_q, r) =>
        r.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><html><body>
          <div id="p"></div>
          <script>
            const v = document.createElement('video');
            v.preload = 'none';
            const s = document.createElement('source');
            s.src = '/media/clip.webm';
            v.appendChild(s);
            document.getElementById('p').appendChild(v);
            const w = document.createElement('video');
            w.preload = 'none';
            w.src = '/media/other.mp4';
            document.body.appendChild(w);
          </script></body></html>`),
    });
    renderer = await openBrowserRenderer({
      allowAddresses: ['127.0.0.1'],
      allowedHosts: new Set(['127.0.0.1']),
    });
  }, 60_000);
  afterAll(async () => {
    await renderer.close();
    await srv.close();
  });

  it('reports <video src> and <video><source> set by a script', async () => {
    const page = await renderer.render(`${srv.origin}/player`);
    expect((page.videos ?? []).map((u) => new URL(u).pathname).sort()).toEqual([
      '/media/clip.webm',
      '/media/other.mp4',
    ]);
  }, 60_000);
});
