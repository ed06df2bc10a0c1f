/**
 * The transport-neutral shape of the API as a client sees it. The preload exposes exactly this
 * object on `window.jium` (checked with `satisfies`), and the headless host's HTTP client
 * implements it too, so the renderer has one API client that works over either.
 */
import type { Envelope } from './errors';
import type { EventName, EventPayload, MethodInput, MethodName, MethodResult } from './contract';

export interface JiumBridge {
  /** Calls one contract method; never rejects for API errors (they come back in the envelope). */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Envelope<MethodResult<M>>>;
  /** Subscribes to an engine event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
