/**
 * SQL of a crawl run besides its frontier: counters, state, log, conditional-GET validators, the
 * hashes of images already seen (by SHA-256). Matches go through the one door, matches/recordMatch.
 */
import type Database from 'better-sqlite3';
import type { CrawlCounters, CrawlRunState } from '../../shared/crawl-types';
import { recordMatch } from '../matches';
import { markIfVerifying } from './retro-marks';

/** Counter increments written with a frontier row's outcome. */
export type CounterDelta = Partial<Omit<CrawlCounters, 'queued'>>;

/** An image the crawl found matching a case reference image, ready to record. */
export interface NewMatch {
  caseId: number;
  referenceImageId: number;
  pageUrl: string;
  imageUrl: string;
  imageSha256: string;
  foundAt: string;
  httpStatus: number;
  httpHeaders: Record<string, string>;
  redirectChain: unknown[];
  serverIp: string;
  distance: number;
  algo: string;
  transform: string;
  evidenceImage: Buffer | null;
  snapshot: Buffer | null;
  snapshotKind: 'html' | 'png' | null;
  /** Where the reference's picture is in the image, when verification decided (matches/types). */
  region?: number[] | null;
}

/** The known outcome of an image content seen before. */
export interface KnownImage {
  matched: boolean;
}

export class RunStore {
  private readonly s;

  constructor(
    readonly db: Database.Database,
    readonly runId: number,
    readonly siteId: number,
  ) {
    this.s = {
      counters: db.prepare(
        `UPDATE crawl_runs SET pages = pages + @pages, images = images + @images,
           hashed = hashed + @hashed, matches = matches + @matches, errors = errors + @errors,
           skipped = skipped + @skipped, bytes = bytes + @bytes WHERE id = @id`,
      ),
      read: db.prepare(
        'SELECT state, pages, images, hashed, matches, errors, skipped, bytes FROM crawl_runs WHERE id = ?',
      ),
      state: db.prepare('UPDATE crawl_runs SET state = ?, finished_at = ? WHERE id = ?'),
      log: db.prepare(
        'INSERT INTO crawl_log (run_id, at, level, code, url, message) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      getValidator: db.prepare(
        'SELECT etag, last_modified, sha256, links FROM crawl_validators WHERE site_id = ? AND url = ?',
      ),
      putValidator: db.prepare(
        `INSERT INTO crawl_validators (site_id, url, etag, last_modified, sha256, links, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (site_id, url) DO UPDATE SET etag = excluded.etag,
           last_modified = excluded.last_modified, sha256 = excluded.sha256,
           links = excluded.links, updated_at = excluded.updated_at`,
      ),
      known: db.prepare('SELECT matched FROM crawl_image_hashes WHERE sha256 = ?'),
      putHash: db.prepare(
        `INSERT INTO crawl_image_hashes (sha256, pdq, blockhash, low_quality, matched, first_seen_at,
           pdq_quality)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET
           matched = max(matched, excluded.matched),
           pdq_quality = coalesce(excluded.pdq_quality, pdq_quality)`,
      ),
    };
  }

  /** Runs `fn` in one transaction. */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  addCounters(d: CounterDelta): void {
    this.s.counters.run({
      id: this.runId,
      pages: d.pages ?? 0,
      images: d.images ?? 0,
      hashed: d.hashed ?? 0,
      matches: d.matches ?? 0,
      errors: d.errors ?? 0,
      skipped: d.skipped ?? 0,
      bytes: d.bytes ?? 0,
    });
  }

  counters(): Omit<CrawlCounters, 'queued'> & { state: CrawlRunState } {
    return this.s.read.get(this.runId) as Omit<CrawlCounters, 'queued'> & { state: CrawlRunState };
  }

  setState(state: CrawlRunState, finishedAt: string | null): void {
    this.s.state.run(state, finishedAt, this.runId);
  }

  log(level: 'info' | 'warn' | 'error', code: string, url: string | null, message: string): void {
    this.s.log.run(this.runId, new Date().toISOString(), level, code, url, message.slice(0, 1000));
  }

  validator(url: string):
    | {
        etag: string | null;
        last_modified: string | null;
        sha256: string | null;
        links: string | null;
      }
    | undefined {
    return this.s.getValidator.get(this.siteId, url) as never;
  }

  putValidator(
    url: string,
    v: { etag?: string; lastModified?: string; sha256?: string; links?: unknown },
  ): void {
    if (!v.etag && !v.lastModified) return; // nothing to revalidate with
    this.s.putValidator.run(
      this.siteId,
      url,
      v.etag ?? null,
      v.lastModified ?? null,
      v.sha256 ?? null,
      v.links === undefined ? null : JSON.stringify(v.links),
      new Date().toISOString(),
    );
  }

  knownImage(sha256: string): KnownImage | undefined {
    const r = this.s.known.get(sha256) as { matched: number } | undefined;
    return r && { matched: r.matched === 1 };
  }

  putImageHash(
    sha256: string,
    pdq: Uint8Array | null,
    blockhash: Uint8Array | null,
    lowQuality: boolean,
    matched: boolean,
    pdqQuality: number | null = null,
  ): void {
    this.s.putHash.run(
      sha256,
      pdq,
      blockhash,
      lowQuality ? 1 : 0,
      matched ? 1 : 0,
      new Date().toISOString(),
      pdqQuality,
    );
  }

  /**
   * Records a match; returns its id, or null when the same match was recorded before. A match a
   * verification run was sent to look for is marked "found in earlier crawls" at once.
   */
  insertMatch(m: NewMatch): number | null {
    const id = recordMatch(this.db, {
      found: {
        kind: 'image',
        runId: this.runId,
        siteId: this.siteId,
        pageUrl: m.pageUrl,
        url: m.imageUrl,
        sha256: m.imageSha256,
        foundAt: m.foundAt,
        httpStatus: m.httpStatus,
        httpHeaders: m.httpHeaders,
        redirectChain: m.redirectChain,
        serverIp: m.serverIp,
      },
      target: { source: 'case-image', caseId: m.caseId, referenceImageId: m.referenceImageId },
      evidence: { algo: m.algo, distance: m.distance, transform: m.transform, region: m.region },
      sealed: { image: m.evidenceImage, snapshot: m.snapshot, snapshotKind: m.snapshotKind },
    });
    if (id !== null) markIfVerifying(this.db, id, m.foundAt);
    return id;
  }
}
