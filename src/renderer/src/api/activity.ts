/**
 * When this window last did something the engine counts as activity: any call except the two
 * public reads that do not touch the session (`app.info`, `auth.session`). The idle-lock warning
 * counts down from it, so the client's clock follows the engine's lock after idle.
 */
const PASSIVE = new Set(['app.info', 'auth.session']);

let last = Date.now();
const listeners = new Set<() => void>();

/** Records a call (client.ts calls this for every method). */
export function noteCall(method: string): void {
  if (PASSIVE.has(method)) return;
  last = Date.now();
  for (const l of listeners) l();
}

/** Milliseconds since the epoch of the last counted call. */
export function lastActivity(): number {
  return last;
}

/** Subscribes to counted calls; returns the unsubscribe. */
export function onActivity(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
