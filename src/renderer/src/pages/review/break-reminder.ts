/**
 * The break reminder's clock, kept pure so it can be tested: review time counts while the monitor
 * keeps working; five quiet minutes count as a break and start the count again.
 */
export const IDLE_RESETS_MS = 5 * 60_000;

export interface BreakClock {
  /** When the current stretch of continuous review started (ms), or null before any activity. */
  since: number | null;
  lastActivity: number | null;
}

/** Records activity at `now`. */
export function touch(clock: BreakClock, now: number): BreakClock {
  const idle = clock.lastActivity === null || now - clock.lastActivity > IDLE_RESETS_MS;
  return { since: idle ? now : clock.since, lastActivity: now };
}

/** Whole minutes of continuous review if a break is due at `now`, else null. */
export function breakDue(clock: BreakClock, now: number, breakMinutes: number): number | null {
  if (breakMinutes <= 0 || clock.since === null || clock.lastActivity === null) return null;
  if (now - clock.lastActivity > IDLE_RESETS_MS) return null;
  const minutes = Math.floor((now - clock.since) / 60_000);
  return minutes >= breakMinutes ? minutes : null;
}
