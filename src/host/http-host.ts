/**
 * The headless host: serves the built renderer and the contract over HTTP on 127.0.0.1 only, with a
 * random per-run token. It is how e2e tests, benchmarks and machines without a display run Jium.
 *
 * Security: the API refuses requests without the token (Authorization: Bearer, or ?token= for the
 * event stream, since EventSource cannot set headers), from another Origin, or addressed to another
 * Host name (DNS rebinding). Each browser tab sends a client id; sessions are bound to it. A body
 * over the limit is answered 413 (not a reset), and no error ever quotes the request body back.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Engine, EngineEvent } from '../engine';
import type { ApiErrorCode } from '../shared/errors';

export interface HeadlessHostOptions {
  engine: Engine;
  /** The built renderer (out/renderer). When absent only the API is served. */
  rendererDir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** A fixed token (tests); by default 32 random bytes, hex. */
  token?: string;
}

export interface HeadlessHost {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** The URL to open in a browser: origin + /?token=… */
  url: string;
  token: string;
  server: Server;
  close(): Promise<void>;
}

/** The renderer's Content Security Policy, shared with the Electron host's index.html meta tag. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const MAX_BODY_BYTES = 1024 * 1024;
/** Calls that carry one image file as base64 (up to 40 MiB of image) get a larger limit. */
const LARGE_BODY_METHODS = new Set(['images.add']);
const MAX_LARGE_BODY_BYTES = 64 * 1024 * 1024;
const MIB = 1024 * 1024;
/** How much past its limit a body is read (and dropped) to answer 413 rather than reset. */
const DRAIN_LIMIT = 16 * MIB;
const CLIENT_ID = /^[A-Za-z0-9_-]{16,64}$/;
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** Starts the headless host on 127.0.0.1. */
export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const tokenBuf = Buffer.from(token);
  const streams = new Map<ServerResponse, string>();
  let origin = '';
  let hostNames: string[] = [];

  const unsubscribe = options.engine.onEvent((e: EngineEvent) => {
    const data = `event: ${e.event}\ndata: ${JSON.stringify(e.payload)}\n\n`;
    for (const [res, client] of streams) if (!e.to || e.to === `http:${client}`) res.write(data);
  });

  const tokenOk = (given: string | null | undefined): boolean => {
    if (!given) return false;
    const buf = Buffer.from(given);
    return buf.length === tokenBuf.length && timingSafeEqual(buf, tokenBuf);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        send(res, 500, { ok: false, error: { code: 'internal', message: 'Internal error' } });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (!hostNames.includes(req.headers.host ?? ''))
      return sendError(res, 421, 'This host name is not served here.');
    if (!url.pathname.startsWith('/api/')) return serveStatic(req, res, url.pathname);

    res.setHeader('Cache-Control', 'no-store');
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) {
      return sendError(res, 403, 'Requests from other origins are refused.');
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (url.pathname === '/api/events' && req.method === 'GET') {
      const client = url.searchParams.get('client') ?? '';
      if (!tokenOk(url.searchParams.get('token')))
        return sendError(res, 401, 'A valid token is required.');
      if (!CLIENT_ID.test(client)) return sendError(res, 400, 'A client id is required.');
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      res.write(': connected\n\n');
      streams.set(res, client);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (!tokenOk(bearer)) return sendError(res, 401, 'A valid token is required.');
    const match = /^\/api\/call\/([A-Za-z][A-Za-z0-9.]*)$/.exec(url.pathname);
    if (!match || req.method !== 'POST') return sendError(res, 404, 'No such API route.');
    const client = req.headers['x-jium-client'];
    if (typeof client !== 'string' || !CLIENT_ID.test(client))
      return sendError(res, 400, 'A client id is required.');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendError(res, 415, 'The body must be JSON.');
    }
    const limit = LARGE_BODY_METHODS.has(match[1]!) ? MAX_LARGE_BODY_BYTES : MAX_BODY_BYTES;
    const body = await readBody(req, limit);
    if (!body) {
      res.setHeader('Connection', 'close');
      return sendError(
        res,
        413,
        `The request is larger than ${limit / MIB} MiB, the most ${match[1]} accepts.`,
      );
    }
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      // The parser's message quotes the body (a password, an identity): never send it back.
      return sendError(res, 400, 'The body is not valid JSON.');
    }
    const envelope = await options.engine.call(`http:${client}`, match[1], input);
    send(res, 200, envelope);
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendError(res, 405, 'Method not allowed.');
    if (!options.rendererDir) return sendError(res, 404, 'No renderer is served by this host.');
    const root = resolve(options.rendererDir);
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return sendError(res, 400, 'Bad path.');
    }
    const wanted = normalize(join(root, decoded === '/' ? 'index.html' : decoded));
    if (wanted !== root && !wanted.startsWith(root + sep))
      return sendError(res, 403, 'Outside the renderer.');
    // Unknown paths fall back to the app shell (client-side routes), but not for file-like paths.
    const file =
      existsSync(wanted) && statSync(wanted).isFile()
        ? wanted
        : extname(wanted)
          ? null
          : join(root, 'index.html');
    if (!file || !existsSync(file)) return sendError(res, 404, 'Not found.');
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP,
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  hostNames = [`127.0.0.1:${port}`, `localhost:${port}`];

  return {
    origin,
    url: `${origin}/?token=${token}`,
    token,
    server,
    close: async () => {
      unsubscribe();
      for (const res of streams.keys()) res.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/**
 * Reads a request body up to `limit` bytes. Past the limit it stops keeping the bytes but reads on
 * to the end (up to DRAIN_LIMIT more), so the client gets a 413 answer instead of a reset
 * connection; resolves to null then. A client that sends more than that is cut off.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit + DRAIN_LIMIT) {
      req.destroy();
      return reject(new Error('The request is far too large.'));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit + DRAIN_LIMIT) req.destroy();
      else if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolveBody(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => reject(new Error('The client went away.')));
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

const STATUS_CODES: Record<number, ApiErrorCode> = {
  400: 'validation',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'validation',
  413: 'validation',
  415: 'validation',
  421: 'forbidden',
};

/** Transport-level refusals use the same envelope as engine errors, so clients handle one shape. */
function sendError(res: ServerResponse, status: number, message: string): void {
  send(res, status, { ok: false, error: { code: STATUS_CODES[status] ?? 'internal', message } });
}
