/**
 * Similarity index vs brute force (and FAISS when Debian's python3-faiss is installed): range
 * queries/second at r = 16, 31, 48 over 100k and 1M reference hashes (10M with --10m), uniform and
 * clustered, measured in the same run; build time from memory and from a real SQLite file;
 * bytes per hash; and an exactness check of every query that brute force answered.
 *
 * Flags: --10m adds ten million references; --sizes=a,b,… replaces the sizes; --no-faiss skips
 * FAISS; --queries=N (default 2000).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import type { Match } from '../src/engine/similarity/brute-force';
import { hashRowsFromSqlite } from '../src/engine/similarity/load-sqlite';
import { HammingIndex } from '../src/engine/similarity/multi-index';
import {
  type Distribution,
  makeQueries,
  makeReferences,
  readSqlite,
  rowsOf,
  writeSqlite,
} from './index-data';

const args = process.argv.slice(2);
const sizesArg = args.find((a) => a.startsWith('--sizes='));
const SIZES = sizesArg
  ? sizesArg.slice(8).split(',').map(Number)
  : [100_000, 1_000_000, ...(args.includes('--10m') ? [10_000_000] : [])];
const RADII = [16, 31, 48];
const QUERIES = Number(args.find((a) => a.startsWith('--queries='))?.slice(10) ?? 2000);
const BRUTE_SECONDS = 2;
const PYTHON = '/usr/bin/python3';
const dataDir = join(process.cwd(), 'bench/.data/index');
mkdirSync(dataDir, { recursive: true });
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const faiss =
  !args.includes('--no-faiss') &&
  spawnSync(PYTHON, ['-c', 'import faiss'], { stdio: 'ignore' }).status === 0;

interface FaissOut {
  flat_build_s: number;
  multihash_build_s: number;
  flat: Record<string, { qps: number; results: number; queries: number }>;
  multihash: Record<string, { qps: number; results: number; queries: number }>;
}

const same = (a: Match[], b: Match[]): boolean =>
  a.length === b.length && a.every((m, i) => m.id === b[i]!.id && m.distance === b[i]!.distance);
const fmt = (x: number): string =>
  x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3);
const ms = (x: number): string => (Number.isNaN(x) ? '—' : `${fmt(x)} ms`);
const label = (n: number): string => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

const queryRows: string[] = [];
const buildRows: string[] = [];
let allExact = true;

for (const n of SIZES) {
  for (const dist of ['uniform', 'clustered'] as Distribution[]) {
    const refs = makeReferences(n, dist, n + (dist === 'uniform' ? 1 : 2));
    const queries = makeQueries(refs, QUERIES, 7);
    gc();
    // A box, so that dropping one index before building the next (to measure each build on a
    // clean heap) is a visible store rather than a dead assignment.
    const box: { index: HammingIndex | null } = { index: null };
    let t = performance.now();
    box.index = HammingIndex.buildFromRows(rowsOf(refs));
    const buildMs = performance.now() - t;
    const bytesPerHash = box.index.stats().bytes / box.index.size;

    // Start-up as it really happens: open the case file, stream the rows, build.
    let sqliteMs = Number.NaN;
    let iterateMs = Number.NaN;
    if (dist === 'clustered') {
      const path = join(dataDir, `refs-${n}.sqlite`);
      rmSync(path, { force: true });
      writeSqlite(path, refs);
      box.index = null;
      gc();
      t = performance.now();
      box.index = HammingIndex.buildFromRows(readSqlite(path));
      iterateMs = performance.now() - t;
      box.index = null;
      gc();
      t = performance.now();
      const db = new Database(path, { readonly: true });
      box.index = HammingIndex.buildFromRows(
        hashRowsFromSqlite(db, {
          table: 'reference_hash',
          filter: { column: 'algo', value: 'pdq' },
        }),
      );
      db.close();
      sqliteMs = performance.now() - t;
      if (box.index.size !== n) throw new Error(`SQLite build holds ${box.index.size}, not ${n}`);
      rmSync(path, { force: true });
      rmSync(`${path}-wal`, { force: true });
      rmSync(`${path}-shm`, { force: true });
    }

    let fx: FaissOut | null = null;
    if (faiss) {
      const refsPath = join(dataDir, 'refs.bin');
      const queriesPath = join(dataDir, 'queries.bin');
      writeFileSync(refsPath, refs);
      writeFileSync(queriesPath, Buffer.concat(queries));
      const r = spawnSync(
        PYTHON,
        [join(process.cwd(), 'bench/index-faiss.py'), refsPath, queriesPath, ...RADII.map(String)],
        { encoding: 'utf8', maxBuffer: 1 << 24 },
      );
      if (r.status === 0) fx = JSON.parse(r.stdout) as FaissOut;
      else console.error(r.stderr);
      rmSync(refsPath, { force: true });
      rmSync(queriesPath, { force: true });
    }
    buildRows.push(
      `| ${label(n)} | ${dist} | ${fmt(buildMs)} ms | ${ms(sqliteMs)} | ${ms(iterateMs)} | ${bytesPerHash.toFixed(1)} | ${fx ? `${fmt(fx.multihash_build_s * 1000)} ms` : '—'} |`,
    );

    const index = box.index;
    for (const r of RADII) {
      // Index and brute force take turns over four rounds, so that other load on the machine
      // slows both alike and the ratio stays honest.
      const results: Match[][] = [];
      const brute: Match[][] = [];
      let indexMs = 0;
      let bruteMs = 0;
      const ROUNDS = 4;
      for (let round = 0; round < ROUNDS; round++) {
        t = performance.now();
        const to = Math.round(((round + 1) * queries.length) / ROUNDS);
        while (results.length < to) results.push(index.rangeSearch(queries[results.length]!, r));
        indexMs += performance.now() - t;
        t = performance.now();
        const roundStart = brute.length;
        while (brute.length < queries.length) {
          brute.push(index.bruteForceRange(queries[brute.length]!, r));
          const elapsed = performance.now() - t;
          if (brute.length - roundStart >= 2 && elapsed > (BRUTE_SECONDS * 1000) / ROUNDS) break;
        }
        bruteMs += performance.now() - t;
      }
      const indexQps = results.length / (indexMs / 1000);
      const bruteQps = brute.length / (bruteMs / 1000);
      const nsPerHash = (bruteMs * 1e6) / brute.length / n;

      const exact = brute.every((b, i) => same(b, results[i]!));
      const total = results.reduce((s, m) => s + m.length, 0);
      // FAISS answered a prefix of the queries; its result counts must equal ours on it.
      const firstK = (k: number): number => results.slice(0, k).reduce((s, m) => s + m.length, 0);
      const faissOk = (c: { results: number; queries: number }): boolean =>
        c.results === firstK(c.queries);
      const faissExact =
        fx === null
          ? ''
          : faissOk(fx.flat[r]!) && faissOk(fx.multihash[r]!)
            ? ', FAISS same counts'
            : ', FAISS COUNTS DIFFER';
      allExact &&= exact;
      queryRows.push(
        `| ${label(n)} | ${dist} | ${r} | ${(total / queries.length).toFixed(2)} | ${fmt(bruteQps)} (${nsPerHash.toFixed(1)} ns/hash) | ${fmt(indexQps)} | **${fmt(indexQps / bruteQps)}×** | ${fx ? fmt(fx.flat[r]!.qps) : '—'} | ${fx ? fmt(fx.multihash[r]!.qps) : '—'} | ${exact ? `yes (${brute.length} q)` : 'NO'}${faissExact} |`,
      );
      console.error(queryRows.at(-1));
    }
    box.index = null;
    gc();
  }
}

console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, load average at the end ${loadavg()[0]!.toFixed(1)}; ${QUERIES} queries per cell (half near-copies of a reference with 0–30 bits flipped, half unrelated); FAISS ${faiss ? 'IndexBinaryFlat / IndexBinaryMultiHash(16 × 16 bits, nflip = ⌊r/16⌋), 1 thread' : 'not run'}.
`);
console.log(
  '| refs | data | r | results/query | brute force q/s (cost) | index q/s | index ÷ brute | FAISS flat q/s | FAISS MIH q/s | exact vs brute force |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const row of queryRows) console.log(row);
console.log(
  '\n| refs | data | build from memory | start-up from SQLite (chunked loader) | start-up from SQLite (row iterate) | bytes/hash | FAISS MIH build |',
);
console.log('|---|---|---|---|---|---|---|');
for (const row of buildRows) console.log(row);
if (!allExact) {
  console.error('index results differ from brute force');
  process.exit(1);
}
