/**
 * The crawl's outcome writes, batched (decision 0056): each finished task's writes (its frontier
 * row, counters, hashes, sighting, validator, match) are queued and committed together with their
 * neighbours' in one transaction, at most `maxWrites` of them or `maxDelayMs` after the first.
 * Each task's writes still commit whole or not at all, and nothing else is written in between:
 * a kill loses at most the outcomes not yet committed, whose rows are still in flight in the case
 * file and are fetched again when the run resumes (decision 0041). The runner flushes before it
 * changes the run's record (pause, stop, the end) and whenever nothing else is in flight.
 */
import type Database from 'better-sqlite3';

/** One task's writes. */
export interface QueuedWrite {
  /** The writes, run inside the batch's transaction. */
  write: () => void;
  /** After the batch: committed, or rolled back with every other write of the batch. */
  settled?: (committed: boolean) => void;
}

export interface OutcomeQueueOptions {
  /** Writes per transaction at most. */
  maxWrites: number;
  /** Milliseconds a queued write waits at most for neighbours. */
  maxDelayMs: number;
  /** The batch's transaction failed (disk full, file closed); its writes were rolled back. */
  onFailure: (e: unknown) => void;
}

/** How many outcomes a transaction takes, and how long the first waits (decision 0056). */
export const OUTCOME_BATCH = { maxWrites: 32, maxDelayMs: 100 } as const;

/** Queues tasks' writes and commits them in batches. */
export class OutcomeQueue {
  private pending: QueuedWrite[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly o: OutcomeQueueOptions,
  ) {}

  /** Writes queued and not yet committed. */
  get size(): number {
    return this.pending.length;
  }

  /** Queues one task's writes; commits the batch when it is full. */
  push(w: QueuedWrite): void {
    this.pending.push(w);
    if (this.pending.length >= this.o.maxWrites) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.o.maxDelayMs);
  }

  /** Commits every queued write in one transaction. Returns false when it failed. */
  flush(): boolean {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    if (batch.length === 0) return true;
    this.pending = [];
    let committed = true;
    try {
      this.db.transaction(() => {
        for (const w of batch) w.write();
      })();
    } catch (e) {
      committed = false;
      this.o.onFailure(e);
    }
    for (const w of batch) w.settled?.(committed);
    return committed;
  }
}
