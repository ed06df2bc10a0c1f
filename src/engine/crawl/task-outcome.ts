/**
 * How a page or image task ended, and the mapping of failures to outcomes: refusals (robots,
 * scope, address, size) are final, while timeouts, network errors, 429 and 5xx are retried with
 * back-off (Retry-After first).
 */
import { FetchError, type FetchResponse } from './fetcher';
import { RefusedError } from './follow-redirects';
import type { CounterDelta } from './run-store';

export interface TaskOutcome {
  state: 'done' | 'failed' | 'skipped' | 'retry';
  /** Short code for the log: `fetched`, `robots-disallow`, `too-large`, `http-404`, … */
  code: string;
  message?: string;
  delta?: CounterDelta;
  /** For retries: what the server asked (Retry-After), in milliseconds. */
  retryAfter?: string;
  /** Writes that belong with the outcome (hashes, a match), run in its transaction. */
  write?: () => { matchId: number | null };
}

const RETRYABLE: ReadonlySet<string> = new Set(['timeout-headers', 'timeout-body', 'network']);

/** The outcome of an exception from fetching, or of a non-2xx response. */
export function failureOutcome(e: unknown): TaskOutcome {
  if (e instanceof RefusedError) {
    return { state: 'skipped', code: e.code, message: e.message, delta: { skipped: 1 } };
  }
  if (e instanceof FetchError) {
    return RETRYABLE.has(e.code)
      ? { state: 'retry', code: e.code, message: e.message }
      : { state: 'failed', code: e.code, message: e.message, delta: { errors: 1 } };
  }
  if (isResponse(e)) {
    const code = `http-${e.status}`;
    if (e.status === 429 || e.status === 503 || e.status >= 500) {
      return { state: 'retry', code, retryAfter: e.headers['retry-after'] ?? '' };
    }
    return { state: 'failed', code, delta: { errors: 1 } };
  }
  return { state: 'failed', code: 'error', message: (e as Error).message, delta: { errors: 1 } };
}

function isResponse(e: unknown): e is FetchResponse {
  return typeof e === 'object' && e !== null && 'status' in e && 'headers' in e && 'body' in e;
}
