/**
 * Throughput of Jium's full fingerprint against (a) sharp decoding alone to the same 512 px working
 * image (the physical limit of this pipeline), (b) imghash and (c) sharp-phash, all in one run on
 * the same machine, printed as ratios; plus peak memory (RSS) of each. The input is a folder of
 * 500 JPEGs from 1 to 12 megapixels made from the corpus sources (see fingerprint-corpus.ts).
 * Every row runs in a process of its own (this file again, with --row=N), so its peak RSS is its
 * own (the kernel's high-water mark of that process, VmHWM, warm-up included), not inherited from
 * the rows before it. Also measured: the exchange PDQ (full resolution, alpha dropped, decision 0015).
 * Run: npm run bench -- fingerprint-throughput   (some rows only: add --rows=7,8,9, 0-based; the
 * ratios need rows 0-5 and 8-9, so a partial run prints only its rows' own figures)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import imghash from 'imghash';
import sharp from 'sharp';
import phash from 'sharp-phash';

import { DEFAULT_LIMITS, workingPipeline } from '../src/engine/fingerprint/decode';
import { exchangePdq } from '../src/engine/fingerprint/exchange-hash';
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
 * Runs `work` over files with bounded concurrency; returns images/s and CPU time per image (all
 * threads of this process: libvips' on the thread pool and the hashing on the main one). CPU time
 * is the steadier figure on a shared machine, where other processes take cores.
 */
async function measure(
  files: string[],
  work: (file: string) => Promise<unknown>,
  par = concurrency,
) {
  (globalThis as { gc?: () => void }).gc?.();
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
  const cpuMs = (cpu.user + cpu.system) / 1000 / files.length;
  return { rate: files.length / secs, cpuMs };
}

const decodeOnly = (f: string) =>
  readFile(f).then((b) => workingPipeline(b, DEFAULT_LIMITS).toBuffer());
const jium = (role: 'candidate' | 'reference') => (f: string) =>
  readFile(f).then((b) => fingerprint(b, { role }));
const wide = concurrency * 2;

/** The rows: name, which files, the work, how many in flight. Each runs in its own process. */
const ROWS: {
  name: string;
  subset: boolean;
  work: (f: string) => Promise<unknown>;
  par?: number;
}[] = [
  { name: 'sharp decode to 512 px (limit)', subset: false, work: decodeOnly },
  { name: 'Jium fingerprint, candidate (crawler)', subset: false, work: jium('candidate') },
  {
    name: 'Jium fingerprint, reference (+orientations, sub-crops, exchange PDQ)',
    subset: false,
    work: jium('reference'),
  },
  { name: 'sharp-phash', subset: false, work: (f) => readFile(f).then((b) => phash(b)) },
  // Fairness of the limit: at 4 in flight the decode-only run may leave cores idle (file reads
  // and decodes share libuv's 4 threads), so both are measured again with twice as many.
  { name: `sharp decode to 512 px, ${wide} in flight`, subset: false, work: decodeOnly, par: wide },
  {
    name: `Jium fingerprint, candidate, ${wide} in flight`,
    subset: false,
    work: jium('candidate'),
    par: wide,
  },
  {
    name: 'exchange PDQ alone (full resolution, decision 0015)',
    subset: false,
    work: (f) => readFile(f).then((b) => exchangePdq(b)),
  },
  {
    name: 'Jium candidate + exchange PDQ (full-res crawl, decision 0015)',
    subset: false,
    work: (f) => readFile(f).then((b) => fingerprint(b, { role: 'candidate', exchangePdq: true })),
  },
  { name: 'Jium fingerprint, candidate', subset: true, work: jium('candidate') },
  {
    name: 'imghash (blockhash 256, jpeg-js decode)',
    subset: true,
    work: (f) => imghash.hash(f, 16),
  },
];

const rowArg = /--row=(\d+)/.exec(process.argv.join(' '))?.[1];
const files = await makeFolder();
const subset = files.filter((_, i) => i % 5 === 0);

if (rowArg !== undefined) {
  // A child: warm up (JIT, libvips caches) on 10 files, measure, report with this process's peak.
  const row = ROWS[Number(rowArg)]!;
  await measure(files.slice(0, 10), row.work);
  const r = await measure(row.subset ? subset : files, row.work, row.par);
  // VmHWM, not getrusage's maxRSS: Linux carries maxRSS across exec, so a child spawned by a
  // large parent would report the parent's peak (measured: 605 MiB for an idle child of a
  // 600 MiB parent, whose own VmHWM was 41 MiB). VmHWM belongs to this process's memory alone.
  const hwm = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  const peakMiB = Number(hwm) / 1024;
  console.log(JSON.stringify({ ...r, peakMiB }));
  process.exit(0);
}

const only = /--rows=([\d,]+)/
  .exec(process.argv.join(' '))?.[1]
  ?.split(',')
  .map(Number)
  .filter((i) => i >= 0 && i < ROWS.length)
  .sort((a, b) => a - b);
const results: { rate: number; cpuMs: number; peakMiB: number }[] = [];
for (let i = 0; i < ROWS.length; i++) {
  if (only && !only.includes(i)) continue;
  const child = spawnSync(process.execPath, ['--expose-gc', process.argv[1]!, `--row=${i}`], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0) throw new Error(`row ${i} failed: ${child.stdout}`);
  results.push(JSON.parse(line) as { rate: number; cpuMs: number; peakMiB: number });
  console.error(`${ROWS[i]!.name}: ${line}`);
}
if (only) {
  const rows = only.map((i, k) => ({ row: ROWS[i]!, r: results[k]! }));
  console.log(
    [
      `Rows ${only.join(', ')} only; load average ${os.loadavg()[0]!.toFixed(1)} at the end.`,
      '',
      '| method | images | images/s | CPU ms/image | peak RSS (MiB) |',
      '|---|---|---:|---:|---:|',
      ...rows.map(
        ({ row, r }) =>
          `| ${row.name} | ${row.subset ? `every 5th (${subset.length})` : 'all'} | ` +
          `${r.rate.toFixed(1)} | ${r.cpuMs.toFixed(1)} | ${r.peakMiB.toFixed(0)} |`,
      ),
    ].join('\n'),
  );
  process.exit(0);
}
const by = (name: string) => results[ROWS.findIndex((r) => r.name.startsWith(name))]!;
const dec = results[0]!;
const cand = results[1]!;
const ref = results[2]!;
const sp = results[3]!;
const dec2 = results[4]!;
const cand2 = results[5]!;
const candSub = results[8]!;
const ih = results[9]!;
const xOnly = by('exchange PDQ alone');
const candX = by('Jium candidate + exchange PDQ');

const lines = [
  `${files.length} JPEGs of 1-12 MP, ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? '?'}), ` +
    `Node ${process.version}, ${concurrency} images in flight for every method unless the row says otherwise. ` +
    `Each row ran in its own process: peak RSS is that process's own high-water mark (warm-up included).`,
  '',
  '| method | images | images/s | vs decode-only | CPU ms/image | peak RSS (MiB) |',
  '|---|---|---:|---:|---:|---:|',
  ...ROWS.map((row, i) => {
    const r = results[i]!;
    const which = row.subset ? `every 5th (${subset.length})` : 'all';
    return (
      `| ${row.name} | ${which} | ${r.rate.toFixed(1)} | ${(r.rate / dec.rate).toFixed(2)} | ` +
      `${r.cpuMs.toFixed(1)} | ${r.peakMiB.toFixed(0)} |`
    );
  }),
  '',
  `Ratios: Jium candidate / decode-only = **${(cand.rate / dec.rate).toFixed(2)}** (target >= 0.8); ` +
    `Jium reference / decode-only = ${(ref.rate / dec.rate).toFixed(2)}; ` +
    `Jium candidate / imghash (same subset) = **${(candSub.rate / ih.rate).toFixed(1)}x** (target >= 5x); ` +
    `Jium candidate / sharp-phash = ${(cand.rate / sp.rate).toFixed(2)}. ` +
    `Best of both settings: Jium candidate ${Math.max(cand.rate, cand2.rate).toFixed(1)} / ` +
    `decode-only ${Math.max(dec.rate, dec2.rate).toFixed(1)} = ` +
    `**${(Math.max(cand.rate, cand2.rate) / Math.max(dec.rate, dec2.rate)).toFixed(2)}**. ` +
    `CPU time: decode-only / Jium candidate = ${(dec.cpuMs / cand.cpuMs).toFixed(2)} ` +
    `(${dec.cpuMs.toFixed(1)} vs ${cand.cpuMs.toFixed(1)} ms per image). ` +
    `Full resolution (decision 0015): the exchange PDQ alone costs ${xOnly.cpuMs.toFixed(1)} ms CPU per image; ` +
    `a crawl that added it to every candidate would run at ${(candX.rate / cand.rate).toFixed(2)} of the ` +
    `candidate's images/s (${(candX.cpuMs / cand.cpuMs).toFixed(2)}x its CPU time).`,
];
const text = lines.join('\n');
console.log(text);
if (existsSync(path.join(root, 'bench/.data'))) {
  writeFileSync(path.join(root, 'bench/.data/fingerprint-throughput.md'), text + '\n');
}
