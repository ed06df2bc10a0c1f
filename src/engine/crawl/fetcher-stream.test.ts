import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fetcher, type FetchError } from './fetcher';
import { startTestServer, type TestServer } from './test-server';

const UA = 'JiumBot/0.1 (test)';

/** A sink that keeps chunks until it holds `cap` bytes. */
function capped(cap: number) {
  const chunks: Buffer[] = [];
  let n = 0;
  return {
    chunks,
    get bytes() {
      return n;
    },
    write(chunk: Buffer) {
      chunks.push(chunk);
      n += chunk.length;
      return n < cap;
    },
  };
}

describe('fetchToSink: a streamed body under the caller’s cap', () => {
  let srv: TestServer;
  let endless = 0;
  beforeAll(async () => {
    srv = await startTestServer({
      '/endless': (_req, res) => {
        res.writeHead(200, { 'content-type': 'video/mp4' });
        const chunk = Buffer.alloc(64 * 1024, 7);
        const tick = () => {
          if (res.destroyed) return;
          endless += chunk.length;
          res.write(chunk, () => setImmediate(tick));
        };
        tick();
      },
      '/drip': (_req, res) => {
        res.writeHead(200, { 'content-type': 'video/mp4' });
        const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('x')), 50);
      },
      '/big': (_req, res) => {
        const body = Buffer.alloc(3 * 1024 * 1024, 1);
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': body.length });
        res.end(body);
      },
      '/missing': (_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<p>gone'),
    });
  });
  afterAll(() => srv.close());

  const fetcher = () =>
    new Fetcher({
      policy: { allowAddresses: ['127.0.0.1'] },
      userAgent: UA,
      limits: { maxBytes: 1024 * 1024, headerTimeoutMs: 2000, bodyTimeoutMs: 800 },
    });

  it('stops an endless chunked stream at the sink’s cap and drops the connection', async () => {
    const f = fetcher();
    const sink = capped(512 * 1024);
    const res = await f.fetchToSink(new URL(`${srv.origin}/endless`), sink);
    expect(res.status).toBe(200);
    expect(res.stopped).toBe('sink');
    expect(res.received).toBeGreaterThanOrEqual(512 * 1024);
    expect(res.received).toBeLessThan(512 * 1024 + 128 * 1024);
    expect(sink.bytes).toBe(res.received);
    await new Promise((r) => setTimeout(r, 200));
    const sent = endless;
    await new Promise((r) => setTimeout(r, 200));
    expect(endless).toBe(sent); // the server stopped writing: the socket is gone
    f.close();
  });

  it('ends a slow drip at the body timeout with what was read, instead of failing', async () => {
    const f = fetcher();
    const sink = capped(1e9);
    const t0 = Date.now();
    const res = await f.fetchToSink(new URL(`${srv.origin}/drip`), sink);
    expect(res.stopped).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(res.received).toBeGreaterThan(3);
    f.close();
  });

  it('streams a body over the in-memory limit (the sink caps it), declared length and all', async () => {
    const f = fetcher();
    const sink = capped(1e9);
    const res = await f.fetchToSink(new URL(`${srv.origin}/big`), sink);
    expect(res.stopped).toBeNull();
    expect(res.received).toBe(3 * 1024 * 1024);
    // The plain fetch still refuses it from the headers.
    await expect(f.fetch(new URL(`${srv.origin}/big`))).rejects.toMatchObject({
      code: 'too-large',
    } satisfies Partial<FetchError>);
    f.close();
  });

  it('keeps a non-2xx body in memory and never hands it to the sink', async () => {
    const f = fetcher();
    const sink = capped(1e9);
    const res = await f.fetchToSink(new URL(`${srv.origin}/missing`), sink);
    expect(res.status).toBe(404);
    expect(res.body.toString()).toBe('<p>gone');
    expect(sink.bytes).toBe(0);
    f.close();
  });

  it('refuses a private address literal before connecting, as fetch does', async () => {
    const f = fetcher();
    await expect(
      f.fetchToSink(new URL('http://169.254.169.254/latest/meta-data'), capped(10)),
    ).rejects.toMatchObject({ code: 'blocked-address' });
    f.close();
  });
});
