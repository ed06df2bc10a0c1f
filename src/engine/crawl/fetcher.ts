/**
 * One HTTP exchange, defensively: node:http(s) with the address guard at connect time (literal IPs
 * are checked before connecting and the socket's peer after), TLS verified, header, body and total
 * timeouts (a slow-drip server cannot hold a slot forever), and the body counted after
 * decompression so that a small gzip bomb stops at the limit. Redirects are not followed here: the
 * caller follows them one hop at a time and re-checks each (see follow-redirects.ts).
 * `fetchToSink` streams a 2xx body to a caller's sink instead (videos, written to a temp file):
 * the sink may stop the transfer at any chunk (a size cap, a head that is not a video), and the
 * body timeout then ends the transfer with what was read instead of failing it.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type Socket } from 'node:net';
import { Transform } from 'node:stream';
import {
  createBrotliDecompress,
  createGunzip,
  createInflate,
  createZstdDecompress,
} from 'node:zlib';
import { BLOCKED_CODE, guardedLookup } from './guarded-lookup';
import { addressRefusal, type AddressPolicy } from './ip-guard';

/** Limits on one exchange. */
export interface FetchLimits {
  /** Largest body accepted, counted after decompression. */
  maxBytes: number;
  /** From sending the request to receiving the status line and headers. */
  headerTimeoutMs: number;
  /** From the headers to the last byte of the body (total, not idle: slow drips count). */
  bodyTimeoutMs: number;
}

/** Defaults: 20 MiB, 10 s to headers, 30 s for the body. */
export const DEFAULT_FETCH_LIMITS: FetchLimits = {
  maxBytes: 20 * 1024 * 1024,
  headerTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
};

/** Why a fetch failed; each code is shown in the crawl log. */
export type FetchErrorCode =
  | 'blocked-address'
  | 'timeout-headers'
  | 'timeout-body'
  | 'too-large'
  | 'bad-encoding'
  | 'tls'
  | 'network'
  | 'unsupported-scheme'
  | 'write-failed';

/** A failed exchange, with a code for the log and the retry policy. */
export class FetchError extends Error {
  constructor(
    readonly code: FetchErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

/** The outcome of one exchange. */
export interface FetchResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  /** The decoded body (empty for redirects, 304 and HEAD). */
  body: Buffer;
  /** The peer's IP address, for the evidence record. */
  remoteAddress: string;
  elapsedMs: number;
}

/**
 * Where a streamed 2xx body goes, chunk by chunk (after decompression). `write` returns false to
 * stop the transfer there: the connection is dropped and the response resolves as `stopped:
 * 'sink'`.
 */
export interface BodySink {
  write(chunk: Buffer): boolean;
}

/** A streamed exchange: the body went to the sink (`body` holds non-2xx bodies only). */
export interface StreamedResponse extends FetchResponse {
  /** Body bytes handed to the sink. */
  received: number;
  /** Why the body ended before its end: the sink had enough, or the body timeout struck. */
  stopped: 'sink' | 'timeout' | null;
}

export interface FetcherOptions {
  policy: AddressPolicy;
  userAgent: string;
  limits?: Partial<FetchLimits>;
  /** Extra headers on every request (site-configured cookies and headers). */
  headers?: Record<string, string>;
  /** Sockets per host (the crawler's concurrency per host). */
  maxSocketsPerHost?: number;
  /** Called once a request is on the wire (written to its socket): crawl workers' pace. */
  onSent?: (url: URL) => void;
  /**
   * Awaited before each request is made (its host's politeness gap, counted from when the
   * previous request left rather than from when its task started). It may throw: nothing is sent.
   */
  beforeSend?: (url: URL) => Promise<void>;
}

/** Fetches single URLs for one site: its address policy, user agent, limits and headers. */
export class Fetcher {
  readonly limits: FetchLimits;
  private readonly http: HttpAgent;
  private readonly https: HttpsAgent;

  constructor(private readonly options: FetcherOptions) {
    this.limits = { ...DEFAULT_FETCH_LIMITS, ...options.limits };
    const lookup = guardedLookup(options.policy);
    const maxSockets = options.maxSocketsPerHost ?? 4;
    this.http = new HttpAgent({ keepAlive: true, maxSockets, lookup });
    this.https = new HttpsAgent({ keepAlive: true, maxSockets, lookup, rejectUnauthorized: true });
  }

  /** One GET (no redirect following). Rejects with FetchError. */
  fetch(url: URL, extraHeaders: Record<string, string> = {}): Promise<FetchResponse> {
    return this.exchange(url, extraHeaders, null);
  }

  /**
   * One GET whose 2xx body is streamed to `sink` rather than kept: no size limit applies here (the
   * sink stops the transfer at its own cap), and when the body timeout strikes the response
   * resolves with what was read (`stopped: 'timeout'`) instead of failing. Other statuses keep
   * their (limited) body in memory as `fetch` does. Rejects with FetchError.
   */
  fetchToSink(
    url: URL,
    sink: BodySink,
    extraHeaders: Record<string, string> = {},
  ): Promise<StreamedResponse> {
    return this.exchange(url, extraHeaders, sink) as Promise<StreamedResponse>;
  }

  private exchange(
    url: URL,
    extraHeaders: Record<string, string>,
    sink: BodySink | null,
  ): Promise<FetchResponse | StreamedResponse> {
    const before = this.options.beforeSend;
    if (!before) return this.send(url, extraHeaders, sink);
    return before(url).then(() => this.send(url, extraHeaders, sink));
  }

  private send(
    url: URL,
    extraHeaders: Record<string, string>,
    sink: BodySink | null,
  ): Promise<FetchResponse | StreamedResponse> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return Promise.reject(new FetchError('unsupported-scheme', `${url.protocol} is not fetched`));
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const reason = addressRefusal(host, this.options.policy);
      if (reason) return Promise.reject(new FetchError('blocked-address', reason));
    }
    const started = Date.now();
    const limits = this.limits;
    const isHttps = url.protocol === 'https:';
    return new Promise<FetchResponse | StreamedResponse>((resolve, reject) => {
      let settled = false;
      let received = 0;
      let stopped: StreamedResponse['stopped'] = null;
      let endStream: ((why: 'sink' | 'timeout') => void) | null = null;
      const fail = (e: FetchError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(e);
      };
      const req = (isHttps ? httpsRequest : httpRequest)(url, {
        method: 'GET',
        agent: isHttps ? this.https : this.http,
        headers: {
          'user-agent': this.options.userAgent,
          accept: '*/*',
          'accept-encoding': 'gzip, deflate, br, zstd',
          ...this.options.headers,
          ...extraHeaders,
        },
      });
      let timer = setTimeout(
        () =>
          fail(
            new FetchError('timeout-headers', `no response within ${limits.headerTimeoutMs} ms`),
          ),
        limits.headerTimeoutMs,
      );
      let remoteAddress = '';
      const checkPeer = (socket: Socket) => {
        remoteAddress = socket.remoteAddress ?? '';
        // Defence in depth: whatever path led here, the actual peer must be allowed.
        const reason = remoteAddress ? addressRefusal(remoteAddress, this.options.policy) : null;
        if (reason) fail(new FetchError('blocked-address', reason));
      };
      req.on('socket', (socket: Socket) => {
        if (socket.remoteAddress) checkPeer(socket);
        else socket.once('connect', () => checkPeer(socket));
      });
      req.on('error', (e: NodeJS.ErrnoException) => fail(classifyError(e)));
      if (this.options.onSent) req.once('finish', () => this.options.onSent!(url));
      req.on('response', (res: IncomingMessage) => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (endStream) endStream('timeout');
          else
            fail(
              new FetchError('timeout-body', `body not complete within ${limits.bodyTimeoutMs} ms`),
            );
        }, limits.bodyTimeoutMs);
        const headers = flattenHeaders(res);
        const finish = (body: Buffer) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({
            url: url.href,
            status: res.statusCode ?? 0,
            headers,
            body,
            remoteAddress: remoteAddress || (res.socket?.remoteAddress ?? ''),
            elapsedMs: Date.now() - started,
            ...(sink ? { received, stopped } : {}),
          });
        };
        const status = res.statusCode ?? 0;
        if ((status >= 300 && status < 400) || status === 204 || status === 304) {
          res.resume();
          res.on('end', () => finish(Buffer.alloc(0)));
          res.on('error', (e) => fail(classifyError(e)));
          return;
        }
        const streaming = sink !== null && status >= 200 && status < 300;
        const declared = Number(headers['content-length']);
        const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
        if (
          !streaming &&
          encoding === 'identity' &&
          Number.isFinite(declared) &&
          declared > limits.maxBytes
        ) {
          fail(new FetchError('too-large', `declared ${declared} bytes, limit ${limits.maxBytes}`));
          return;
        }
        const decoder = decoderFor(encoding);
        if (decoder === 'unknown') {
          fail(new FetchError('bad-encoding', `unknown content-encoding ${encoding}`));
          return;
        }
        const chunks: Buffer[] = [];
        let total = 0;
        if (streaming) {
          // The sink had enough, or the clock ran out: keep what was read, drop the connection.
          endStream = (why) => {
            if (settled) return;
            stopped = why;
            finish(Buffer.alloc(0));
            req.destroy();
          };
        }
        const counter = new Transform({
          transform(chunk: Buffer, _enc, done) {
            if (streaming) {
              if (stopped) return done();
              received += chunk.length;
              let more: boolean;
              try {
                more = sink.write(chunk);
              } catch (e) {
                return done(new FetchError('write-failed', (e as Error).message));
              }
              if (!more) endStream!('sink');
              return done();
            }
            total += chunk.length;
            if (total > limits.maxBytes) {
              done(new FetchError('too-large', `body exceeds ${limits.maxBytes} bytes (decoded)`));
              return;
            }
            chunks.push(chunk);
            done();
          },
        });
        counter.on('error', (e) =>
          fail(e instanceof FetchError ? e : new FetchError('bad-encoding', e.message)),
        );
        counter.on('finish', () => finish(Buffer.concat(chunks, total)));
        res.on('error', (e) => (stopped ? undefined : fail(classifyError(e))));
        if (decoder) {
          decoder.on('error', (e) => fail(new FetchError('bad-encoding', e.message)));
          res.pipe(decoder).pipe(counter);
        } else {
          res.pipe(counter);
        }
      });
      req.end();
    });
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

function decoderFor(encoding: string): Transform | null | 'unknown' {
  switch (encoding) {
    case 'identity':
    case '':
      return null;
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    case 'zstd':
      return createZstdDecompress();
    default:
      return 'unknown';
  }
}

function flattenHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(k === 'set-cookie' ? '\n' : ', ') : v;
  }
  return out;
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME|ERR_TLS/;

function classifyError(e: NodeJS.ErrnoException): FetchError {
  if (e instanceof FetchError) return e;
  if (e.code === BLOCKED_CODE) return new FetchError('blocked-address', e.message);
  if (e.code && TLS_CODES.test(e.code)) return new FetchError('tls', `${e.code}: ${e.message}`);
  return new FetchError('network', e.code ? `${e.code}: ${e.message}` : e.message);
}
