/**
 * Verifying retro-matches (issue 18 #1, decision 0049). Retro-matching (retro-match.ts) proposes
 * from stored hashes and queues candidates; here each candidate is fetched again by the crawler
 * itself — a crawl run of the candidate's site whose frontier holds only the candidates' image
 * URLs (with their pages), so the site's address guards, robots.txt, politeness, size caps and
 * redirect checks apply unchanged — and decided by the crawler's rule (verification included),
 * with its evidence (the image sealed, the page's HTML or screenshot). Afterwards each candidate
 * is settled from what the run recorded:
 *
 * - `matched`: the crawler recorded a match for that page and reference (marked "found in earlier
 *   crawls" in the transaction that recorded it, retro-marks.ts, so review never shows it unlabelled);
 * - `gone`: 404, 410 or 451 for the image (the sighting is marked gone), or other bytes now at its
 *   URL (the sighting now describes those);
 * - `no-match`: the same image, and the crawler's rule did not match it (verification refused it,
 *   or a monitor had rejected it);
 * - `unreachable`: it could not be fetched (timeouts, 5xx after the retries, robots.txt, the
 *   address guard): the stored hashes then decide by the hash rule, and a match is recorded from
 *   the sighting's stored evidence as before — not being able to look again is not "gone".
 */
import type Database from 'better-sqlite3';
import type { HandlerContext } from '../core/context';
import { decide } from '../fingerprint';
import { audit } from '../audit/record';
import { Frontier } from './frontier';
import {
  markRetroMatch,
  recordFromSighting,
  retroMatchReference,
  searchableReference,
} from './retro-match';
import { loadStoredFingerprint, markSightingGone, sightingById } from './sightings';
import { getSiteConfig, insertRun, listRuns } from './sites';
import { normaliseUrl } from './url-rules';

/** Frontier outcomes that say the image is no longer at its URL. */
const GONE = new Set(['http-404', 'http-410', 'http-451']);

/** The verification run queued for a site. */
export interface QueuedVerification {
  runId: number;
  /** Candidates (places) it verifies. */
  candidates: number;
}

interface DbCandidate {
  id: number;
  sighting_id: number;
  reference_image_id: number;
  image_sha256: string;
  image_url: string;
  page_url: string;
}

/** A site's candidates that no verification run has taken yet. */
function waitingOn(db: Database.Database, siteId: number): DbCandidate[] {
  return db
    .prepare<[number], DbCandidate>(
      `SELECT c.id, c.sighting_id, c.reference_image_id, c.image_sha256, s.image_url, s.page_url
         FROM crawl_retro_candidates c JOIN crawl_sightings s ON s.id = c.sighting_id
        WHERE c.state = 'pending' AND c.run_id IS NULL AND s.site_id = ? ORDER BY c.id`,
    )
    .all(siteId);
}

/** Sites having candidates that no verification run has taken yet. */
export function sitesToVerify(db: Database.Database): number[] {
  return (
    db
      .prepare(
        `SELECT DISTINCT s.site_id AS id FROM crawl_retro_candidates c
           JOIN crawl_sightings s ON s.id = c.sighting_id
          WHERE c.state = 'pending' AND c.run_id IS NULL ORDER BY s.site_id`,
      )
      .all() as { id: number }[]
  ).map((r) => r.id);
}

/**
 * Creates a verification run for a site's waiting candidates, in one transaction: the run (with
 * the site's current settings), its start pages entered as not to crawl (`retro-verify`: the run
 * fetches only the candidates), and one image row per candidate URL with its page. A URL seen on
 * several pages is fetched for one of them here; the others wait for the next run.
 */
export function queueRetroVerification(
  db: Database.Database,
  siteId: number,
  now: Date,
): QueuedVerification | undefined {
  const config = getSiteConfig(db, siteId);
  if (!config) return undefined;
  const site = db
    .prepare('SELECT enabled, archived_at FROM crawl_sites WHERE id = ?')
    .get(siteId) as { enabled: number; archived_at: string | null };
  if (!site.enabled || site.archived_at !== null) {
    settleUnfetchable(
      db,
      siteId,
      site.archived_at !== null ? 'site-archived' : 'site-disabled',
      now,
    );
    return undefined;
  }
  return db.transaction((): QueuedVerification | undefined => {
    const waiting = waitingOn(db, siteId);
    if (waiting.length === 0) return undefined;
    const runId = insertRun(db, siteId, config, now);
    const frontier = new Frontier(db, runId);
    for (const raw of config.startUrls) {
      const u = normaliseUrl(raw);
      if (u) frontier.add('page', u, 0, null);
    }
    db.prepare(
      "UPDATE crawl_frontier SET state = 'done', outcome = 'retro-verify' WHERE run_id = ? AND kind = 'page'",
    ).run(runId);
    const take = db.prepare('UPDATE crawl_retro_candidates SET run_id = ? WHERE id = ?');
    const pageOf = new Map<string, string>();
    let candidates = 0;
    for (const c of waiting) {
      const url = normaliseUrl(c.image_url);
      if (!url) continue;
      const page = pageOf.get(url.href);
      if (page !== undefined && page !== c.page_url) continue; // another page: the next run
      if (page === undefined) {
        frontier.add('image', url, 1, c.page_url);
        pageOf.set(url.href, c.page_url);
      }
      take.run(runId, c.id);
      candidates++;
    }
    db.prepare(
      `INSERT INTO crawl_log (run_id, at, level, code, url, message)
       VALUES (?, ?, 'info', 'retro-verify', NULL, ?)`,
    ).run(
      runId,
      now.toISOString(),
      `fetching again ${pageOf.size} images that earlier crawls saw, for references registered since`,
    );
    return { runId, candidates };
  })();
}

/**
 * Settles the candidates of a verification run that has ended, from what the run recorded (see
 * the file's comment). Candidates the run did not reach wait for the next one. Returns the number
 * settled per state.
 */
export function settleRetroVerification(
  db: Database.Database,
  runId: number,
  now: Date,
): Record<string, number> {
  const at = now.toISOString();
  const counts: Record<string, number> = {};
  db.transaction(() => {
    const taken = db
      .prepare<[number], DbCandidate>(
        `SELECT c.id, c.sighting_id, c.reference_image_id, c.image_sha256, s.image_url, s.page_url
           FROM crawl_retro_candidates c JOIN crawl_sightings s ON s.id = c.sighting_id
          WHERE c.state = 'pending' AND c.run_id = ? ORDER BY c.id`,
      )
      .all(runId);
    const rowOf = db.prepare<
      [number, string],
      { state: string; outcome: string | null; page_url: string | null }
    >(
      `SELECT state, outcome, page_url FROM crawl_frontier
        WHERE run_id = ? AND kind = 'image' AND url = ?`,
    );
    const matchOf = db.prepare<[string, string, number], { id: number }>(
      `SELECT id FROM crawl_matches WHERE page_url = ? AND image_sha256 = ?
         AND reference_image_id = ? ORDER BY id LIMIT 1`,
    );
    const set = db.prepare(
      `UPDATE crawl_retro_candidates SET state = ?, outcome = ?, decided_at = ?, match_id = ?,
         run_id = CASE WHEN ? = 'pending' THEN NULL ELSE run_id END WHERE id = ?`,
    );
    for (const c of taken) {
      const url = normaliseUrl(c.image_url)?.href ?? c.image_url;
      const row = rowOf.get(runId, url);
      const settle = (state: string, outcome: string | null, matchId: number | null = null) => {
        set.run(state, outcome, state === 'pending' ? null : at, matchId, state, c.id);
        counts[state] = (counts[state] ?? 0) + 1;
      };
      const match = matchOf.get(c.page_url, c.image_sha256, c.reference_image_id);
      if (match) {
        markRetroMatch(db, match.id, at);
        settle('matched', row?.outcome ?? 'match', match.id);
      } else if (!row || row.page_url !== c.page_url || !row.outcome) {
        settle('pending', null); // not reached by this run: the next one fetches it
      } else if (row.state === 'done' || GONE.has(row.outcome)) {
        const now = sightingById(db, c.sighting_id);
        if (GONE.has(row.outcome)) {
          markSightingGone(db, c.sighting_id, at, row.outcome);
          settle('gone', row.outcome);
        } else if (now && now.image_sha256 !== c.image_sha256) {
          settle('gone', 'changed'); // other bytes at its URL now; the sighting describes those
        } else {
          settle('no-match', row.outcome);
        }
      } else {
        settle('unreachable', row.outcome, fallback(db, c, at));
      }
    }
  })();
  return counts;
}

/**
 * A site that is turned off or archived is not fetched from again, not even to verify: its waiting
 * candidates settle as `unreachable` at once, each decided on its stored hashes (`fallback`).
 */
function settleUnfetchable(db: Database.Database, siteId: number, why: string, now: Date): void {
  const at = now.toISOString();
  db.transaction(() => {
    const waiting = waitingOn(db, siteId);
    const set = db.prepare(
      `UPDATE crawl_retro_candidates SET state = 'unreachable', outcome = ?, decided_at = ?,
         match_id = ? WHERE id = ?`,
    );
    for (const c of waiting) set.run(why, at, fallback(db, c, at), c.id);
  })();
}

/**
 * A candidate that could not be fetched again: the stored hashes decide by the hash rule, and a
 * match is recorded from the sighting's stored evidence (no bytes), as retro-matching did before
 * verification existed. Returns the match id, or null.
 */
function fallback(db: Database.Database, c: DbCandidate, at: string): number | null {
  const ref = searchableReference(db, c.reference_image_id);
  const fp = loadStoredFingerprint(db, c.image_sha256);
  const sighting = sightingById(db, c.sighting_id);
  if (!ref || !fp || !sighting) return null;
  const comparison = decide(ref.fp, fp);
  if (comparison.verdict !== 'match') return null;
  const target = { caseId: ref.caseId, referenceImageId: c.reference_image_id };
  return recordFromSighting(db, target, comparison, sighting, at);
}

/**
 * Settles candidates whose verification run ended without this loop seeing it (the process
 * stopped while it ran, and a later start or schedule finished it).
 */
function settleEnded(db: Database.Database, now: Date): void {
  const ended = db
    .prepare(
      `SELECT DISTINCT c.run_id AS id FROM crawl_retro_candidates c
         JOIN crawl_runs r ON r.id = c.run_id
        WHERE c.state = 'pending' AND r.state IN ('finished', 'failed', 'cancelled')`,
    )
    .all() as { id: number }[];
  for (const { id } of ended) settleRetroVerification(db, id, now);
}

type VerifyContext = Pick<
  HandlerContext,
  'db' | 'caseFile' | 'emit' | 'session' | 'now' | 'vault' | 'crawls'
>;

const verifying = new WeakMap<Database.Database, { again: boolean }>();

/**
 * Runs verification runs until no candidate waits: one run per site at a time, through the crawl
 * manager (a worker thread when built), each audited as `crawl.retro-verify` for the person whose
 * registration queued it. A site being crawled now is left for later (its crawl may meet the
 * candidates itself). One loop per case file; a call while it runs makes it look again.
 */
export async function verifyRetroCandidates(ctx: VerifyContext): Promise<void> {
  const busy = verifying.get(ctx.db);
  if (busy) {
    busy.again = true;
    return;
  }
  const state = { again: true };
  verifying.set(ctx.db, state);
  try {
    const manager = ctx.crawls();
    settleEnded(ctx.db, ctx.now());
    while (state.again && ctx.db.open) {
      state.again = false;
      for (const siteId of sitesToVerify(ctx.db)) {
        if (listRuns(ctx.db, siteId, 1).some((r) => manager.isRunning(r.id))) continue;
        const queued = queueRetroVerification(ctx.db, siteId, ctx.now());
        if (!queued) continue;
        audit(
          ctx,
          'crawl.retro-verify',
          { type: 'crawl-run', id: queued.runId },
          {
            siteId,
            candidates: queued.candidates,
          },
        );
        manager.start(queued.runId, siteId, ctx);
        await manager.settled(queued.runId);
        if (!ctx.db.open) return;
        const settled = settleRetroVerification(ctx.db, queued.runId, ctx.now());
        if (settled['pending']) state.again = true;
      }
    }
  } finally {
    verifying.delete(ctx.db);
  }
}

/**
 * The cases service's hook after a reference image is registered: retro-matches it (in the
 * registration's transaction) and adds to the result what the counsellor is told — "checked
 * against N images already crawled: M to verify" — then, once the registration has committed,
 * starts the verification in the background. The image is registered whatever happens here;
 * should retro-matching fail, the next crawl still matches it (matchesAnew), so the failure costs
 * only the message.
 */
export function withRetroCheck<R extends { status: string; image?: { id: number } }>(
  ctx: VerifyContext,
  result: R,
): R & { retro?: { checked: number; toReview: number; toVerify: number } } {
  if (result.status !== 'added' || !result.image) return result;
  let retro;
  try {
    retro = retroMatchReference(ctx.db, result.image.id, { now: ctx.now() });
  } catch {
    return result;
  }
  if (!retro) return result;
  if (retro.toVerify > 0) {
    // After the registration's transaction: a rolled-back registration leaves nothing to verify.
    setImmediate(() => {
      verifyRetroCandidates(ctx).catch((e: Error) =>
        console.error('[jium] verifying earlier finds:', e.name),
      );
    });
  }
  const { checked, toReview, toVerify } = retro;
  return { ...result, retro: { checked, toReview, toVerify } };
}
