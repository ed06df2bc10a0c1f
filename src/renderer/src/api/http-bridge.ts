/**
 * The bridge over HTTP, for a browser on the headless host. The access token arrives once in the
 * page URL (?token=…), is kept in sessionStorage for reloads and removed from the address bar. On
 * the centre server there is no token: the browser sends the desk cookie itself and each call
 * carries the page's CSRF token (src/host/centre/desk-auth.ts).
 */
import type { JiumBridge } from '../../../shared/bridge';
import type { EventName } from '../../../shared/contract';
import type { Envelope } from '../../../shared/errors';

const TOKEN_KEY = 'jium.token';
const CLIENT_KEY = 'jium.client';

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Reads the token from the URL (then hides it) or from this tab's storage. */
export function takeToken(location: Location, history: History, storage: Storage): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

/** What proves this page to the host: the loopback host's token, or a centre desk's CSRF token. */
export type HttpCredentials = { token: string } | { csrf: string };

export function createHttpBridge(
  credentials: HttpCredentials,
  storage: Storage = sessionStorage,
): JiumBridge {
  let client = storage.getItem(CLIENT_KEY);
  if (!client) {
    client = randomId();
    storage.setItem(CLIENT_KEY, client);
  }
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;
  const ensureSource = (event: EventName) => {
    if (!source) {
      source = new EventSource(
        'token' in credentials
          ? `/api/events?client=${encodeURIComponent(client)}&token=${encodeURIComponent(credentials.token)}`
          : '/api/events',
      );
    }
    if (!listeners.has(event)) {
      listeners.set(event, new Set());
      source.addEventListener(event, (e) => {
        const payload: unknown = JSON.parse((e as MessageEvent<string>).data);
        for (const l of listeners.get(event) ?? []) l(payload);
      });
    }
  };
  return {
    async call(method, input) {
      try {
        const res = await fetch(`/api/call/${method}`, {
          method: 'POST',
          headers: {
            ...('token' in credentials
              ? { Authorization: `Bearer ${credentials.token}` }
              : { 'X-Jium-Csrf': credentials.csrf }),
            'Content-Type': 'application/json',
            'X-Jium-Client': client,
          },
          body: JSON.stringify(input ?? {}),
        });
        return (await res.json()) as Envelope<never>;
      } catch {
        return {
          ok: false,
          error: { code: 'internal', message: 'Jium is not reachable. Is the host still running?' },
        };
      }
    },
    on(event, listener) {
      ensureSource(event);
      const set = listeners.get(event)!;
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => void set.delete(l);
    },
  };
}
