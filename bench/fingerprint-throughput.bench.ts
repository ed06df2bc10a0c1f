/**
 * Throughput of Jium's full fingerprint against (a) sharp decoding alone to the same 512 px working
 * image (the physical limit of this pipeline), (b) imghash and (c) sharp-phash, all in one run on
 * the same machine, printed as ratios; plus peak memory (RSS) of each. The input is a folder of
 * 500 JPEGs from 1 to 12 megapixels made from the corpus sources (see fingerprint-corpus.ts).
 * Run: npm run bench -- fingerprint-throughput
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import imghash from 'imghash';
import sharp from 'sharp';
import phash from 'sharp-phash';

import { DEFAULT_LIMITS, workingPipeline } from '../src/engine/fingerprint/decode';
import { fingerprint } from '../src/engine/fingerprint/fingerprint';
import { CORPUS_PACKAGES, rng, sourceFiles } from './fingerprint-corpus';

const root = process.cwd();
const dir = path.join(root, 'bench/.data/fingerprint-throughput');
const COUNT = 500;
const concurrency = Math.max(2, os.availableParallelism() * 2);
// One libvips thread per image, for every method alike: with several images in flight, parallelism
// comes from having several images, and the JS hashing thread is not crowded out.
sharp.concurrency(1);

/** Makes the JPEG folder once: sizes spread evenly from 1 to 12 megapixels. */
async function makeFolder(): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const have = readdirSync(dir).filter((f) => f.endsWith('.jpg'));
  if (have.length >= COUNT) return have.sort().map((f) => path.join(dir, f));
  const sources = sourceFiles();
  if (sources.length < 20)
    throw new Error(`install: apt-get install -y ${CORPUS_PACKAGES.join(' ')}`);
  const rand = rng(7);
  for (let i = 0; i < COUNT; i++) {
    const src = sources[i % sources.length] ?? '';
    const meta = await sharp(src).metadata();
    const mp = (1 + (11 * i) / (COUNT - 1)) * 1e6;
    const aspect = (meta.width ?? 4) / (meta.height ?? 3);
    const w = Math.round(Math.sqrt(mp * aspect));
    const h = Math.round(mp / w);
    const bytes = await sharp(src)
      .resize(w, h, { fit: 'fill' })
      .modulate({ brightness: 0.9 + rand() * 0.2 })
      .jpeg({ quality: 80 + Math.floor(rand() * 15) })
      .toBuffer();
    writeFileSync(path.join(dir, `img-${String(i).padStart(3, '0')}.jpg`), bytes);
  }
  return makeFolder();
}

/**
 * Runs `work` over files with bounded concurrency; returns images/s, peak RSS and CPU time per
 * image (all threads of this process: libvips' on the thread pool and the hashing on the main
 * one). CPU time is the steadier figure on a shared machine, where other processes take cores.
 */
async function measure(
  files: string[],
  work: (file: string) => Promise<unknown>,
  par = concurrency,
) {
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  let next = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: par }, async () => {
      while (next < files.length) await work(files[next++] ?? '');
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const cpuMs = (cpu.user + cpu.system) / 1000 / files.length;
  return { rate: files.length / secs, peakMiB: peak / 2 ** 20, cpuMs };
}

const files = await makeFolder();
const subset = files.filter((_, i) => i % 5 === 0);
const decodeOnly = (f: string) =>
  readFile(f).then((b) => workingPipeline(b, DEFAULT_LIMITS).toBuffer());
const jium = (role: 'candidate' | 'reference') => (f: string) =>
  readFile(f).then((b) => fingerprint(b, { role }));

// Warm-up (JIT, libvips caches), not measured.
await measure(files.slice(0, 10), jium('reference'));
await measure(files.slice(0, 10), decodeOnly);

const rows: [string, { rate: number; peakMiB: number; cpuMs: number }, string][] = [];
const dec = await measure(files, decodeOnly);
rows.push(['sharp decode to 512 px (limit)', dec, 'all']);
const cand = await measure(files, jium('candidate'));
rows.push(['Jium fingerprint, candidate (crawler)', cand, 'all']);
const ref = await measure(files, jium('reference'));
rows.push(['Jium fingerprint, reference (+orientations, sub-crops)', ref, 'all']);
const sp = await measure(files, (f) => readFile(f).then((b) => phash(b)));
rows.push(['sharp-phash', sp, 'all']);
// Fairness of the limit: at 4 in flight the decode-only run may leave cores idle (file reads and
// decodes share libuv's 4 threads), so both are measured again with twice as many in flight.
const wide = concurrency * 2;
const dec2 = await measure(files, decodeOnly, wide);
rows.push([`sharp decode to 512 px, ${wide} in flight`, dec2, 'all']);
const cand2 = await measure(files, jium('candidate'), wide);
rows.push([`Jium fingerprint, candidate, ${wide} in flight`, cand2, 'all']);
const candSub = await measure(subset, jium('candidate'));
rows.push(['Jium fingerprint, candidate', candSub, `every 5th (${subset.length})`]);
const ih = await measure(subset, (f) => imghash.hash(f, 16));
rows.push(['imghash (blockhash 256, jpeg-js decode)', ih, `every 5th (${subset.length})`]);

const lines = [
  `${files.length} JPEGs of 1-12 MP, ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? '?'}), ` +
    `Node ${process.version}, ${concurrency} images in flight for every method unless the row says otherwise.`,
  '',
  '| method | images | images/s | vs decode-only | CPU ms/image | peak RSS (MiB) |',
  '|---|---|---:|---:|---:|---:|',
  ...rows.map(
    ([name, r, which]) =>
      `| ${name} | ${which} | ${r.rate.toFixed(1)} | ${(r.rate / dec.rate).toFixed(2)} | ` +
      `${r.cpuMs.toFixed(1)} | ${r.peakMiB.toFixed(0)} |`,
  ),
  '',
  `Ratios: Jium candidate / decode-only = **${(cand.rate / dec.rate).toFixed(2)}** (target >= 0.8); ` +
    `Jium reference / decode-only = ${(ref.rate / dec.rate).toFixed(2)}; ` +
    `Jium candidate / imghash (same subset) = **${(candSub.rate / ih.rate).toFixed(1)}x** (target >= 5x); ` +
    `Jium candidate / sharp-phash = ${(cand.rate / sp.rate).toFixed(2)}. ` +
    `Best of both settings: Jium candidate ${Math.max(cand.rate, cand2.rate).toFixed(1)} / ` +
    `decode-only ${Math.max(dec.rate, dec2.rate).toFixed(1)} = ` +
    `**${(Math.max(cand.rate, cand2.rate) / Math.max(dec.rate, dec2.rate)).toFixed(2)}**. ` +
    `CPU time: decode-only / Jium candidate = ${(dec.cpuMs / cand.cpuMs).toFixed(2)} ` +
    `(${dec.cpuMs.toFixed(1)} vs ${cand.cpuMs.toFixed(1)} ms per image).`,
];
const text = lines.join('\n');
console.log(text);
if (existsSync(path.join(root, 'bench/.data'))) {
  writeFileSync(path.join(root, 'bench/.data/fingerprint-throughput.md'), text + '\n');
}
