/**
 * The stored side of retro-matching (decision 0048): every crawled image's PDQ hashes read from
 * the case file into one packed array, and the scan of that array for the images near a new
 * reference. Plain arrays and popcounts, no SQL beyond the one chunked read, so the bench and
 * retro-match.ts share it and it can be measured alone (bench/retro-match.bench.ts).
 */
import type Database from 'better-sqlite3';
import { HASH_WORDS, packHash, popcount32 } from '../similarity/hamming';

/**
 * The PDQ hashes of every stored crawled image, packed 8 words each, with the image row of each
 * slot: 40 bytes a hash. No multi-index tables: at the rule's proposal radius (92 bits) the index
 * would scan anyway (decision 0020: it stops paying past ~48), so the tables would be memory and
 * build time spent for nothing.
 */
export interface CrawledHashes {
  words: Uint32Array;
  rows: Float64Array;
  count: number;
}

const LOAD_CHUNK = 65_536;

/**
 * Reads every stored candidate PDQ (all regions; rows from before variants were kept give their
 * whole-image PDQ), 65 536 rows a round trip as one hex string — the same trick as
 * hashRowsFromSqlite, ~3× faster than iterating rows.
 */
export function loadCrawledHashes(db: Database.Database): CrawledHashes {
  const stmt = db
    .prepare<[number, number], [string | null, string | null, string | null, number | null]>(
      `SELECT group_concat(rowid), group_concat(length(packed)), group_concat(hex(packed), ''),
              max(rowid)
         FROM (SELECT rowid, coalesce(variants, x'00ff' || pdq) AS packed FROM crawl_image_hashes
                WHERE rowid > ? AND coalesce(variants, pdq) IS NOT NULL ORDER BY rowid LIMIT ?)`,
    )
    .raw(true);
  let words = new Uint32Array(1 << 16);
  let rows = new Float64Array(1 << 13);
  let count = 0;
  for (let after = -1; ;) {
    const [ids, lengths, hex, max] = stmt.get(after, LOAD_CHUNK)!;
    if (ids === null || lengths === null || hex === null || max === null) break;
    const bytes = Buffer.from(hex, 'hex');
    const idList = ids.split(',');
    const lenList = lengths.split(',');
    let at = 0;
    for (let i = 0; i < idList.length; i++) {
      const rowid = Number(idList[i]);
      const end = at + Number(lenList[i]);
      // 34 bytes a variant: code (region << 1 | algo), quality, 32 hash bytes; PDQ codes are even.
      for (let v = at; v + 34 <= end; v += 34) {
        if ((bytes[v]! & 1) !== 0) continue;
        if (count === rows.length) {
          const bigger = new Float64Array(rows.length * 2);
          bigger.set(rows);
          rows = bigger;
          const more = new Uint32Array(rows.length * HASH_WORDS);
          more.set(words);
          words = more;
        }
        packHash(bytes.subarray(v + 2, v + 34), words, count * HASH_WORDS);
        rows[count++] = rowid;
      }
      at = end;
    }
    after = max;
  }
  return { words, rows, count };
}

/**
 * The stored images (rowids) having a PDQ within `radius` of any of `queries`: one pass over
 * the packed hashes with every query per slot, each distance given up once its first half is
 * past the radius.
 */
export function proposeCrawled(
  hashes: CrawledHashes,
  queries: readonly Uint8Array[],
  radius: number,
): Set<number> {
  const q = new Uint32Array(queries.length * HASH_WORDS);
  queries.forEach((h, i) => packHash(h, q, i * HASH_WORDS));
  const nq = queries.length;
  const { words, rows, count } = hashes;
  const found = new Set<number>();
  for (let s = 0; s < count; s++) {
    const at = s * HASH_WORDS;
    const w0 = words[at]!;
    const w1 = words[at + 1]!;
    const w2 = words[at + 2]!;
    const w3 = words[at + 3]!;
    for (let k = 0, qa = 0; k < nq; k++, qa += HASH_WORDS) {
      let d =
        popcount32(w0 ^ q[qa]!) +
        popcount32(w1 ^ q[qa + 1]!) +
        popcount32(w2 ^ q[qa + 2]!) +
        popcount32(w3 ^ q[qa + 3]!);
      if (d > radius) continue;
      d +=
        popcount32(words[at + 4]! ^ q[qa + 4]!) +
        popcount32(words[at + 5]! ^ q[qa + 5]!) +
        popcount32(words[at + 6]! ^ q[qa + 6]!) +
        popcount32(words[at + 7]! ^ q[qa + 7]!);
      if (d <= radius) {
        found.add(rows[s]!);
        break;
      }
    }
  }
  return found;
}
