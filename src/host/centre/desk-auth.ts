/**
 * How a remote desk proves who it is to the centre server, without a token in the address: a
 * signed random desk cookie (`__Host-` prefix: Secure, Path=/, no Domain; HttpOnly; SameSite=Strict)
 * issued with the app page, and a CSRF token derived from it that the page carries in a meta tag and
 * sends back as the X-Jium-Csrf header on every API call. Another site can neither read the token
 * nor (SameSite=Strict, Origin check, custom header) make the browser send a call with the cookie.
 * The engine's session is bound to the desk: caller key `http:desk-<id>`.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const DESK_COOKIE = '__Host-jium-desk';

export interface DeskAuth {
  /** The desk id of a request's valid cookie, or null (absent, malformed or forged). */
  deskOf(req: IncomingMessage): string | null;
  /** A new desk: its id and the Set-Cookie header value. */
  issue(): { desk: string; setCookie: string };
  /** The CSRF token the desk's page must send back. */
  csrfFor(desk: string): string;
  /** True when the request carries the desk's CSRF token. */
  csrfOk(req: IncomingMessage, desk: string): boolean;
}

const b64url = (b: Buffer) => b.toString('base64url');

/** Desk cookies signed with a key made for this server run (a restart signs every desk out). */
export function createDeskAuth(secret: Buffer = randomBytes(32)): DeskAuth {
  const mac = (purpose: string, desk: string) =>
    b64url(createHmac('sha256', secret).update(`${purpose}\n${desk}`).digest());
  const same = (a: string, b: string) => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  };
  return {
    deskOf(req) {
      const value = cookieValue(req.headers.cookie, DESK_COOKIE);
      const m = value ? /^([A-Za-z0-9_-]{22,64})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
      if (!m || !same(m[2]!, mac('cookie', m[1]!))) return null;
      return m[1]!;
    },
    issue() {
      const desk = b64url(randomBytes(24));
      const setCookie = `${DESK_COOKIE}=${desk}.${mac('cookie', desk)}; Path=/; Secure; HttpOnly; SameSite=Strict`;
      return { desk, setCookie };
    },
    csrfFor: (desk) => mac('csrf', desk),
    csrfOk(req, desk) {
      const given = req.headers['x-jium-csrf'];
      return typeof given === 'string' && same(given, mac('csrf', desk));
    },
  };
}

/** One cookie's value from a Cookie header (the first of that name). */
export function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The app page with the desk's CSRF token in a meta tag the API client reads. */
export function withCsrfMeta(html: string, csrf: string): string {
  const meta = `<meta name="jium-csrf" content="${csrf}">`;
  return html.includes('<head>') ? html.replace('<head>', `<head>${meta}`) : meta + html;
}
