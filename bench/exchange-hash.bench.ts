/**
 * Decision 0015's measurements: what the exchange PDQ (full resolution, alpha dropped, as
 * python-threatexchange computes it) costs against the matcher's 512 px working-copy hash, and
 * what it buys when crawled images are matched against an imported list of exchange hashes.
 * Sources: the corpus photographs (fingerprint-corpus.ts), each taken as a list entry at full
 * resolution; crawled copies: the file itself, a recompression at quality 75, a 1280 px and a
 * 640 px resize. Printed as a table; `npm run bench -- exchange-hash` (`--sources=N`).
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import sharp from 'sharp';

import { exchangePdq } from '../src/engine/fingerprint/exchange-hash';
import { fingerprint } from '../src/engine/fingerprint/fingerprint';
import { hamming256 } from '../src/engine/fingerprint/hash-bits';
import { CORPUS_PACKAGES, sourceFiles } from './fingerprint-corpus';

const N = Number(/--sources=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 60);
sharp.concurrency(1);
const all = sourceFiles();
if (all.length < 20) throw new Error(`install: apt-get install -y ${CORPUS_PACKAGES.join(' ')}`);
const sources = all.filter((_, i) => i % Math.max(1, Math.floor(all.length / N)) === 0).slice(0, N);

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** The matcher's list lookup: every upright PDQ region hash of the candidate (list-set.ts). */
const uprights = (fp: Awaited<ReturnType<typeof fingerprint>>) =>
  fp.variants.filter((v) => v.algo === 'pdq' && v.transform === 'identity').map((v) => v.hash);

const COPIES = ['same file', 'JPEG q75', 'resize 1280 px', 'resize 640 px'] as const;
const d512: Record<string, number[]> = {};
const dFull: Record<string, number[]> = {};
let ms512 = 0;
let msFull = 0;
let pixels = 0;
const entries: Uint8Array[] = [];
const cands512: Uint8Array[][] = [];
for (const file of sources) {
  const bytes = await readFile(file);
  const entry = (await exchangePdq(bytes)).hash;
  entries.push(entry);
  const meta = await sharp(bytes).metadata();
  pixels += (meta.width ?? 0) * (meta.height ?? 0);
  for (const copy of COPIES) {
    const c =
      copy === 'same file'
        ? bytes
        : copy === 'JPEG q75'
          ? await sharp(bytes).jpeg({ quality: 75 }).toBuffer()
          : await sharp(bytes)
              .resize(copy === 'resize 1280 px' ? 1280 : 640)
              .jpeg({ quality: 90 })
              .toBuffer();
    let t = cpu();
    const fp = await fingerprint(c, { role: 'candidate' });
    ms512 += cpu() - t;
    t = cpu();
    const x = await exchangePdq(c);
    msFull += cpu() - t;
    (d512[copy] ??= []).push(Math.min(...uprights(fp).map((h) => hamming256(h, entry))));
    (dFull[copy] ??= []).push(hamming256(x.hash, entry));
    if (copy === 'same file') cands512.push(uprights(fp));
  }
}

const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))]!;
const within = (xs: number[], r: number) =>
  `${Math.round((100 * xs.filter((d) => d <= r).length) / xs.length)}%`;
// Unrelated pairs: each source's 512 px hashes against every other source's list entry.
const unrelated: number[] = [];
cands512.forEach((hs, i) =>
  entries.forEach((e, j) => {
    if (i !== j) unrelated.push(Math.min(...hs.map((h) => hamming256(h, e))));
  }),
);

const n = sources.length * COPIES.length;
const lines = [
  `${sources.length} corpus photographs (mean ${(pixels / sources.length / 1e6).toFixed(1)} MP), ` +
    `${os.availableParallelism()} cores, load average ${os.loadavg()[0]!.toFixed(1)}, one image at a time. ` +
    `List entry = exchange PDQ of the original file; distance = the matcher's best upright region hash ` +
    `(512 px working copy) or the candidate's own exchange PDQ.`,
  '',
  '| crawled copy | 512 px: median / p90 / max | within 20 | within 24 | within 28 | full resolution: median / p90 / max | within 20 |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...COPIES.map((c) => {
    const a = d512[c]!;
    const b = dFull[c]!;
    return (
      `| ${c} | ${q(a, 0.5)} / ${q(a, 0.9)} / ${q(a, 1)} | ${within(a, 20)} | ${within(a, 24)} | ` +
      `${within(a, 28)} | ${q(b, 0.5)} / ${q(b, 0.9)} / ${q(b, 1)} | ${within(b, 20)} |`
    );
  }),
  '',
  `Unrelated pairs (${unrelated.length}, 512 px hash against another photo's entry): within 20 ` +
    `${unrelated.filter((d) => d <= 20).length}, within 24 ${unrelated.filter((d) => d <= 24).length}, ` +
    `within 28 ${unrelated.filter((d) => d <= 28).length}, within 32 ${unrelated.filter((d) => d <= 32).length}; ` +
    `closest ${q(unrelated, 0)}.`,
  '',
  `CPU per crawled image (${n} copies): candidate fingerprint at 512 px ${(ms512 / n).toFixed(1)} ms; ` +
    `exchange PDQ at full resolution ${(msFull / n).toFixed(1)} ms (×${(msFull / ms512).toFixed(2)}).`,
];
console.log(lines.join('\n'));
