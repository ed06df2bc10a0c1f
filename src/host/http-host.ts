/**
 * The headless host: serves the built renderer and the contract over HTTP on 127.0.0.1 only, with a
 * random per-run token. It is how e2e tests, benchmarks and machines without a display run Jium.
 * As the centre server (`tls` given) it serves HTTPS on the configured address instead, and desks
 * sign in with a desk cookie and CSRF token (centre/desk-auth.ts) rather than a token in the
 * address; it never listens beyond loopback without TLS.
 *
 * Security: the API refuses requests without the token (Authorization: Bearer, or ?token= for the
 * event stream, since EventSource cannot set headers), from another Origin, or addressed to another
 * Host name (DNS rebinding). Each browser tab sends a client id; sessions are bound to it. A body
 * over the limit is answered 413 (not a reset), and no error ever quotes the request body back.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { isIP, type AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Engine, EngineEvent } from '../engine';
import type { ApiErrorCode, ApiErrorReason } from '../shared/errors';
import { createAttemptLimiter } from './centre/attempt-limiter';
import { createDeskAuth, withCsrfMeta } from './centre/desk-auth';
import { formatFingerprint, spkiDigest } from './centre/tls-identity';
import { WORKER_SIGN_IN_METHODS, workerRoute } from './centre/worker-api';

export interface HeadlessHostOptions {
  engine: Engine;
  /** The built renderer (out/renderer). When absent only the API is served. */
  rendererDir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** A fixed token (tests); by default 32 random bytes, hex. */
  token?: string;
  /** The address to listen on (default 127.0.0.1). Anything but loopback requires `tls`. */
  listenHost?: string;
  /** Serve HTTPS as the centre server: desks sign in with a desk cookie, no token. */
  tls?: { cert: string; key: string };
  /** Further host names the server answers to (the centre's name for it on its network). */
  serverNames?: string[];
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
/** Calls that carry image files as base64 (up to 40 MiB of image; a crawl worker's proposal). */
const LARGE_BODY_METHODS = new Set(['images.add', 'workers.propose']);
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

/** Calls that take a password: limited per remote address on the centre server. */
const PASSWORD_METHODS = new Set([
  'auth.signIn',
  'auth.setup',
  'auth.unlock',
  'auth.changePassword',
]);

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/** Starts the headless host (on 127.0.0.1 unless told otherwise). */
export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const listenHost = options.listenHost ?? '127.0.0.1';
  if (!isLoopback(listenHost) && !options.tls)
    throw new Error(
      `Jium never listens on ${listenHost} without TLS: give the centre's certificate or let it make one.`,
    );
  const desks = options.tls ? createDeskAuth() : null;
  // The key fingerprint workers pin, shown to admins in Settings → Crawl workers (public).
  const centreKey = options.tls ? formatFingerprint(spkiDigest(options.tls.cert)) : '';
  const passwordAttempts = createAttemptLimiter();
  const token = options.token ?? randomBytes(32).toString('hex');
  const tokenBuf = Buffer.from(token);
  const streams = new Map<ServerResponse, string>();
  let origin = '';
  let hostNames: string[] = [];

  const unsubscribe = options.engine.onEvent((e: EngineEvent) => {
    const data = `event: ${e.event}\ndata: ${JSON.stringify(e.payload)}\n\n`;
    for (const [res, client] of streams)
      if (options.engine.mayReceive(`http:${client}`, e)) res.write(data);
  });

  const tokenOk = (given: string | null | undefined): boolean => {
    if (!given) return false;
    const buf = Buffer.from(given);
    return buf.length === tokenBuf.length && timingSafeEqual(buf, tokenBuf);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        send(res, 500, { ok: false, error: { code: 'internal', message: 'Internal error' } });
      else res.end();
    });
  };
  const server: Server = options.tls
    ? createTlsServer(
        { cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' },
        onRequest,
      )
    : createServer(onRequest);

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
    if (requestOrigin !== undefined && requestOrigin !== `${scheme}://${req.headers.host}`) {
      return sendError(res, 403, 'Requests from other origins are refused.');
    }
    if (desks && url.pathname.startsWith('/api/worker/')) return handleWorkerApi(req, res, url);
    if (desks) return handleDeskApi(req, res, url);
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
    return callEngine(req, res, match[1]!, `http:${client}`);
  }

  /** Reads a call's JSON body (within the method's limit) and answers with the engine's envelope. */
  async function callEngine(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    caller: string,
  ): Promise<void> {
    const limit = LARGE_BODY_METHODS.has(method) ? MAX_LARGE_BODY_BYTES : MAX_BODY_BYTES;
    const body = await readBody(req, limit);
    if (!body) {
      res.setHeader('Connection', 'close');
      return sendError(
        res,
        413,
        `The request is larger than ${limit / MIB} MiB, the most ${method} accepts.`,
      );
    }
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      // The parser's message quotes the body (a password, an identity): never send it back.
      return sendError(res, 400, 'The body is not valid JSON.');
    }
    send(res, 200, await options.engine.call(caller, method, input));
  }

  /** The API on the centre server: the desk cookie and its CSRF token instead of the token. */
  async function handleDeskApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const desk = desks!.deskOf(req);
    if (!desk) return sendError(res, 401, 'Open the app page first: this desk has no session.');
    const caller = `desk-${desk}`;
    if (url.pathname === '/api/events' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      res.write(': connected\n\n');
      streams.set(res, caller);
      req.on('close', () => streams.delete(res));
      return;
    }
    const match = /^\/api\/call\/([A-Za-z][A-Za-z0-9.]*)$/.exec(url.pathname);
    if (!match || req.method !== 'POST') return sendError(res, 404, 'No such API route.');
    if (!desks!.csrfOk(req, desk))
      return sendError(res, 403, "The request lacks this desk's CSRF token.");
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendError(res, 415, 'The body must be JSON.');
    }
    if (PASSWORD_METHODS.has(match[1]!) && !passwordAttempts.take(req.socket.remoteAddress ?? ''))
      return sendError(
        res,
        429,
        'Too many password attempts from this computer: wait a minute.',
        'too-many-attempts',
      );
    return callEngine(req, res, match[1]!, `http:${caller}`);
  }

  /** Crawl workers on the centre server: a credential, no cookie (centre/worker-api.ts). */
  async function handleWorkerApi(req: IncomingMessage, res: ServerResponse, url: URL) {
    const route = workerRoute(req, url.pathname);
    if (!route.ok) return sendError(res, route.status, route.message);
    if (
      WORKER_SIGN_IN_METHODS.has(route.method) &&
      !passwordAttempts.take(req.socket.remoteAddress ?? '')
    )
      return sendError(
        res,
        429,
        'Too many attempts from this computer: wait a minute.',
        'too-many-attempts',
      );
    return callEngine(req, res, route.method, route.caller);
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
    if (desks && file.endsWith('index.html')) return serveDeskShell(req, res, file);
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP,
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  /** The app page on the centre server: issues the desk cookie, carries its CSRF token. */
  function serveDeskShell(req: IncomingMessage, res: ServerResponse, file: string): void {
    let desk = desks!.deskOf(req);
    if (!desk) {
      const issued = desks!.issue();
      desk = issued.desk;
      res.setHeader('Set-Cookie', issued.setCookie);
    }
    const html = withCsrfMeta(readFileSync(file, 'utf8'), desks!.csrfFor(desk)).replace(
      '<head>',
      `<head><meta name="jium-centre-key" content="${centreKey}">`,
    );
    res.writeHead(200, {
      'Content-Type': MIME['.html'],
      'Content-Security-Policy': CSP,
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : html);
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, listenHost, () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  const scheme = options.tls ? 'https' : 'http';
  const hostPart = (h: string) => (isIP(h) === 6 ? `[${h}]` : h);
  // The address people open: a wildcard listen shows the first host name the desks use.
  const wildcard = listenHost === '0.0.0.0' || listenHost === '::';
  const shown = wildcard
    ? (options.serverNames?.[0] ?? listenHost)
    : isLoopback(listenHost) && listenHost !== '::1'
      ? '127.0.0.1'
      : listenHost;
  origin = `${scheme}://${hostPart(shown)}:${port}`;
  hostNames = [
    ...(isLoopback(listenHost) ? ['127.0.0.1', 'localhost'] : [listenHost]),
    ...(options.serverNames ?? []),
  ].map((h) => `${hostPart(h)}:${port}`);

  return {
    origin,
    url: desks ? `${origin}/` : `${origin}/?token=${token}`,
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
  429: 'forbidden',
};

/** Transport-level refusals use the same envelope as engine errors, so clients handle one shape. */
function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  reason?: ApiErrorReason,
): void {
  const code = STATUS_CODES[status] ?? 'internal';
  send(res, status, { ok: false, error: { code, message, ...(reason ? { reason } : {}) } });
}
