/**
 * The gentle break reminder's state: every decision, move or reveal counts as activity; after the
 * reviewer's configured minutes of work a reminder is due (break-reminder.ts decides when). While
 * the reviewer takes the break the screen is paused (no reveal).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { breakDue, touch, type BreakClock } from './break-reminder';

export interface BreakState {
  /** Minutes worked when the reminder showed; null while no reminder is up. */
  breakMinutes: number | null;
  paused: boolean;
  /** Records activity (keeps the clock running). */
  activity: () => void;
  /** The reminder closed without an answer. */
  dismiss: () => void;
  /** "Keep going": the clock starts over from now. */
  keepGoing: () => void;
  takeBreak: () => void;
  /** Back from the break: the clock starts at the next activity. */
  back: () => void;
}

export function useBreak(settingMinutes: number): BreakState {
  const [breakMinutes, setBreakMinutes] = useState<number | null>(null);
  const [paused, setPaused] = useState(false);
  const clock = useRef<BreakClock>({ since: null, lastActivity: null });

  const activity = useCallback(() => {
    clock.current = touch(clock.current, Date.now());
  }, []);
  useEffect(() => {
    const timer = setInterval(() => {
      if (breakMinutes !== null || paused) return;
      const due = breakDue(clock.current, Date.now(), settingMinutes);
      if (due !== null) setBreakMinutes(due);
    }, 15_000);
    return () => clearInterval(timer);
  }, [settingMinutes, breakMinutes, paused]);

  return {
    breakMinutes,
    paused,
    activity,
    dismiss: () => setBreakMinutes(null),
    keepGoing: () => {
      clock.current = { since: Date.now(), lastActivity: Date.now() };
      setBreakMinutes(null);
    },
    takeBreak: () => {
      setBreakMinutes(null);
      setPaused(true);
    },
    back: () => {
      clock.current = { since: null, lastActivity: null };
      setPaused(false);
    },
  };
}
