/**
 * Imported hash lists as a reference source the crawler matches against. Each entry becomes a
 * reference with the one upright PDQ (and blockhash) it was shared with, searched through the
 * similarity index and judged by the same decision rule as case references; entries carrying only
 * a SHA-256 match exact bytes. A match is recorded in hash_list_matches, on the crawler's own
 * connection and inside the transaction of its frontier row.
 */
import type Database from 'better-sqlite3';
import {
  bestMatch,
  bytesToHex,
  DEFAULT_RULE,
  QUALITY_FLOOR,
  type Fingerprint,
  type HashVariant,
} from '../fingerprint';
import { IndexedReferenceSet } from '../index/index';

/** An imported entry a crawled image matched. */
export interface ListHit {
  listId: number;
  listName: string;
  entryId: number;
  algo: string;
  distance: number;
}

/** What the crawler knows of the image when it records a list match. */
export interface ListMatchEvidence {
  runId: number;
  siteId: number;
  pageUrl: string;
  imageUrl: string;
  imageSha256: string;
  foundAt: string;
  httpStatus: number;
  httpHeaders: Record<string, string>;
  redirectChain: unknown[];
  serverIp: string;
}

interface DbEntry {
  id: number;
  list_id: number;
  name: string;
  pdq: Buffer | null;
  pdq_quality: number | null;
  blockhash: Buffer | null;
  sha256: string | null;
}

const NO_HASH = new Uint8Array(32);

/** The enabled imported lists, searchable. */
export class HashListSet {
  private readonly index = new IndexedReferenceSet();
  private readonly bySha = new Map<string, number>();
  private readonly entries = new Map<number, { listId: number; listName: string }>();
  private insert: Database.Statement | null = null;

  constructor(private readonly db: Database.Database) {}

  /** Number of entries. */
  get size(): number {
    return this.entries.size;
  }

  add(e: DbEntry): void {
    this.entries.set(e.id, { listId: e.list_id, listName: e.name });
    if (e.sha256 && !this.bySha.has(e.sha256)) this.bySha.set(e.sha256, e.id);
    if (!e.pdq) return;
    const pdq = new Uint8Array(e.pdq);
    const variants: HashVariant[] = [
      {
        algo: 'pdq',
        region: 'full',
        transform: 'identity',
        hash: pdq,
        ...(e.pdq_quality !== null ? { quality: e.pdq_quality } : {}),
      },
    ];
    if (e.blockhash) {
      variants.push({
        algo: 'blockhash',
        region: 'full',
        transform: 'identity',
        hash: new Uint8Array(e.blockhash),
      });
    }
    const fp: Fingerprint = {
      // An entry without SHA-256 must never equal a candidate's bytes by accident.
      sha256: e.sha256 ?? `entry-${e.id}`,
      format: 'unknown',
      width: 0,
      height: 0,
      pdq: { hash: pdq, hex: bytesToHex(pdq), quality: e.pdq_quality ?? 100 },
      blockhash: e.blockhash
        ? { hash: new Uint8Array(e.blockhash), hex: bytesToHex(new Uint8Array(e.blockhash)) }
        : { hash: NO_HASH, hex: '' },
      variants,
      // A list that states a low PDQ quality gets the same caution as a flat reference image.
      lowQuality: e.pdq_quality !== null && e.pdq_quality < QUALITY_FLOOR,
    };
    this.index.add(String(e.id), fp);
  }

  /** The entry a crawled image matches under Jium's rule (exact bytes first), if any. */
  match(candidate: Fingerprint): ListHit | undefined {
    const exact = this.bySha.get(candidate.sha256);
    if (exact !== undefined) return this.hit(exact, 'sha256', 0);
    if (this.index.size === 0) return undefined;
    const best = bestMatch(this.index, candidate, DEFAULT_RULE);
    if (best.comparison.verdict !== 'match' || !best.referenceId) return undefined;
    return this.hit(Number(best.referenceId), best.comparison.algo, best.comparison.distance);
  }

  /** True when stored hashes of a crawled image are equal to, or PDQ-alone near, an entry. */
  nearSeen(sha256: string, pdq: Uint8Array | null): boolean {
    if (this.bySha.has(sha256)) return true;
    if (!pdq || pdq.length !== 32) return false;
    return this.index.findNearest(pdq, 'pdq', DEFAULT_RULE.pdq).length > 0;
  }

  /** Records a match (idempotent per page, image content and entry). Returns its id or null. */
  record(hit: ListHit, ev: ListMatchEvidence): number | null {
    this.insert ??= this.db.prepare(
      `INSERT INTO hash_list_matches (run_id, site_id, list_id, entry_id, page_url, image_url,
         image_sha256, found_at, http_status, http_headers, redirect_chain, server_ip, distance, algo)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (page_url, image_sha256, entry_id) DO NOTHING`,
    );
    const r = this.insert.run(
      ev.runId,
      ev.siteId,
      hit.listId,
      hit.entryId,
      ev.pageUrl,
      ev.imageUrl,
      ev.imageSha256,
      ev.foundAt,
      ev.httpStatus,
      JSON.stringify(ev.httpHeaders),
      JSON.stringify(ev.redirectChain),
      ev.serverIp,
      hit.distance,
      hit.algo,
    );
    return r.changes ? Number(r.lastInsertRowid) : null;
  }

  private hit(entryId: number, algo: string, distance: number): ListHit | undefined {
    const e = this.entries.get(entryId);
    return e && { ...e, entryId, algo, distance };
  }
}

/** Loads the enabled lists (or the given ones) of the case file. */
export function loadHashLists(db: Database.Database, only?: readonly number[]): HashListSet {
  const set = new HashListSet(db);
  const rows = db
    .prepare(
      `SELECT e.id, e.list_id, l.name, e.pdq, e.pdq_quality, e.blockhash, e.sha256
       FROM hash_list_entries e JOIN hash_lists l ON l.id = e.list_id
       WHERE l.enabled = 1 AND (? IS NULL OR l.id IN (SELECT value FROM json_each(?)))
       ORDER BY e.id`,
    )
    .iterate(only ? 1 : null, JSON.stringify(only ?? [])) as Iterable<DbEntry>;
  for (const e of rows) set.add(e);
  return set;
}
