/**
 * Sign-in attempts per remote address on the centre server: a sliding window (default 10 a
 * minute). It slows guessing from one machine across many usernames; the engine's per-account
 * lock-out (auth/lockout.ts) stops guessing one account from many machines.
 */
export interface AttemptLimiter {
  /** Records an attempt from `address` now; false when the address is over its limit. */
  take(address: string, nowMs?: number): boolean;
}

export function createAttemptLimiter(limit = 10, windowMs = 60_000): AttemptLimiter {
  const seen = new Map<string, number[]>();
  return {
    take(address, nowMs = Date.now()) {
      const recent = (seen.get(address) ?? []).filter((t) => nowMs - t < windowMs);
      if (recent.length >= limit) {
        seen.set(address, recent);
        return false;
      }
      recent.push(nowMs);
      seen.set(address, recent);
      // Forget quiet addresses so the map cannot grow without bound.
      if (seen.size > 10_000)
        for (const [a, ts] of seen) if (ts.every((t) => nowMs - t >= windowMs)) seen.delete(a);
      return true;
    },
  };
}
