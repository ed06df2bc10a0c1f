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

/** SQL of one run's frontier. */
export class Frontier {
  private readonly stmts;

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
    return this.stmts.reset.run(this.runId).changes;
  }

  /** Adds a URL unless this run has it already. Returns whether it was new. */
  add(kind: FrontierKind, url: URL, depth: number, pageUrl: string | null): boolean {
    return (
      this.stmts.insert.run(this.runId, kind, url.href, url.host, pathKey(url), depth, pageUrl)
        .changes > 0
    );
  }

  has(kind: FrontierKind, url: string): boolean {
    return this.stmts.has.get(this.runId, kind, url) !== undefined;
  }

  /** Queued rows due at `nowMs`: images first (they finish pages' work), videos, then shallow pages. */
  due(nowMs: number, limit: number): FrontierRow[] {
    return (this.stmts.due.all(this.runId, nowMs, limit) as DbFrontierRow[]).map((r) => ({
      id: r.id,
      kind: r.kind,
      url: r.url,
      host: r.host,
      depth: r.depth,
      pageUrl: r.page_url,
      attempts: r.attempts,
    }));
  }

  /** Marks a row in flight; false when another claimer got it first. */
  claim(id: number): boolean {
    return this.stmts.claim.run(id).changes === 1;
  }

  finish(id: number, state: 'done' | 'failed' | 'skipped', outcome: string): void {
    this.stmts.finish.run(state, outcome, id);
  }

  retryAt(id: number, atMs: number, outcome: string): void {
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
