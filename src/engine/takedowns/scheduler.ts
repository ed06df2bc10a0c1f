/**
 * Scheduled re-checks: every few minutes while a case file is open, sent and acknowledged requests
 * whose last re-check is older than the re-check interval are fetched again, one at a time (a
 * re-check is a handful of polite requests, never a crawl). Nothing is sent to anyone: Jium only
 * looks, and the UI shows due re-sends for staff to act on.
 */
import type Database from 'better-sqlite3';
import type { Emit, RecheckControl } from '../core/context';
import { getSettings } from './queries';
import { dueForRecheck, recheckRequest } from './recheck';

const TICK_MS = 5 * 60_000;

/** The re-checks of one open case file; the engine starts one per case file (`ctx.rechecks()`). */
export class TakedownScheduler implements RecheckControl {
  private readonly timer: NodeJS.Timeout;
  private ticking = false;

  constructor(
    private readonly db: Database.Database,
    private readonly emit: Emit,
  ) {
    this.timer = setInterval(() => {
      if (!this.db.open) return clearInterval(this.timer);
      void this.tick();
    }, TICK_MS);
    this.timer.unref();
  }

  /** Re-checks what is due now; returns the request ids checked. */
  async tick(now: () => Date = () => new Date()): Promise<number[]> {
    if (this.ticking || !this.db.open) return [];
    this.ticking = true;
    const done: number[] = [];
    try {
      const due = dueForRecheck(this.db, now(), getSettings(this.db).recheckHours);
      for (const id of due) {
        if (!this.db.open) break;
        await recheckRequest(this.db, id, null, now).catch(() => undefined);
        done.push(id);
      }
      if (done.length) this.emit('takedowns.changed', { ids: done });
    } catch {
      // The case file closed or switched under the tick: the next file gets its own scheduler.
    } finally {
      this.ticking = false;
    }
    return done;
  }
}
