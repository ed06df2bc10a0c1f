/**
 * Imported hash lists as a reference source the crawler matches against (decision 0077). Lists
 * can hold millions of hashes, so they are not case references: each list's PDQ hashes go into
 * its own Hamming index (about 200 bytes a hash, decision 0020) searched at that list's own PDQ
 * distance (decision 0053; 20, the rule's PDQ-alone bound, unless someone changed it), and
 * SHA-256 is looked up in SQLite by its index (no memory at all). Entries with a stated PDQ
 * quality under the floor are never searched by PDQ, as flat references never match.
 *
 * A list is of kind 'match' (its entries are content to find) or 'benign' (its entries are known
 * harmless pictures: a crawled image within a benign entry's distance never enters the queue from
 * any source, decision 0053). vPDQ entries (videos) are compared with crawled videos by the video
 * engine. A match is recorded through the one door (matches/recordMatch, source 'hash-list') on
 * the crawler's own connection, inside the transaction of its frontier row; the quarantine rule
 * (quarantine.ts) then looks at what the list and the entry have matched.
 */
import type Database from 'better-sqlite3';
import { DEFAULT_LIST_DISTANCE, type HashListKind } from '../../shared/exchange-types';
import { all, iterate, preparedOnce, sql, type Query } from '../db/sql';
import { QUALITY_FLOOR, type Fingerprint } from '../fingerprint';
import { recordMatch } from '../matches';
import type { FoundMedia, MatchEvidence } from '../matches';
import { HammingIndex, type HashRow } from '../similarity/index';
import { matchVideo, videoVerdict, type VideoFingerprint, type VideoMatch } from '../video';
import { checkQuarantine } from './quarantine';
import { countSuppressed } from './queries';
import { parseVpdq } from './vpdq';

/** An imported entry a crawled image matched. */
export interface ListHit {
  listId: number;
  listName: string;
  entryId: number;
  algo: 'sha256' | 'pdq';
  distance: number;
}

/**
 * What the crawler knows of the image (or video) when it records a list match: what a match
 * records of what was found, with the found file's URL and SHA-256 under the crawler's names.
 */
export type ListMatchEvidence = Omit<FoundMedia, 'kind' | 'url' | 'sha256'> & {
  imageUrl: string;
  imageSha256: string;
};

/** A vPDQ entry of a list, ready for the video engine. */
export interface ListVideoEntry {
  listId: number;
  listName: string;
  entryId: number;
  fingerprint: VideoFingerprint;
}

/** The PDQ distance of a list imported without one (the decision rule's PDQ-alone bound). */
export const LIST_PDQ_RADIUS = DEFAULT_LIST_DISTANCE;

interface LoadedList {
  id: number;
  name: string;
  kind: HashListKind;
  distance: number;
  index: HammingIndex;
}

/** The enabled imported lists, searchable. */
export class HashListSet {
  private readonly lists: LoadedList[] = [];
  private readonly videos: ListVideoEntry[] = [];
  /** The lists this set was loaded from (all, or the ones named). */
  private readonly scope: Query<never>;
  /** The SHA-256 lookup runs for every crawled image: its statement is prepared once. */
  private readonly statements: ReturnType<typeof preparedOnce>;

  constructor(
    private readonly db: Database.Database,
    only?: readonly number[],
    kind?: HashListKind,
  ) {
    this.statements = preparedOnce(db);
    this.scope = sql`(${only ? 1 : null} IS NULL
      OR l.id IN (SELECT value FROM json_each(${JSON.stringify(only ?? [])})))`;
    const k = kind ?? null;
    const lists = all(
      db,
      sql<{ id: number; name: string; kind: HashListKind; pdq_distance: number }>`SELECT l.id,
        l.name, l.kind, l.pdq_distance FROM hash_lists l
        WHERE l.enabled = 1 AND ${this.scope} AND (${k} IS NULL OR l.kind = ${k}) ORDER BY l.id`,
    );
    for (const l of lists) {
      const rows = iterate(
        db,
        sql<{ id: number; pdq: Buffer }>`SELECT e.id, e.pdq FROM hash_list_entries e
          WHERE e.list_id = ${l.id} AND e.pdq IS NOT NULL
            AND (e.pdq_quality IS NULL OR e.pdq_quality >= ${QUALITY_FLOOR}) ORDER BY e.id`,
      );
      const index = HammingIndex.buildFromRows(
        (function* (): Generator<HashRow> {
          for (const r of rows) yield { id: r.id, hash: new Uint8Array(r.pdq) };
        })(),
      );
      this.lists.push({ id: l.id, name: l.name, kind: l.kind, distance: l.pdq_distance, index });
      if (l.kind !== 'match') continue;
      const videos = iterate(
        db,
        sql<{ id: number; vpdq: string }>`SELECT id, vpdq FROM hash_list_entries
          WHERE list_id = ${l.id} AND vpdq IS NOT NULL ORDER BY id`,
      );
      for (const v of videos) {
        const fingerprint = parseVpdq(v.vpdq);
        if (fingerprint)
          this.videos.push({ listId: l.id, listName: l.name, entryId: v.id, fingerprint });
      }
    }
  }

  /** The first entry of a loaded list of this kind that names the SHA-256 (not a video's). */
  private bySha(kind: HashListKind, sha256: string) {
    return this.statements.get(
      sql<{ id: number; list_id: number }>`SELECT e.id, e.list_id FROM hash_list_entries e
        JOIN hash_lists l ON l.id = e.list_id
        WHERE l.enabled = 1 AND l.kind = ${kind} AND ${this.scope} AND e.sha256 = ${sha256}
          AND e.vpdq IS NULL
        ORDER BY e.id LIMIT 1`,
    );
  }

  /** PDQ hashes searchable (entries carrying only a SHA-256 are looked up in SQLite). */
  get size(): number {
    return this.lists.reduce((n, l) => n + l.index.size, 0);
  }

  /** Bytes held by the PDQ indexes' typed arrays (the set's memory; SHA-256 stays in SQLite). */
  get bytes(): number {
    return this.lists.reduce((n, l) => n + l.index.stats().bytes, 0);
  }

  /** The vPDQ entries of the set's match lists. */
  videoEntries(): readonly ListVideoEntry[] {
    return this.videos;
  }

  /**
   * The vPDQ entry a crawled video matches under the one video decision (the video engine's
   * `videoVerdict`, as for case reference videos), the one with the largest share of the
   * video's frames found; null when none does.
   */
  matchVideo(candidate: VideoFingerprint): { entry: ListVideoEntry; match: VideoMatch } | null {
    let best: { entry: ListVideoEntry; match: VideoMatch } | null = null;
    for (const entry of this.videos) {
      const match = matchVideo(candidate, entry.fingerprint);
      if (videoVerdict(candidate, match) !== 'match') continue;
      if (!best || match.queryPct > best.match.queryPct) best = { entry, match };
    }
    return best;
  }

  /** The entry of a match list a crawled image matches (exact bytes first, then nearest PDQ). */
  match(candidate: Fingerprint): ListHit | undefined {
    return this.find('match', candidate);
  }

  /** The entry of a benign list a crawled image is within the distance of, if any. */
  benign(candidate: Fingerprint): ListHit | undefined {
    return this.find('benign', candidate);
  }

  /** True when a crawled image's stored hashes equal, or are PDQ-near, an entry of a match list. */
  nearSeen(sha256: string, pdq: Uint8Array | null): boolean {
    if (this.bySha('match', sha256)) return true;
    if (!pdq || pdq.length !== 32) return false;
    return this.lists.some(
      (l) =>
        l.kind === 'match' && l.index.size > 0 && l.index.rangeSearch(pdq, l.distance).length > 0,
    );
  }

  /** Records an image's match (idempotent per page, content and entry); its id, or null. */
  record(hit: ListHit, ev: ListMatchEvidence): number | null {
    const evidence = { algo: hit.algo, distance: hit.distance, transform: 'identity' };
    return this.write(hit, ev, evidence, 'image');
  }

  /**
   * Records a crawled video's match with a vPDQ entry, with its segments and shares; `distance`
   * is the share of the video's frames not found (100 - queryPct), as for case videos (0047).
   */
  recordVideo(
    entry: ListVideoEntry,
    ev: ListMatchEvidence,
    match: VideoMatch,
    sampled: boolean,
  ): number | null {
    return this.write(
      entry,
      ev,
      {
        algo: 'vpdq',
        distance: Math.max(0, Math.round(100 - match.queryPct)),
        transform: 'identity',
        segments: match.segments,
        queryPct: match.queryPct,
        comparePct: match.comparePct,
        sampled,
      },
      'video',
    );
  }

  /**
   * Writes a match through the one door and applies the quarantine rule to its list and entry
   * (quarantine.ts): returns the match's id, or null when it was recorded before.
   */
  private write(
    hit: Pick<ListHit, 'listId' | 'entryId'>,
    ev: ListMatchEvidence,
    evidence: MatchEvidence,
    kind: 'image' | 'video',
  ): number | null {
    const id = recordMatch(this.db, {
      found: {
        kind,
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
      evidence,
    });
    if (id !== null)
      checkQuarantine(this.db, hit.listId, hit.entryId, ev.runId, new Date(ev.foundAt));
    return id;
  }

  /** Counts images a benign list kept out of the queue. */
  countSuppressed(listId: number): void {
    countSuppressed(this.db, listId);
  }

  private find(kind: HashListKind, candidate: Fingerprint): ListHit | undefined {
    // No loaded list of this kind: nothing to look up (the crawl asks for every image; without
    // this, two SQLite lookups per image cost ~4% of a crawl's main thread with no list at all).
    if (!this.lists.some((l) => l.kind === kind)) return undefined;
    const exact = this.bySha(kind, candidate.sha256);
    if (exact) return this.hit(exact.list_id, exact.id, 'sha256', 0);
    // A flat or tiny candidate never matches by perceptual hash (the decision rule's caution).
    if (candidate.lowQuality) return undefined;
    let best: { list: number; id: number; distance: number } | undefined;
    for (const l of this.lists) {
      if (l.kind !== kind || l.index.size === 0) continue;
      for (const v of candidate.variants) {
        if (v.algo !== 'pdq' || v.transform !== 'identity') continue;
        for (const m of l.index.rangeSearch(v.hash, l.distance)) {
          if (
            !best ||
            m.distance < best.distance ||
            (m.distance === best.distance && m.id < best.id)
          )
            best = { list: l.id, id: m.id, distance: m.distance };
        }
      }
    }
    return best && this.hit(best.list, best.id, 'pdq', best.distance);
  }

  private hit(listId: number, entryId: number, algo: ListHit['algo'], distance: number): ListHit {
    const name = this.lists.find((l) => l.id === listId)?.name ?? '';
    return { listId, listName: name, entryId, algo, distance };
  }
}

/** Loads the enabled lists (or only the given ones, or only those of one kind) of the case file. */
export function loadHashLists(
  db: Database.Database,
  only?: readonly number[],
  kind?: HashListKind,
): HashListSet {
  return new HashListSet(db, only, kind);
}
