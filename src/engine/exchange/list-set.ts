/**
 * Imported hash lists as a reference source the crawler matches against (decision 0077). Lists
 * can hold millions of hashes, so they are not case references: their PDQ hashes go into one
 * Hamming index (about 200 bytes a hash, decision 0020) searched at the decision rule's PDQ-alone
 * radius, and SHA-256 is looked up in SQLite by its index (no memory at all). Entries with a
 * stated PDQ quality under the floor are never searched by PDQ, as flat references never match.
 * A match is recorded through the one door (matches/recordMatch, source 'hash-list') on the
 * crawler's own connection, inside the transaction of its frontier row.
 */
import type Database from 'better-sqlite3';
import { DEFAULT_RULE, QUALITY_FLOOR, type Fingerprint } from '../fingerprint';
import { recordMatch } from '../matches';
import { HammingIndex, type HashRow } from '../similarity/index';

/** An imported entry a crawled image matched. */
export interface ListHit {
  listId: number;
  listName: string;
  entryId: number;
  algo: 'sha256' | 'pdq';
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

/** PDQ distance at or under which a list entry matches (the rule's PDQ-alone bound). */
export const LIST_PDQ_RADIUS = DEFAULT_RULE.pdq;

const ENABLED = `JOIN hash_lists l ON l.id = e.list_id
  WHERE l.enabled = 1 AND (? IS NULL OR l.id IN (SELECT value FROM json_each(?)))`;

/** The enabled imported lists, searchable. */
export class HashListSet {
  private readonly index: HammingIndex;
  private readonly bySha: Database.Statement<unknown[], { id: number }>;
  private readonly entry: Database.Statement<[number], { list_id: number; name: string }>;
  private readonly scope: [number | null, string];

  constructor(
    private readonly db: Database.Database,
    only?: readonly number[],
  ) {
    this.scope = [only ? 1 : null, JSON.stringify(only ?? [])];
    const rows = db
      .prepare<unknown[], { id: number; pdq: Buffer }>(
        `SELECT e.id, e.pdq FROM hash_list_entries e ${ENABLED}
           AND e.pdq IS NOT NULL AND (e.pdq_quality IS NULL OR e.pdq_quality >= ?)
         ORDER BY e.id`,
      )
      .iterate(...this.scope, QUALITY_FLOOR);
    this.index = HammingIndex.buildFromRows(
      (function* (): Generator<HashRow> {
        for (const r of rows) yield { id: r.id, hash: new Uint8Array(r.pdq) };
      })(),
    );
    this.bySha = db.prepare(
      `SELECT e.id FROM hash_list_entries e ${ENABLED} AND e.sha256 = ? ORDER BY e.id LIMIT 1`,
    );
    this.entry = db.prepare(
      `SELECT e.list_id, l.name FROM hash_list_entries e JOIN hash_lists l ON l.id = e.list_id
       WHERE e.id = ?`,
    );
  }

  /** PDQ hashes searchable (entries carrying only a SHA-256 are looked up in SQLite). */
  get size(): number {
    return this.index.size;
  }

  /** Bytes held by the PDQ index's typed arrays (the set's memory; SHA-256 stays in SQLite). */
  get bytes(): number {
    return this.index.stats().bytes;
  }

  /** The entry a crawled image matches (exact bytes first, then the nearest PDQ), if any. */
  match(candidate: Fingerprint): ListHit | undefined {
    const exact = this.bySha.get(...this.scope, candidate.sha256);
    if (exact) return this.hit(exact.id, 'sha256', 0);
    // A flat or tiny candidate never matches by perceptual hash (the decision rule's caution).
    if (candidate.lowQuality || this.index.size === 0) return undefined;
    let best: { id: number; distance: number } | undefined;
    for (const v of candidate.variants) {
      if (v.algo !== 'pdq' || v.transform !== 'identity') continue;
      for (const m of this.index.rangeSearch(v.hash, LIST_PDQ_RADIUS)) {
        if (!best || m.distance < best.distance || (m.distance === best.distance && m.id < best.id))
          best = { id: m.id, distance: m.distance };
      }
    }
    return best && this.hit(best.id, 'pdq', best.distance);
  }

  /** True when a crawled image's stored hashes equal, or are PDQ-near, an entry. */
  nearSeen(sha256: string, pdq: Uint8Array | null): boolean {
    if (this.bySha.get(...this.scope, sha256)) return true;
    if (!pdq || pdq.length !== 32 || this.index.size === 0) return false;
    return this.index.rangeSearch(pdq, LIST_PDQ_RADIUS).length > 0;
  }

  /** Records a match (idempotent per page, image content and entry). Returns its id or null. */
  record(hit: ListHit, ev: ListMatchEvidence): number | null {
    return recordMatch(this.db, {
      found: {
        kind: 'image',
        runId: ev.runId,
        siteId: ev.siteId,
        pageUrl: ev.pageUrl,
        url: ev.imageUrl,
        sha256: ev.imageSha256,
        foundAt: ev.foundAt,
        httpStatus: ev.httpStatus,
        httpHeaders: ev.httpHeaders,
        redirectChain: ev.redirectChain,
        serverIp: ev.serverIp,
      },
      target: { source: 'hash-list', listId: hit.listId, entryId: hit.entryId },
      evidence: { algo: hit.algo, distance: hit.distance, transform: 'identity' },
    });
  }

  private hit(entryId: number, algo: ListHit['algo'], distance: number): ListHit | undefined {
    const e = this.entry.get(entryId);
    return e && { listId: e.list_id, listName: e.name, entryId, algo, distance };
  }
}

/** Loads the enabled lists (or only the given ones) of the case file. */
export function loadHashLists(db: Database.Database, only?: readonly number[]): HashListSet {
  return new HashListSet(db, only);
}
