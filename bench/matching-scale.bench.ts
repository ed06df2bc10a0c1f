/**
 * False queue items per 1,000 unrelated crawled images, recall and time per crawled image of the
 * production matcher (matching-production.ts: fingerprint, IndexedReferenceSet, bestMatch) with
 * 1,000, 10,000 and 100,000 references loaded. The queries are the held-out half of the held-out
 * corpus (its copies for recall, its unrelated pictures for false items); the references are its
 * held-out references plus fillers from the tuning half, real up to --real (default 1,000) and
 * synthetic beyond (matching-scale-refs.ts). At 1,000 the bench runs both a real and a synthetic
 * filler set, to show that synthetic references behave like real ones.
 * Run: npm run bench -- matching-scale [--sizes=1000,10000,100000] [--real=1000] [--flip-bits=40]
 *   [--positives-every=5] [--unrelated-every=1] [--calibrate-parents=100]
 * With the rule committed in December 2026 one decision at 100,000 references takes seconds and
 * loading them ~5 min on the shared 2-core machine: RESULTS.md ran 1,000 and 10,000 as above and
 * 100,000 with --unrelated-every=2 --positives-every=25 (about 25 min), in separate processes.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

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
/** Recall is measured on every n-th held-out copy (all unrelated pictures are always queried). */
const every = Number(arg('positives-every', '5'));
/** False items are counted on every n-th unrelated picture (1: all; the 100,000 set is slow). */
const unrelatedEvery = Number(arg('unrelated-every', '1'));

const matcher = await prepareProductionMatcher();
const corpus = await buildHeldoutCorpus();
const heldRefs = corpus.references.filter((r) => r.half === 'heldout');
const refFps = new Map<string, Fingerprint>();
for (const r of heldRefs) refFps.set(r.id, await fingerprintFile(r.file, 'reference'));

let candMs = 0;
const positives: { fp: Fingerprint; ref: string }[] = [];
for (const r of heldRefs) {
  for (const [i, c] of r.copies.entries()) {
    if ((i + heldRefs.indexOf(r)) % every !== 0) continue;
    const t0 = performance.now();
    positives.push({ fp: await fingerprintFile(c.file, 'candidate'), ref: r.id });
    candMs += performance.now() - t0;
  }
}
const unrelated: Fingerprint[] = [];
for (const [i, d] of corpus.distractors.filter((x) => x.half === 'heldout').entries()) {
  if (i % unrelatedEvery !== 0) continue;
  const t0 = performance.now();
  unrelated.push(await fingerprintFile(d.file, 'candidate'));
  candMs += performance.now() - t0;
}
const fpMs = candMs / (positives.length + unrelated.length);

const real = await realFillers(corpus, realN, process.cwd(), (n) =>
  process.stderr.write(`\rreal filler references: ${n}`),
);
process.stderr.write('\n');

/** Fillers for a set of `n` references: real first (if `useReal`), then children of real ones. */
function fillers(n: number, useReal: boolean, parents: Fingerprint[]): Fingerprint[] {
  const out: Fingerprint[] = useReal ? real.fps.slice(0, n) : [];
  const rand = seeded(0xc41d + n + (useReal ? 1 : 0));
  for (let k = 0; out.length < n; k++) {
    out.push(childOf(parents[k % parents.length]!, flipBits, rand, k));
  }
  return out;
}

interface Row {
  label: string;
  refs: number;
  falseItems: number;
  recallHit: number;
  wrong: number;
  msDecision: number;
  buildMs: number;
  nearest: number[];
}

async function run(label: string, fill: Fingerprint[], withNearest: boolean): Promise<Row> {
  const t0 = performance.now();
  const set = newReferenceSet();
  for (const [id, fp] of refFps) set.add(id, fp);
  fill.forEach((fp, i) => set.add(`filler-${i}`, fp));
  const buildMs = performance.now() - t0;
  process.stderr.write(`${label}: ${set.size} references loaded in ${buildMs.toFixed(0)} ms\n`);
  let falseItems = 0;
  let recallHit = 0;
  let wrong = 0;
  let ms = 0;
  const nearest: number[] = [];
  for (const fp of unrelated) {
    const s = performance.now();
    const { referenceId, best } = await productionMatch(set, fp);
    ms += performance.now() - s;
    if (referenceId !== undefined) falseItems++;
    // The nearest reference's PDQ distance as the rule saw it (256 when none was within its
    // loosest radius): the distribution false matches come from, compared between real and
    // synthetic fillers.
    if (withNearest) nearest.push(best.comparison.distance);
  }
  for (const p of positives) {
    const s = performance.now();
    const { referenceId } = await productionMatch(set, p.fp);
    ms += performance.now() - s;
    if (referenceId === p.ref) recallHit++;
    else if (referenceId !== undefined) wrong++;
  }
  return {
    label,
    refs: set.size,
    falseItems,
    recallHit,
    wrong,
    msDecision: ms / (unrelated.length + positives.length),
    buildMs,
    nearest: nearest.sort((a, b) => a - b),
  };
}

const q = (xs: number[], p: number) =>
  xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 256;
const rows: Row[] = [];
/** One table row (also printed to stderr as soon as it is measured: the large sets are slow). */
function rowText(r: Row): string {
  return (
    `| ${r.refs.toLocaleString('en')} | ${r.label} | ${r.falseItems} / ${unrelated.length} | ` +
    `**${((1000 * r.falseItems) / unrelated.length).toFixed(1)}** | ` +
    `${((100 * r.recallHit) / positives.length).toFixed(1)} | ${r.wrong} | ${r.msDecision.toFixed(2)} | ` +
    `${(fpMs + r.msDecision).toFixed(1)} | ${r.nearest.length ? `${q(r.nearest, 0.01)} / ${q(r.nearest, 0.1)}` : '-'} | ${r.buildMs.toFixed(0)} |`
  );
}
/** Real parents of the 1,000-reference synthetic check (100: ten children each, as at 10,000). */
const parentsFor1k = real.fps.slice(0, Number(arg('calibrate-parents', '100')));
for (const n of sizes) {
  const m = n - heldRefs.length;
  if (n === 1000 || m <= real.fps.length) {
    rows.push(
      await run('real fillers', fillers(Math.min(m, real.fps.length), true, real.fps), n === 1000),
    );
  }
  if (n === 1000) {
    // Calibration: 100 real parents x 9-10 children each, the structure the large sets have.
    rows.push(
      await run(
        `synthetic (${flipBits}-bit children of ${parentsFor1k.length})`,
        fillers(m, false, parentsFor1k),
        true,
      ),
    );
  } else if (m > real.fps.length) {
    rows.push(await run(`real + synthetic (${flipBits}-bit)`, fillers(m, true, real.fps), false));
  }
  for (const r of rows.slice(-2)) process.stderr.write(`${n}: ${rowText(r)}\n`);
  if (global.gc) global.gc();
}

const lines: string[] = [];
lines.push(
  `Matcher: ${matcher}. Queries: the held-out half's ${unrelated.length} unrelated pictures and ` +
    `${positives.length} copies of its ${heldRefs.length} references (which are in every set). ` +
    `Real fillers: ${real.fps.length} tuning-half pictures and crops, ${real.msEach.toFixed(0)} ms each to ` +
    `fingerprint${real.cached ? ' (cached)' : ''}. ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ` +
    `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, load average ${os.loadavg()[0]?.toFixed(1)}.`,
);
lines.push('');
lines.push(
  '| references | fillers | false queue items | per 1,000 unrelated | recall % | to wrong ref | decision ms/image | ms/crawled image (with fingerprint) | nearest PDQ d of unrelated: 1st / 10th pct | index build ms |',
);
lines.push('|---:|---|---:|---:|---:|---:|---:|---:|---|---:|');
for (const r of rows) lines.push(rowText(r));
const text = lines.join('\n');
console.log(text);
writeFileSync(path.join(process.cwd(), 'bench/.data/matching-scale.md'), text + '\n');
