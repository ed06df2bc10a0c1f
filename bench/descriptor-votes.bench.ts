/**
 * The descriptor index's vote call at 1,000 to 100,000 references (issue 13 items 2 and 6,
 * decision 0165): ms per call, bucket entries read and Hamming distances computed per call, and
 * memory, for today's index (the peer: descriptor-index.ts as at --peer, built from git in the
 * same run) and the working tree's, on the same looks; and how many of the peer's proposals the
 * working tree's keeps (its top 2 and top 5 references by votes, with >= 8 votes).
 *
 * References: matching-scale's (bench/matching-scale-refs.ts): the tuning half's real fillers
 * (cached in bench/.data/heldout/fillers-*.json), then synthetic children of them (40 bits flipped
 * in every descriptor, matching-scale's default), the same seed as matching-scale's sets. Looks:
 * every 4th of the tuning half's unrelated pictures and every 10th of its copies, as production
 * looks at a crawled image: the first look (320 px, plain and mirrored, with the position window
 * of decision 0161) and the full look (512 px, >= 8 votes). The queried unrelated pictures leave
 * the set, as in matching-scale --half=tuning; the copies' references stay in it.
 *
 * Run: npx node --expose-gc bench/run.mjs descriptor-votes -- [--sizes=1000,10000] [--peer=REV]
 *   [--every=4] (100,000 needs NODE_OPTIONS=--max-old-space-size=16000 and ~12 GB). CPU figures
 *   on a shared machine are noisy: read the ratios of the same run.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { build } from 'esbuild';

import { DescriptorIndex } from '../src/engine/fingerprint/descriptor-index';
import type { DescriptorVotes } from '../src/engine/fingerprint/descriptor-index';
import { firstLooks } from '../src/engine/fingerprint/local-proposals';
import { extractFeatures, loadVerifier } from '../src/engine/fingerprint/verify';
import type { Features } from '../src/engine/fingerprint/verify';
import { arg } from './args';
import { buildHeldoutCorpus } from './heldout-corpus';
import { seeded } from './heldout-transforms';
import { fingerprintFile } from './matching-production';
import type { Fingerprint } from './matching-production';
import { childOf, realFillers } from './matching-scale-refs';

const sizes = (arg('sizes') ?? '1000,10000').split(',').map(Number);
const peerRev = arg('peer') ?? 'a016766';
const every = Number(arg('every') ?? '4');
const rounds = Number(arg('rounds') ?? '2');
/** Every n-th look only (the 100,000 set's peer takes seconds a call). */
const sample = Number(arg('sample') ?? '1');
/** The working tree's index at these `crowded` settings (one column each). */
const crowded = (arg('crowded') ?? '64').split(',').map(Number);
const root = process.cwd();

/** The peer: descriptor-index.ts and descriptor-bits.ts as at `rev`, bundled on their own. */
async function peerIndex(rev: string): Promise<typeof DescriptorIndex> {
  const dir = path.join(root, 'bench/.data/votes-peer', rev);
  mkdirSync(dir, { recursive: true });
  // agreeing-votes.ts exists from d59b2b2 on (type-only imports need no file).
  for (const f of ['descriptor-index.ts', 'descriptor-bits.ts', 'agreeing-votes.ts']) {
    const spec = `${rev}:src/engine/fingerprint/${f}`;
    const there = execFileSync(
      'git',
      ['ls-tree', '--name-only', rev, `src/engine/fingerprint/${f}`],
      {
        cwd: root,
      },
    ).length;
    if (there) writeFileSync(path.join(dir, f), execFileSync('git', ['show', spec], { cwd: root }));
  }
  const outfile = path.join(dir, 'peer.mjs');
  await build({
    entryPoints: [path.join(dir, 'descriptor-index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  const mod = (await import(pathToFileURL(outfile).href)) as {
    DescriptorIndex: typeof DescriptorIndex;
  };
  return mod.DescriptorIndex;
}

/** One vote call as production makes it. */
interface Look {
  f: Features;
  /** First looks pass the position window (8..24 votes) and count from 1 vote; the full look 8. */
  first: boolean;
  unrelated: boolean;
  /** A copy's reference (its sha256, the set's id for it). */
  ref?: string;
}

await loadVerifier();
const corpus = await buildHeldoutCorpus();
const looks: Look[] = [];
const queriedSha = new Set<string>();
async function addLooks(file: string, unrelated: boolean, ref?: string): Promise<void> {
  const fp = await fingerprintFile(file, 'candidate');
  const w = fp.work;
  if (!w) return;
  const both = firstLooks(w);
  if (both) {
    looks.push({ f: both.plain, first: true, unrelated, ref });
    looks.push({ f: both.mirrored, first: true, unrelated, ref });
  }
  const full = extractFeatures(w.grey, w.width, w.height);
  if (full) looks.push({ f: full, first: false, unrelated, ref });
}
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const distractors = corpus.distractors.filter((d) => d.half === 'tuning');
for (const [i, d] of distractors.entries()) {
  if (i % every !== 0) continue;
  queriedSha.add(sha(d.file));
  await addLooks(d.file, true);
}
const tuningRefs = corpus.references.filter((r) => r.half === 'tuning');
for (const [k, r] of tuningRefs.entries()) {
  for (const [i, c] of r.copies.entries())
    if ((i + k) % (every * 2.5) === 0) await addLooks(c.file, false, sha(r.file));
}
if (sample > 1) looks.splice(0, looks.length, ...looks.filter((_, i) => i % sample === 0));
const real = await realFillers(corpus, 1184, root);
const realFps = real.fps.filter((fp) => !queriedSha.has(fp.sha256));
const Peer = await peerIndex(peerRev);

/** matching-scale's fillers for a set of `n` (real first, then children; its seed). */
function* fillers(n: number): Generator<Fingerprint> {
  const rand = seeded(0xc41d + n + 1);
  let k = 0;
  for (; k < Math.min(n, realFps.length); k++) yield realFps[k]!;
  for (let c = 0; k < n; k++, c++) yield childOf(realFps[c % realFps.length]!, 40, rand, c, 40);
}

/** Bytes of the typed arrays an index holds (its own fields, one level down; a buffer once). */
function indexBytes(index: object): number {
  const buffers = new Set<ArrayBufferLike>();
  for (const v of Object.values(index)) {
    if (ArrayBuffer.isView(v)) buffers.add(v.buffer);
    else if (Array.isArray(v)) for (const x of v) if (ArrayBuffer.isView(x)) buffers.add(x.buffer);
  }
  let bytes = 0;
  for (const b of buffers) bytes += b.byteLength;
  return bytes;
}

const top = (v: DescriptorVotes[], k: number) =>
  v
    .filter((x) => x.votes >= 8)
    .slice(0, k)
    .map((x) => x.referenceId);
/** What production verifies from a look (local-proposals.ts's gates, LOCAL_PROPOSAL's values). */
const proposed = (v: DescriptorVotes[], first: boolean) =>
  v
    .filter((x) => (first ? x.votes >= 24 || (x.agreeing ?? 0) >= 9 : x.votes >= 8))
    .slice(0, 2)
    .map((x) => x.referenceId);
const kept = (a: string[], b: string[]) => a.filter((x) => b.includes(x)).length;

interface Tally {
  ms: number;
  entries: number;
  distances: number;
  proposed: number;
  kept: number;
  added: number;
  top5: number;
  topVotes: number;
  /** Copies' looks whose reference is proposed; proposals of unrelated pictures' looks. */
  found: number;
  unrelatedProposed: number;
}
const rows: string[] = [];
for (const n of sizes) {
  const indexes: { name: string; index: DescriptorIndex; build: number; t: Tally }[] = [
    { name: `peer (${peerRev})`, index: new Peer(), build: 0, t: tally() },
    ...crowded.map((c) => ({
      name: `crowded ${c}`,
      index: new DescriptorIndex(c),
      build: 0,
      t: tally(),
    })),
  ];
  let descriptors = 0;
  for (const fp of fillers(n)) {
    if (!fp.features) continue;
    for (const x of indexes) x.index.set(fp.sha256, fp.features);
    descriptors += fp.features.descriptors.length / 32;
  }
  for (const x of indexes) {
    const t0 = performance.now();
    x.index.votes(looks[0]!.f, 1);
    x.build = performance.now() - t0;
    // The peer counts nothing (scanned() reads its buckets instead).
    if ('stats' in x.index) x.index.stats.entries = x.index.stats.distances = 0;
  }
  const [peer] = indexes;
  let peerProposed = 0;
  let peerTop5 = 0;
  for (let round = 0; round < rounds; round++) {
    for (const look of looks) {
      const window = look.first ? { from: 8, below: 24 } : undefined;
      const min = look.first ? 1 : 8;
      // Alternated per look, so that the machine's load falls on each alike.
      const got = indexes.map((x) => {
        const a = performance.now();
        const v = x.index.votes(look.f, min, undefined, window);
        x.t.ms += performance.now() - a;
        return v;
      });
      if (round > 0) continue;
      const [p2, p5] = [proposed(got[0]!, look.first), top(got[0]!, 5)];
      peerProposed += p2.length;
      peerTop5 += p5.length;
      indexes.forEach((x, k) => {
        const m2 = proposed(got[k]!, look.first);
        x.t.kept += kept(p2, m2);
        x.t.added += m2.length - kept(p2, m2);
        x.t.top5 += kept(p5, top(got[k]!, 5));
        x.t.topVotes += got[k]![0]?.votes ?? 0;
        if (look.ref && m2.includes(look.ref)) x.t.found++;
        if (look.unrelated) x.t.unrelatedProposed += m2.length;
        // A peer from before d59b2b2 counts nothing: its buckets are read in full.
        if (!('stats' in x.index)) x.t.entries += scanned(x.index, look.f);
      });
    }
  }
  const calls = looks.length;
  for (const x of indexes.filter((i) => 'stats' in i.index)) {
    x.t.entries = x.index.stats.entries / rounds;
    x.t.distances = x.index.stats.distances / rounds;
  }
  for (const x of indexes) {
    const t = x.t;
    const int = (v: number) => Math.round(v / calls).toLocaleString('en');
    rows.push(
      `| ${n.toLocaleString('en')} | ${x.name} | ${(descriptors / n).toFixed(0)} | ` +
        `${(t.ms / calls / rounds).toFixed(1)} | ${(t.ms / peer!.t.ms).toFixed(2)} | ` +
        `${int(t.entries)} | ${'stats' in x.index ? int(t.distances) : ''} | ` +
        `${t.kept} of ${peerProposed} (+${t.added}) | ${t.top5} of ${peerTop5} | ` +
        `${t.found} | ${t.unrelatedProposed} | ${(t.topVotes / calls).toFixed(1)} | ${(indexBytes(x.index) / 2 ** 20).toFixed(0)} | ` +
        `${(x.build / 1000).toFixed(1)} |`,
    );
    process.stderr.write(`${rows[rows.length - 1]}\n`);
  }
}

function tally(): Tally {
  return {
    ms: 0,
    entries: 0,
    distances: 0,
    proposed: 0,
    kept: 0,
    added: 0,
    top5: 0,
    topVotes: 0,
    found: 0,
    unrelatedProposed: 0,
  };
}

/** Bucket entries the peer reads for a look (its 16 tables' buckets of every descriptor). */
function scanned(index: object, f: Features): number {
  const { offsets } = index as unknown as { offsets: Uint32Array[] };
  const d = f.descriptors;
  let s = 0;
  for (let c = 0; c < d.length; c += 32) {
    for (let t = 0; t < offsets.length; t++) {
      const key = d[c + 2 * t]! | (d[c + 2 * t + 1]! << 8);
      s += offsets[t]![key + 1]! - offsets[t]![key]!;
    }
  }
  return s;
}

const unrelatedLooks = looks.filter((l) => l.unrelated).length;
const text =
  `Descriptor votes (peer: descriptor-index.ts at ${peerRev}; this: the working tree), ` +
  `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}, load ` +
  `${os.loadavg()[0]!.toFixed(1)}. ${looks.length} looks (${unrelatedLooks} of unrelated pictures; ` +
  `first looks plain and mirrored, full looks), ${rounds} round(s), every index in turn per look; ` +
  `fillers: ${realFps.length} real, then children (40 bits flipped).\n\n` +
  "| references | index | descriptors per ref | ms per call | of peer | entries read per call | distances per call | peer's proposals kept (+ new) | peer's top 5 (>= 8 votes) kept | top votes, mean | index MiB | build s |\n" +
  '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n' +
  rows.join('\n');
console.log(text);
writeFileSync(path.join(root, 'bench/.data/descriptor-votes.md'), text + '\n');
