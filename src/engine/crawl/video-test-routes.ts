/**
 * Test support: node:http handlers that serve a local file as a video host would — with or
 * without byte ranges (Accept-Ranges, 206 and Content-Range) — for the video download tests.
 */
import { readFileSync } from 'node:fs';
import type { Route } from './test-server';

/** Serves `file`'s bytes; with `ranges`, honours a `Range: bytes=a-b` header with 206. */
export function serveFile(file: string | Buffer, type: string, ranges: boolean): Route {
  const body = typeof file === 'string' ? readFileSync(file) : file;
  return (req, res) => {
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (ranges && m) {
      const start = Number(m[1]);
      const end = Math.min(body.length - 1, m[2] ? Number(m[2]) : body.length - 1);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'content-type': type,
        'accept-ranges': 'bytes',
        'content-range': `bytes ${start}-${end}/${body.length}`,
        'content-length': end - start + 1,
      });
      res.end(body.subarray(start, end + 1));
      return;
    }
    res.writeHead(200, { 'content-type': type, 'content-length': body.length });
    res.end(body);
  };
}
