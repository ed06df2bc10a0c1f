/**
 * SQL of site configurations and crawl runs. Rows keep the configuration as JSON, re-validated
 * with the shared zod schema when read, so a row edited by hand cannot smuggle in bad settings.
 */
import { isIP } from 'node:net';
import type Database from 'better-sqlite3';
import { ApiError } from '../../shared/errors';
import {
  siteConfigSchema,
  type CrawlLogEntry,
  type CrawlMatchInfo,
  type CrawlRunInfo,
  type CrawlRunState,
  type SiteConfig,
  type SiteInfo,
} from '../../shared/crawl-types';
import { foundInfoOf, type DbFoundColumns } from '../matches/found-row';
import { addressRefusal } from './ip-guard';
import { RUN_FAILURE_CODES } from './run-failure';
import { liveHolder } from './run-lease';
import { namesOf, parseNames, splitSecrets } from './site-secrets';

interface DbSite {
  id: number;
  config: string;
  secret_names: string | null;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  matches: number;
}

interface DbRun {
  id: number;
  site_id: number;
  site_name: string;
  state: CrawlRunState;
  started_at: string;
  finished_at: string | null;
  pages: number;
  images: number;
  hashed: number;
  matches: number;
  errors: number;
  skipped: number;
  bytes: number;
  queued: number;
  failure: CrawlRunInfo['failure'];
}

const RUN_SELECT = `SELECT r.id, r.site_id, s.name AS site_name, r.state, r.started_at, r.finished_at,
  r.pages, r.images, r.hashed, r.matches, r.errors, r.skipped, r.bytes,
  (SELECT COUNT(*) FROM crawl_frontier f WHERE f.run_id = r.id AND f.state IN ('queued', 'in-flight')) AS queued,
  CASE WHEN r.state = 'failed' THEN (SELECT l.code FROM crawl_log l WHERE l.run_id = r.id
    AND l.level = 'error' AND l.code IN (${RUN_FAILURE_CODES.map((c) => `'${c}'`).join(', ')})
    ORDER BY l.id DESC LIMIT 1) END AS failure
  FROM crawl_runs r JOIN crawl_sites s ON s.id = r.site_id`;

function toRun(r: DbRun): CrawlRunInfo {
  return {
    id: r.id,
    siteId: r.site_id,
    siteName: r.site_name,
    state: r.state,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    pages: r.pages,
    images: r.images,
    hashed: r.hashed,
    matches: r.matches,
    errors: r.errors,
    skipped: r.skipped,
    bytes: r.bytes,
    queued: r.queued,
    failure: r.failure,
  };
}

/** The configuration as stored: secret values never go into the clear JSON (site-secrets.ts). */
const clean = (config: SiteConfig) => JSON.stringify(splitSecrets(config).config);

export function insertSite(db: Database.Database, config: SiteConfig, now: Date): number {
  const at = now.toISOString();
  return Number(
    db
      .prepare(
        `INSERT INTO crawl_sites (name, config, enabled, schedule_hours, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(config.name, clean(config), config.enabled ? 1 : 0, config.scheduleHours, at, at)
      .lastInsertRowid,
  );
}

export function updateSite(
  db: Database.Database,
  id: number,
  given: SiteConfig,
  now: Date,
): boolean {
  // An archived site stays disabled whatever an edit says: it is brought back first (0083).
  const archived = db
    .prepare<[number], { a: string | null }>(
      'SELECT archived_at AS a FROM crawl_sites WHERE id = ?',
    )
    .get(id)?.a;
  const config = archived ? { ...given, enabled: false } : given;
  return (
    db
      .prepare(
        `UPDATE crawl_sites SET name = ?, config = ?, enabled = ?, schedule_hours = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(
        config.name,
        clean(config),
        config.enabled ? 1 : 0,
        config.scheduleHours,
        now.toISOString(),
        id,
      ).changes === 1
  );
}

/**
 * Deletes a site with its runs and logs — only one whose crawls found nothing: matches (of cases
 * or of hash lists) point back to their site for the re-check's allowances and for review, so a
 * site with matches is archived instead (decision 0083).
 */
export function deleteSite(db: Database.Database, id: number): boolean {
  const found = db
    .prepare<[number], { n: number }>(
      // every match, of a case or of a hash list, is a crawl_matches row (decision 0091)
      'SELECT COUNT(*) AS n FROM crawl_matches WHERE site_id = ?',
    )
    .get(id)!.n;
  if (found > 0) {
    throw new ApiError(
      'conflict',
      `This site's crawls found ${found} match(es), which point back to it: archive the site instead.`,
    );
  }
  return db.prepare('DELETE FROM crawl_sites WHERE id = ?').run(id).changes === 1;
}

/**
 * Archives a site (or brings it back): an archived site is kept with its runs, logs and matches
 * but is disabled, so it is never scheduled or started; brought back, it stays disabled until
 * someone enables it. Returns false when there is no such site.
 */
export function setSiteArchived(
  db: Database.Database,
  id: number,
  archived: boolean,
  now: Date,
): boolean {
  const config = getSiteConfig(db, id);
  if (!config) return false;
  const at = now.toISOString();
  if (archived) updateSite(db, id, { ...config, enabled: false }, now);
  db.prepare('UPDATE crawl_sites SET archived_at = ?, updated_at = ? WHERE id = ?').run(
    archived ? at : null,
    at,
    id,
  );
  return true;
}

/**
 * Why the address guards will refuse a start URL of this configuration, known when it is saved:
 * an address literal (or `localhost`) that is not public and not allowed. Null when none is.
 * Names are resolved only when crawled; a run whose start addresses are all refused then fails
 * with the reason (run-failure.ts).
 */
export function startAddressRefusal(
  config: Pick<SiteConfig, 'startUrls' | 'allowAddresses'>,
): { url: string; reason: string } | null {
  for (const url of config.startUrls) {
    let host: string;
    try {
      host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    } catch {
      continue;
    }
    const ip = isIP(host) ? host : /(^|\.)localhost$/i.test(host) ? '127.0.0.1' : null;
    if (!ip) continue;
    const reason = addressRefusal(ip, config);
    if (reason) return { url, reason };
  }
  return null;
}

export function getSiteConfig(db: Database.Database, id: number): SiteConfig | undefined {
  const r = db.prepare('SELECT config FROM crawl_sites WHERE id = ?').get(id) as
    { config: string } | undefined;
  return r && splitSecrets(siteConfigSchema.parse(JSON.parse(r.config))).config;
}

export function listSites(db: Database.Database): SiteInfo[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.config, s.secret_names, s.created_at, s.updated_at, s.archived_at,
         (SELECT COUNT(*) FROM crawl_matches m
           WHERE m.site_id = s.id AND m.case_id IS NOT NULL) AS matches
       FROM crawl_sites s ORDER BY s.name`,
    )
    .all() as DbSite[];
  const last = db.prepare(`${RUN_SELECT} WHERE r.site_id = ? ORDER BY r.id DESC LIMIT 1`);
  return rows.map((r) => {
    const run = last.get(r.id) as DbRun | undefined;
    // Rows not sealed yet (written before migration 8) still show names only.
    const { config, secrets } = splitSecrets(siteConfigSchema.parse(JSON.parse(r.config)));
    const sealed = parseNames(r.secret_names);
    const legacy = namesOf(secrets);
    return {
      id: r.id,
      config,
      secrets: {
        headers: [...new Set([...sealed.headers, ...legacy.headers])].sort(),
        cookies: sealed.cookies || legacy.cookies,
      },
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      lastRun: run ? toRun(run) : null,
      archivedAt: r.archived_at,
      matches: r.matches,
    };
  });
}

/** Creates a run with a snapshot of the site's configuration. */
export function insertRun(
  db: Database.Database,
  siteId: number,
  config: SiteConfig,
  now: Date,
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO crawl_runs (site_id, state, config, started_at) VALUES (?, 'running', ?, ?)`,
      )
      .run(siteId, clean(config), now.toISOString()).lastInsertRowid,
  );
}

export function getRun(db: Database.Database, id: number): CrawlRunInfo | undefined {
  const r = db.prepare(`${RUN_SELECT} WHERE r.id = ?`).get(id) as DbRun | undefined;
  return r && toRun(r);
}

export function runConfig(db: Database.Database, id: number): SiteConfig {
  const r = db.prepare('SELECT config FROM crawl_runs WHERE id = ?').get(id) as { config: string };
  return splitSecrets(siteConfigSchema.parse(JSON.parse(r.config))).config;
}

export function listRuns(
  db: Database.Database,
  siteId: number | undefined,
  limit: number,
): CrawlRunInfo[] {
  const rows =
    siteId === undefined
      ? db.prepare(`${RUN_SELECT} ORDER BY r.id DESC LIMIT ?`).all(limit)
      : db
          .prepare(`${RUN_SELECT} WHERE r.site_id = ? ORDER BY r.id DESC LIMIT ?`)
          .all(siteId, limit);
  return (rows as DbRun[]).map(toRun);
}

/** The site's run that can be continued (paused or interrupted), if any. */
export function resumableRun(db: Database.Database, siteId: number): number | undefined {
  const r = db
    .prepare(
      `SELECT id FROM crawl_runs WHERE site_id = ? AND state IN ('paused', 'interrupted', 'running')
       ORDER BY id DESC LIMIT 1`,
    )
    .get(siteId) as { id: number } | undefined;
  return r?.id;
}

/**
 * At start-up no crawl runs in this process: runs left `running` by a crash become `interrupted`
 * — except runs whose lease another live process holds (decision 0044): it is crawling them now.
 */
export function markInterrupted(db: Database.Database, except: readonly number[] = []): number {
  const running = db.prepare("SELECT id FROM crawl_runs WHERE state = 'running'").all() as {
    id: number;
  }[];
  const mark = db.prepare("UPDATE crawl_runs SET state = 'interrupted' WHERE id = ?");
  let n = 0;
  for (const r of running) {
    if (except.includes(r.id) || liveHolder(db, r.id)) continue;
    n += mark.run(r.id).changes;
  }
  return n;
}

export function setRunState(db: Database.Database, id: number, state: CrawlRunState): void {
  db.prepare('UPDATE crawl_runs SET state = ? WHERE id = ?').run(state, id);
}

export function readLog(
  db: Database.Database,
  runId: number,
  afterId: number,
  limit: number,
  level?: 'info' | 'warn' | 'error',
): CrawlLogEntry[] {
  return db
    .prepare(
      `SELECT id, at, level, code, url, message FROM crawl_log
       WHERE run_id = ? AND id > ? AND (? IS NULL OR level = ?) ORDER BY id LIMIT ?`,
    )
    .all(runId, afterId, level ?? null, level ?? null, limit) as CrawlLogEntry[];
}

export function listMatches(
  db: Database.Database,
  runId: number | undefined,
  limit: number,
): CrawlMatchInfo[] {
  const rows = db
    .prepare(
      `SELECT m.id, m.run_id, m.site_id, m.case_id, c.code AS case_code, m.reference_image_id,
         m.page_url, m.image_url, m.image_sha256, m.found_at, m.http_status, m.server_ip,
         m.distance, m.algo, m.redirect_chain, m.evidence_image IS NOT NULL AS has_image,
         m.snapshot_kind, m.review_state
       FROM crawl_matches m JOIN cases c ON c.id = m.case_id
       WHERE (? IS NULL OR m.run_id = ?) ORDER BY m.id DESC LIMIT ?`,
    )
    .all(runId ?? null, runId ?? null, limit) as (DbFoundColumns & {
    id: number;
    run_id: number;
    site_id: number;
    case_id: number;
    case_code: string;
    reference_image_id: number;
    redirect_chain: string;
    has_image: number;
    snapshot_kind: 'html' | 'png' | null;
    review_state: CrawlMatchInfo['reviewState'];
  })[];
  return rows.map((r) => ({
    id: r.id,
    runId: r.run_id,
    siteId: r.site_id,
    caseId: r.case_id,
    caseCode: r.case_code,
    referenceImageId: r.reference_image_id,
    ...foundInfoOf(r),
    redirectChain: JSON.parse(r.redirect_chain) as CrawlMatchInfo['redirectChain'],
    hasImage: r.has_image === 1,
    snapshotKind: r.snapshot_kind,
    reviewState: r.review_state,
  }));
}
