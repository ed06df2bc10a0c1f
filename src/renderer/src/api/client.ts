/**
 * The renderer's one API client. It works over the Electron preload (window.jium) or, in a browser
 * on the headless host, over HTTP; pages use `api.call(...)`, which resolves to the result or
 * throws an ApiError with a code the UI can translate.
 */
import type { JiumBridge } from '../../../shared/bridge';
import type {
  EventName,
  EventPayload,
  MethodInput,
  MethodName,
  MethodResult,
} from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import { noteCall } from './activity';
import { createHttpBridge, takeToken } from './http-bridge';

export interface ApiClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** 'electron' when running in the desktop app, 'http' in a browser. */
  transport: 'electron' | 'http';
}

export function createApiClient(bridge: JiumBridge, transport: ApiClient['transport']): ApiClient {
  return {
    transport,
    async call(method, input) {
      noteCall(method);
      const envelope = await bridge.call(method, input);
      if (!envelope.ok) throw ApiError.fromData(envelope.error);
      return envelope.value;
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}

/**
 * Picks the transport for this page: the preload's bridge; else HTTP with the centre server's desk
 * credentials (its CSRF token in the page, the desk cookie sent by the browser); else HTTP with the
 * URL's token (the loopback host).
 */
export function connect(): ApiClient | { error: 'no-token' } {
  if (window.jium) return createApiClient(window.jium, 'electron');
  const csrf = document.querySelector<HTMLMetaElement>('meta[name="jium-csrf"]')?.content;
  if (csrf) return createApiClient(createHttpBridge({ csrf }), 'http');
  const token = takeToken(window.location, window.history, window.sessionStorage);
  if (!token) return { error: 'no-token' };
  return createApiClient(createHttpBridge({ token }), 'http');
}
