/**
 * Chooses the similarity index's substring length: range queries/second for each substring
 * length b (m = round(256 / b) substrings) at 100k and 1M references, uniform and clustered,
 * against brute force interleaved in the same rounds so that a busy machine slows both alike.
 * The figures behind docs/decisions/0020-similarity-index.md.
 */
import { cpus } from 'node:os';

import { HammingIndex } from '../src/engine/similarity/multi-index';
import { type Distribution, makeQueries, makeReferences, rowsOf } from './index-data';

const SIZES = [100_000, 1_000_000];
const BITS = [16, 18, 20, 22];
const RADII = [16, 31, 48];
const QUERIES = 400;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const rows: string[] = [];
for (const n of SIZES) {
  for (const dist of ['uniform', 'clustered'] as Distribution[]) {
    const refs = makeReferences(n, dist, n + (dist === 'uniform' ? 1 : 2));
    const queries = makeQueries(refs, QUERIES, 7);
    const brute = HammingIndex.buildFromRows(rowsOf(refs), { substringBits: 16 });
    for (const bits of BITS) {
      gc();
      let t = performance.now();
      const index = HammingIndex.buildFromRows(rowsOf(refs), { substringBits: bits });
      const buildMs = performance.now() - t;
      const cells: string[] = [];
      for (const r of RADII) {
        let indexMs = 0;
        let indexQ = 0;
        let bruteMs = 0;
        let bruteQ = 0;
        for (let round = 0; round < 4; round++) {
          t = performance.now();
          for (const q of queries) index.rangeSearch(q, r);
          indexMs += performance.now() - t;
          indexQ += queries.length;
          t = performance.now();
          for (let i = 0; i < (n > 200_000 ? 8 : 60); i++) {
            brute.bruteForceRange(queries[(round * 60 + i) % queries.length]!, r);
            bruteQ++;
          }
          bruteMs += performance.now() - t;
        }
        const iq = (indexQ / indexMs) * 1000;
        const bq = (bruteQ / bruteMs) * 1000;
        cells.push(`${Math.round(iq).toLocaleString('en-US')} (${(iq / bq).toFixed(1)}×)`);
      }
      const bytes = (index.stats().bytes / n).toFixed(0);
      rows.push(
        `| ${n / 1000}k | ${dist} | ${bits} × ${Math.round(256 / bits)} | ${cells.join(' | ')} | ${Math.round(buildMs)} ms | ${bytes} |`,
      );
      console.error(rows.at(-1));
    }
  }
}
console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}\n`);
console.log(
  '| refs | data | b × m | r = 16 q/s (÷ brute) | r = 31 | r = 48 | build | bytes/hash |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
