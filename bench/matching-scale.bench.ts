/**
 * False queue items per 1,000 unrelated crawled images, recall and time per crawled image of the
 * production matcher (matching-production.ts: fingerprint, IndexedReferenceSet, bestMatch) with
 * 1,000, 10,000 and 100,000 references loaded. The queries are the held-out half of the held-out
 * corpus (its copies for recall, its unrelated pictures for false items); the references are its
 * held-out references plus fillers from the tuning half, real up to --real (default 1,000) and
 * synthetic beyond (matching-scale-refs.ts). At 1,000 the bench runs both a real and a synthetic
 * filler set, to show that synthetic references behave like real ones (false items, nearest PDQ
 * distances and descriptor votes of the unrelated pictures side by side).
 *
 * Each row also splits the decision by stage (the hash index's findNearest, the descriptor index's
 * votes, the rest: rule, ORB and verification), counts what grows with the set (references the
 * hash index returns per image), and gives CPU time beside wall time (the machine is shared) and
 * the set's build time and memory.
 *
 * --half=tuning profiles on the tuning half instead (its copies and unrelated pictures as queries,
 * its references in the set, the fillers that are those very files left out): the half to look
 * at while changing the matcher. Crops of a queried picture stay among the fillers, so a few
 * "false" items there are a picture found through its own crop.
 *
 * --skip-synthetic leaves out the synthetic calibration row at 1,000. False items, wrong references
 * and missed copies are listed on stderr by file name (with the algorithm and inliers that
 * decided), so that two matchers can be compared item by item.
 *
 * Run: npm run bench -- matching-scale [--sizes=1000,10000,100000] [--real=1000] [--flip-bits=40]
 *   [--desc-flip=40] [--positives-every=5] [--unrelated-every=1] [--calibrate-parents=100]
 *   [--half=heldout|tuning] [--index-only] [--skip-synthetic] [--fill-unqueried]
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { extractFeatures } from '../src/engine/fingerprint/verify';
import type { IndexedReferenceSet } from '../src/engine/similarity/index';
import { buildHeldoutCorpus } from './heldout-corpus';
import { seeded } from './heldout-transforms';
import {
  fingerprintFile,
  newReferenceSet,
  prepareProductionMatcher,
  productionMatch,
} from './matching-production';
import type { Fingerprint } from './matching-production';
import { childOf, realFillers } from './matching-scale-refs';

const arg = (name: string, dflt: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const sizes = arg('sizes', '1000,10000,100000').split(',').map(Number);
const realN = Number(arg('real', '1000'));
const flipBits = Number(arg('flip-bits', '40'));
const descFlip = Number(arg('desc-flip', String(flipBits)));
/** Recall is measured on every n-th copy (all unrelated pictures are always queried). */
const every = Number(arg('positives-every', '5'));
/** False items are counted on every n-th unrelated picture (1: all; the 100,000 set is slow). */
const unrelatedEvery = Number(arg('unrelated-every', '1'));
const half = arg('half', 'heldout') === 'tuning' ? 'tuning' : 'heldout';

const matcher = await prepareProductionMatcher();
const corpus = await buildHeldoutCorpus();
const queryRefs = corpus.references.filter((r) => r.half === half);
const refFps = new Map<string, Fingerprint>();
for (const r of queryRefs) refFps.set(r.id, await fingerprintFile(r.file, 'reference'));

/** A candidate, with its 512 px ORB features for the vote distribution (its pixels go). */
interface Query {
  file: string;
  fp: Fingerprint;
  features: ReturnType<typeof extractFeatures>;
}
function query(file: string, fp: Fingerprint): Query {
  const w = fp.work;
  return {
    file: path.basename(file),
    fp,
    features: w && extractFeatures(w.grey, w.width, w.height),
  };
}

let candMs = 0;
const positives: (Query & { ref: string })[] = [];
for (const [k, r] of queryRefs.entries()) {
  for (const [i, c] of r.copies.entries()) {
    if ((i + k) % every !== 0) continue;
    const t0 = performance.now();
    const fp = await fingerprintFile(c.file, 'candidate');
    candMs += performance.now() - t0;
    positives.push({ ...query(c.file, fp), ref: r.id });
  }
}
const unrelated: Query[] = [];
const queried = corpus.distractors.filter((x) => x.half === half);
// --fill-unqueried (tuning half): the unrelated pictures that --unrelated-every leaves out stay
// among the fillers, so that the queried ones meet whole pictures of their own kind (captures of
// the same apps), not only crops of themselves.
const fillUnqueried = process.argv.includes('--fill-unqueried');
const querySha = new Set([
  ...queryRefs.map((r) => r.file),
  ...queried.filter((_, i) => !fillUnqueried || i % unrelatedEvery === 0).map((d) => d.file),
]);
for (const [i, d] of queried.entries()) {
  if (i % unrelatedEvery !== 0) continue;
  const t0 = performance.now();
  const fp = await fingerprintFile(d.file, 'candidate');
  candMs += performance.now() - t0;
  unrelated.push(query(d.file, fp));
}
const fpMs = candMs / (positives.length + unrelated.length);
const sha = new Set(
  [...querySha].map((f) => createHash('sha256').update(readFileSync(f)).digest('hex')),
);

const real = await realFillers(corpus, realN, process.cwd(), (n) =>
  process.stderr.write(`\rreal filler references: ${n}`),
);
process.stderr.write('\n');
// On the tuning half the queried pictures are themselves fillers: they leave the set.
const realFps = real.fps.filter((fp) => !sha.has(fp.sha256));

/** Fillers for a set of `n` references: real first (if `useReal`), then children of real ones. */
function fillers(n: number, useReal: boolean, parents: Fingerprint[]): Fingerprint[] {
  const out: Fingerprint[] = useReal ? realFps.slice(0, n) : [];
  const rand = seeded(0xc41d + n + (useReal ? 1 : 0));
  for (let k = 0; out.length < n; k++) {
    out.push(childOf(parents[k % parents.length]!, flipBits, rand, k, descFlip));
  }
  return out;
}

/** Time spent in the two indexes during decisions (wrapped around the set's own methods). */
interface Stages {
  hashMs: number;
  hashRefs: number;
  votesMs: number;
  votesCalls: number;
}
function instrument(set: IndexedReferenceSet): Stages {
  const s: Stages = { hashMs: 0, hashRefs: 0, votesMs: 0, votesCalls: 0 };
  const find = set.findNearest.bind(set);
  set.findNearest = (hash, algo, radius) => {
    const t = performance.now();
    const hits = find(hash, algo, radius);
    s.hashMs += performance.now() - t;
    s.hashRefs += hits.length;
    return hits;
  };
  const votes = set.descriptors.votes.bind(set.descriptors);
  set.descriptors.votes = (c, min, max) => {
    const t = performance.now();
    const out = votes(c, min, max);
    s.votesMs += performance.now() - t;
    s.votesCalls++;
    return out;
  };
  return s;
}

interface Row {
  label: string;
  refs: number;
  falseItems: number;
  recallHit: number;
  wrong: number;
  msDecision: number;
  cpuDecision: number;
  stages: Stages;
  buildMs: number;
  buildMiB: number;
  nearest: number[];
  topVotes: number[];
}

const mib = () => {
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 2 ** 20;
};

async function run(label: string, fill: Fingerprint[], calibrate: boolean): Promise<Row> {
  if (global.gc) global.gc();
  const mem0 = mib();
  const t0 = performance.now();
  const set = newReferenceSet();
  for (const [id, fp] of refFps) set.add(id, fp);
  fill.forEach((fp, i) => set.add(`filler-${i}`, fp));
  // The tables are built at the first query: make it here, so that build time is counted once.
  const probe = unrelated[0]!;
  set.findNearest(probe.fp.pdq.hash, 'pdq', 0);
  if (probe.features) set.descriptors.votes(probe.features, 1 << 30);
  const buildMs = performance.now() - t0;
  if (global.gc) global.gc();
  const buildMiB = mib() - mem0;
  process.stderr.write(`${label}: ${set.size} references loaded in ${buildMs.toFixed(0)} ms\n`);
  const stages = instrument(set);
  let falseItems = 0;
  let recallHit = 0;
  let wrong = 0;
  let ms = 0;
  let cpu = 0;
  const nearest: number[] = [];
  const topVotes: number[] = [];
  let done = 0;
  const total = unrelated.length + positives.length;
  const decide = async (q: Query) => {
    const c0 = process.cpuUsage();
    const s = performance.now();
    const r = await productionMatch(set, q.fp);
    ms += performance.now() - s;
    const c = process.cpuUsage(c0);
    cpu += (c.user + c.system) / 1000;
    // A large set takes hours on a loaded machine: say how far it got as it goes.
    if (++done % 8 === 0 || done === total) {
      process.stderr.write(
        `  ${label}: ${done}/${total} decided, ${falseItems} false, ${recallHit} found, ` +
          `${(cpu / done).toFixed(0)} ms CPU/image, load ${os.loadavg()[0]?.toFixed(1)}\n`,
      );
    }
    return r;
  };
  for (const q of unrelated) {
    const { referenceId, best } = await decide(q);
    if (referenceId !== undefined) {
      falseItems++;
      const c = best.comparison;
      const why = `${c.algo}${c.verification ? ` ${c.verification.inliers} inliers` : ''} d${c.distance}`;
      process.stderr.write(`  false: ${q.file} -> ${referenceId} (${why})\n`);
    }
    if (!calibrate) continue;
    // The nearest reference's PDQ distance as the rule saw it (256 when none was within its
    // loosest radius), and the most votes any reference got from the picture's 512 px
    // descriptors: the two distributions false matches come from, real beside synthetic.
    nearest.push(best.comparison.distance);
    if (q.features) topVotes.push(set.descriptors.votes(q.features, 1)[0]?.votes ?? 0);
  }
  for (const p of positives) {
    const { referenceId } = await decide(p);
    if (referenceId === p.ref) recallHit++;
    else if (referenceId !== undefined) wrong++;
    if (referenceId !== p.ref)
      process.stderr.write(`  missed: ${p.file} -> ${referenceId ?? '-'}\n`);
  }
  const n = unrelated.length + positives.length;
  return {
    label,
    refs: set.size,
    falseItems,
    recallHit,
    wrong,
    msDecision: ms / n,
    cpuDecision: cpu / n,
    stages: {
      ...stages,
      hashMs: stages.hashMs / n,
      votesMs: stages.votesMs / n,
      hashRefs: stages.hashRefs / n,
    },
    buildMs,
    buildMiB,
    nearest: nearest.sort((a, b) => a - b),
    topVotes: topVotes.sort((a, b) => a - b),
  };
}

const q = (xs: number[], p: number) =>
  xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 256;
const rows: Row[] = [];
/** Keeps a row, printing it to stderr at once (a large set takes an hour). */
function keep(r: Row): void {
  process.stderr.write(`${rowText(r)}\n`);
  rows.push(r);
}
/** One table row. */
function rowText(r: Row): string {
  const st = r.stages;
  const rest = r.msDecision - st.hashMs - st.votesMs;
  return (
    `| ${r.refs.toLocaleString('en')} | ${r.label} | ${r.falseItems} / ${unrelated.length} | ` +
    `**${((1000 * r.falseItems) / unrelated.length).toFixed(1)}** | ` +
    `${((100 * r.recallHit) / positives.length).toFixed(1)} | ${r.wrong} | ` +
    `${r.msDecision.toFixed(1)} | ${r.cpuDecision.toFixed(1)} | ${st.hashMs.toFixed(1)} (${st.hashRefs.toFixed(0)} refs) | ` +
    `${st.votesMs.toFixed(1)} | ${rest.toFixed(1)} | ${(fpMs + r.msDecision).toFixed(0)} | ` +
    `${r.nearest.length ? `${q(r.nearest, 0.01)} / ${q(r.nearest, 0.1)}` : '-'} | ` +
    `${r.topVotes.length ? `${q(r.topVotes, 0.5)} / ${q(r.topVotes, 0.99)} / ${r.topVotes.at(-1)}` : '-'} | ` +
    `${(r.buildMs / 1000).toFixed(1)} | ${r.buildMiB.toFixed(0)} |`
  );
}
/**
 * --index-only: the two indexes alone at each size (no rule, ORB or verification), so that the
 * largest sets finish: build time and memory, and per unrelated picture the hash index's
 * findNearest at the proposal radius (PDQ 100) for its upright PDQ variants and the descriptor
 * index's votes for its 512 px descriptors (the full look; the first look has 300).
 */
async function indexOnly(n: number): Promise<string> {
  const m = n - refFps.size;
  const fill = fillers(m, true, realFps);
  if (global.gc) global.gc();
  const mem0 = mib();
  const t0 = performance.now();
  const set = newReferenceSet();
  for (const [id, fp] of refFps) set.add(id, fp);
  fill.forEach((fp, i) => set.add(`filler-${i}`, fp));
  fill.length = 0;
  set.findNearest(unrelated[0]!.fp.pdq.hash, 'pdq', 0);
  set.descriptors.votes(unrelated.find((u) => u.features)!.features!, 1 << 30);
  const buildS = (performance.now() - t0) / 1000;
  if (global.gc) global.gc();
  const setMiB = mib() - mem0;
  let hashMs = 0;
  let hashCpu = 0;
  let refsOut = 0;
  let votesMs = 0;
  let votesCpu = 0;
  let voted = 0;
  for (const u of unrelated) {
    let c0 = process.cpuUsage();
    let t = performance.now();
    for (const v of u.fp.variants) {
      if (v.algo === 'pdq' && v.transform === 'identity') {
        refsOut += set.findNearest(v.hash, 'pdq', 100).length;
      }
    }
    hashMs += performance.now() - t;
    let c = process.cpuUsage(c0);
    hashCpu += (c.user + c.system) / 1000;
    if (!u.features) continue;
    c0 = process.cpuUsage();
    t = performance.now();
    voted += set.descriptors.votes(u.features, 1).length;
    votesMs += performance.now() - t;
    c = process.cpuUsage(c0);
    votesCpu += (c.user + c.system) / 1000;
  }
  const k = unrelated.length;
  const row =
    `| ${set.size.toLocaleString('en')} | ${buildS.toFixed(1)} | ${setMiB.toFixed(0)} | ` +
    `${(hashMs / k).toFixed(1)} / ${(hashCpu / k).toFixed(1)} | ${(refsOut / k).toFixed(0)} | ` +
    `${(votesMs / k).toFixed(1)} / ${(votesCpu / k).toFixed(1)} | ${(voted / k).toFixed(0)} |`;
  process.stderr.write(`${row}\n`);
  return row;
}

if (process.argv.includes('--index-only')) {
  const out = [
    `Index only (${half} half's ${unrelated.length} unrelated pictures as queries), ${os.cpus().length} cores, ` +
      `${new Date().toISOString().slice(0, 16)}Z, load average ${os.loadavg()[0]?.toFixed(1)}.`,
    '',
    '| references | build s | set MiB | hash index ms / CPU ms per image (PDQ <= 100) | references returned | descriptor votes ms / CPU ms per image (512 px) | references with a vote |',
    '|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const n of sizes) out.push(await indexOnly(n));
  console.log(out.join('\n'));
  writeFileSync(
    path.join(process.cwd(), `bench/.data/matching-scale-index.md`),
    out.join('\n') + '\n',
  );
  process.exit(0);
}

/** Real parents of the 1,000-reference synthetic check (100: ten children each, as at 10,000). */
const parentsFor1k = realFps.slice(0, Number(arg('calibrate-parents', '100')));
for (const n of sizes) {
  const m = n - refFps.size;
  if (n === 1000 || m <= realFps.length) {
    keep(
      await run(
        `real (${Math.min(m, realFps.length)})`,
        fillers(Math.min(m, realFps.length), true, realFps),
        n === 1000,
      ),
    );
  }
  if (n === 1000 && !process.argv.includes('--skip-synthetic')) {
    // Calibration: 100 real parents x 9-10 children each, the structure the large sets have.
    keep(
      await run(
        `synthetic (${flipBits}-bit children of ${parentsFor1k.length} real)`,
        fillers(m, false, parentsFor1k),
        true,
      ),
    );
  } else if (n !== 1000 && m > realFps.length) {
    keep(
      await run(
        `${realFps.length} real + ${(m - realFps.length).toLocaleString('en')} synthetic`,
        fillers(m, true, realFps),
        false,
      ),
    );
  }
}

const lines: string[] = [];
lines.push(
  `Matcher: ${matcher}. Queries (${half} half): ${unrelated.length} unrelated pictures and ` +
    `${positives.length} copies of its ${refFps.size} references (which are in every set). ` +
    `Real fillers: ${realFps.length} tuning-half pictures and crops, ${real.msEach.toFixed(0)} ms each to ` +
    `fingerprint${real.cached ? ' (cached)' : ''}; synthetic: ${flipBits} bits flipped per hash, ${descFlip} per ` +
    `descriptor. Candidate fingerprint ${fpMs.toFixed(0)} ms wall. ${os.cpus().length} cores ` +
    `(${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z, ` +
    `load average at the end ${os.loadavg()[0]?.toFixed(1)}.`,
);
lines.push('');
lines.push(
  '| references | fillers | false queue items | per 1,000 unrelated | recall % | to wrong ref | decision ms/image (wall) | decision CPU ms/image | hash index ms (refs returned) | descriptor votes ms | rule + ORB + verification ms | ms/crawled image (with fingerprint, wall) | nearest PDQ d of unrelated: 1st / 10th pct | top descriptor votes of unrelated: median / 99th pct / max | set build s | set MiB |',
);
lines.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|');
for (const r of rows) lines.push(rowText(r));
const text = lines.join('\n');
console.log(text);
writeFileSync(path.join(process.cwd(), `bench/.data/matching-scale-${half}.md`), text + '\n');
