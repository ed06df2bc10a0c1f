/**
 * The frontier in the case file: one row per URL and run. Claiming a row sets it in-flight and
 * finishing it writes its outcome together with whatever it found (new rows, matches, counters)
 * in one transaction, so a crash leaves every row either done or re-claimable.
 */
import type Database from 'better-sqlite3';
import { pathKey } from './url-rules';

export type FrontierKind = 'page' | 'image' | 'video';

/** A claimed frontier row. */
export interface FrontierRow {
  id: number;
  kind: FrontierKind;
  url: string;
  host: string;
  depth: number;
  pageUrl: string | null;
  attempts: number;
}

interface DbFrontierRow {
  id: number;
  kind: FrontierKind;
  url: string;
  host: string;
  depth: number;
  page_url: string | null;
  attempts: number;
}

/** Due rows read ahead: served again while no row was added, re-queued or became due since. */
interface DueCache {
  rows: FrontierRow[];
  /** The read returned every due row (fewer than it asked for). */
  complete: boolean;
  version: number;
  /** The earliest next_at of a queued row that was not yet due at the read. */
  validUntil: number;
}

/** Rows one read of due rows takes, so that most launches need no query (decision 0057). */
const READ_AHEAD = 64;

/** SQL of one run's frontier. */
export class Frontier {
  private readonly stmts;
  /** Bumped by every write that can add a queued row or change which rows are due. */
  private version = 0;
  private cache: DueCache | null = null;

  constructor(
    private readonly db: Database.Database,
    readonly runId: number,
  ) {
    this.stmts = {
      reset: db.prepare(
        "UPDATE crawl_frontier SET state = 'queued' WHERE run_id = ? AND state = 'in-flight'",
      ),
      insert: db.prepare(
        `INSERT INTO crawl_frontier (run_id, kind, url, host, path_key, depth, page_url, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'queued') ON CONFLICT DO NOTHING`,
      ),
      due: db.prepare(
        `SELECT id, kind, url, host, depth, page_url, attempts FROM crawl_frontier
         WHERE run_id = ? AND state = 'queued' AND next_at <= ?
         ORDER BY kind = 'page', kind = 'video', depth, id LIMIT ?`,
      ),
      claim: db.prepare(
        "UPDATE crawl_frontier SET state = 'in-flight', attempts = attempts + 1 WHERE id = ? AND state = 'queued'",
      ),
      finish: db.prepare('UPDATE crawl_frontier SET state = ?, outcome = ? WHERE id = ?'),
      retry: db.prepare(
        "UPDATE crawl_frontier SET state = 'queued', next_at = ?, outcome = ? WHERE id = ?",
      ),
      nextDueAfter: db.prepare(
        "SELECT MIN(next_at) AS t FROM crawl_frontier WHERE run_id = ? AND state = 'queued' AND next_at > ?",
      ),
      nextDue: db.prepare(
        "SELECT MIN(next_at) AS t FROM crawl_frontier WHERE run_id = ? AND state = 'queued'",
      ),
      counts: db.prepare(
        'SELECT state, kind, COUNT(*) AS n FROM crawl_frontier WHERE run_id = ? GROUP BY state, kind',
      ),
      pathVariants: db.prepare(
        'SELECT COUNT(*) AS n FROM crawl_frontier WHERE run_id = ? AND path_key = ?',
      ),
      pagesOnHost: db.prepare(
        "SELECT COUNT(*) AS n FROM crawl_frontier WHERE run_id = ? AND host = ? AND kind = 'page'",
      ),
      pages: db.prepare(
        "SELECT COUNT(*) AS n FROM crawl_frontier WHERE run_id = ? AND kind = 'page'",
      ),
      has: db.prepare('SELECT 1 FROM crawl_frontier WHERE run_id = ? AND kind = ? AND url = ?'),
    };
  }

  /** Puts rows left in flight by a crash or kill back in the queue. Returns how many. */
  resetInFlight(): number {
    this.version++;
    return this.stmts.reset.run(this.runId).changes;
  }

  /** Adds a URL unless this run has it already. Returns whether it was new. */
  add(kind: FrontierKind, url: URL, depth: number, pageUrl: string | null): boolean {
    const added =
      this.stmts.insert.run(this.runId, kind, url.href, url.host, pathKey(url), depth, pageUrl)
        .changes > 0;
    if (added) this.version++;
    return added;
  }

  has(kind: FrontierKind, url: string): boolean {
    return this.stmts.has.get(this.runId, kind, url) !== undefined;
  }

  /**
   * Queued rows due at `nowMs`: images first (they finish pages' work), videos, then shallow pages.
   * Reads up to READ_AHEAD rows at once and serves later calls from them while nothing could have
   * changed the answer: no row added or re-queued since, none become due, none claimed but through
   * {@link claim} (which drops it). Reading and sorting the queue after every task was the crawl's
   * costliest query (decisions 0056, 0057).
   */
  due(nowMs: number, limit: number): FrontierRow[] {
    const c = this.cache;
    if (
      c &&
      c.version === this.version &&
      nowMs < c.validUntil &&
      (c.complete || c.rows.length >= limit)
    ) {
      return c.rows.slice(0, limit);
    }
    const ask = Math.max(limit, READ_AHEAD);
    const rows = (this.stmts.due.all(this.runId, nowMs, ask) as DbFrontierRow[]).map((r) => ({
      id: r.id,
      kind: r.kind,
      url: r.url,
      host: r.host,
      depth: r.depth,
      pageUrl: r.page_url,
      attempts: r.attempts,
    }));
    const after = (this.stmts.nextDueAfter.get(this.runId, nowMs) as { t: number | null }).t;
    this.cache = {
      rows,
      complete: rows.length < ask,
      version: this.version,
      validUntil: after ?? Number.POSITIVE_INFINITY,
    };
    return rows.slice(0, limit);
  }

  /** Marks a row in flight; false when another claimer got it first. */
  claim(id: number): boolean {
    const c = this.cache;
    if (c) c.rows = c.rows.filter((r) => r.id !== id);
    return this.stmts.claim.run(id).changes === 1;
  }

  finish(id: number, state: 'done' | 'failed' | 'skipped', outcome: string): void {
    this.stmts.finish.run(state, outcome, id);
  }

  retryAt(id: number, atMs: number, outcome: string): void {
    this.version++;
    this.stmts.retry.run(Math.round(atMs), outcome, id);
  }

  /** When the next queued row becomes due, or null when nothing is queued. */
  nextDueAt(): number | null {
    return (this.stmts.nextDue.get(this.runId) as { t: number | null }).t;
  }

  /** Rows per state. */
  counts(): { queued: number; inFlight: number; done: number } {
    const out = { queued: 0, inFlight: 0, done: 0 };
    for (const r of this.stmts.counts.all(this.runId) as { state: string; n: number }[]) {
      if (r.state === 'queued') out.queued += r.n;
      else if (r.state === 'in-flight') out.inFlight += r.n;
      else out.done += r.n;
    }
    return out;
  }

  /** Distinct URLs (query variants) this run has on one path. */
  pathVariants(url: URL): number {
    return (this.stmts.pathVariants.get(this.runId, pathKey(url)) as { n: number }).n;
  }

  pagesOnHost(host: string): number {
    return (this.stmts.pagesOnHost.get(this.runId, host) as { n: number }).n;
  }

  pageCount(): number {
    return (this.stmts.pages.get(this.runId) as { n: number }).n;
  }
}
