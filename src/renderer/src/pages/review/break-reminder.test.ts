import { describe, expect, it } from 'vitest';
import { breakDue, touch, type BreakClock } from './break-reminder';

const MIN = 60_000;

describe('break reminder clock', () => {
  it('is due after the configured minutes of continuous review, not before', () => {
    let c: BreakClock = { since: null, lastActivity: null };
    for (let m = 0; m <= 50; m += 2) c = touch(c, m * MIN);
    expect(breakDue(c, 49 * MIN, 50)).toBeNull();
    expect(breakDue(c, 50 * MIN, 50)).toBe(50);
    expect(breakDue(c, 50 * MIN, 0)).toBeNull(); // turned off
  });

  it('starts counting again after five quiet minutes', () => {
    let c: BreakClock = { since: null, lastActivity: null };
    for (let m = 0; m <= 30; m += 1) c = touch(c, m * MIN);
    c = touch(c, 37 * MIN); // seven minutes away
    expect(c.since).toBe(37 * MIN);
    for (let m = 38; m <= 66; m += 1) c = touch(c, m * MIN);
    expect(breakDue(c, 66 * MIN, 30)).toBeNull();
    c = touch(c, 67 * MIN);
    expect(breakDue(c, 67 * MIN, 30)).toBe(30);
    // Quiet for longer than five minutes: no reminder for a monitor who already stepped away.
    expect(breakDue(c, 73 * MIN, 30)).toBeNull();
  });
});
