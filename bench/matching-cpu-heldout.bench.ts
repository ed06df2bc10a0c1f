/**
 * What the production matcher adds to decoding, per crawled image, in CPU time (issue 13 item 6):
 * on the same files of one half of the held-out corpus (heldout-corpus.ts), one after another in
 * this process, the CPU (process.cpuUsage: user + system, every thread) of
 *   1. sharp's decode to the 512 px working image alone (what the throughput target compares with),
 *   2. the candidate fingerprint (decoding included), and
 *   3. the decision (bestMatch on the index's IndexedReferenceSet, verification included),
 * split into copies and unrelated images, with the ratio decode / (fingerprint + decision): the
 * CPU-time bound on "candidate throughput / decode-only throughput" (target >= 0.8 once the cores
 * are busy). Also counts how many unrelated images paid for ORB (page-like or weakly proposed) and
 * prints recall and false matches, so that a cheaper setting is never read without its price.
 * The machine is shared: the load average is printed with the figures.
 * `--unrelated=dark` (tuning half only) replaces the unrelated images with the tuning half's dark,
 * flat-background analogue of the held-out deep-sky pictures (heldout-dark-analogue.ts).
 * Run: npm run bench -- matching-cpu-heldout [--half=tuning|heldout] [--sample=N] [--only=t1,t2]
 *   [--unrelated=dark [--dark-refs=N]]
 * For a CPU profile of the same run: build it with `npm run bench` once, then
 * `npx node --cpu-prof --cpu-prof-dir=bench/.data/prof bench/.data/build/matching-cpu-heldout.bench.mjs …`
 * and `npx node bench/heldout-profile.mjs bench/.data/prof/<file>` (the decision's stages).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DEFAULT_LIMITS, workingPipeline } from '../src/engine/fingerprint/decode';
import { buildHeldoutCorpus } from './heldout-corpus';
import { buildDarkAnalogue, splitDarkAnalogue } from './heldout-dark-analogue';
import type { Half } from './heldout-corpus';
import {
  fingerprintBytes,
  newReferenceSet,
  prepareProductionMatcher,
  productionMatch,
} from './matching-production';
import { arg } from './args';

const half = (arg('half') ?? 'tuning') as Half;
/** Every n-th file only (quick tuning runs); 1 = all. */
const every = Number(arg('sample') ?? 1);
/** Only these transforms' copies (comma-separated; tuning runs), every unrelated image still. */
const only = arg('only')?.split(',');
/** 'dark': the tuning half's dark analogue as the unrelated images (never the held-out half). */
const unrelatedSet = arg('unrelated');
if (unrelatedSet === 'dark' && half !== 'tuning')
  throw new Error('--unrelated=dark: tuning half only');
/**
 * With --unrelated=dark: this many of the analogue's night pictures are registered as references
 * too, so that references and unrelated pictures share a genre as on the held-out half (0023).
 */
const darkRefs = Number(arg('dark-refs') ?? 0);

const cpuMs = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');

interface Row {
  n: number;
  decode: number;
  fingerprint: number;
  decision: number;
  hit: number;
  wrong: number;
}
const row = (): Row => ({ n: 0, decode: 0, fingerprint: 0, decision: 0, hit: 0, wrong: 0 });

const matcher = await prepareProductionMatcher();
const corpus = await buildHeldoutCorpus();
const refs = corpus.references.filter((r) => r.half === half);
const set = newReferenceSet();
for (const r of refs) set.add(r.id, await fingerprintBytes(readFileSync(r.file), 'reference'));
const dark =
  unrelatedSet === 'dark' ? splitDarkAnalogue(await buildDarkAnalogue(), darkRefs) : undefined;
for (const r of dark?.references ?? [])
  set.add(r.file, await fingerprintBytes(readFileSync(r.file), 'reference'));

const loadBefore = load();
const files: { file: string; expect?: string; kind: 'copies' | 'unrelated'; transform?: string }[] =
  [
    ...refs
      .flatMap((r) =>
        r.copies.map((c) => ({
          file: c.file,
          expect: r.id,
          kind: 'copies' as const,
          transform: c.transform,
        })),
      )
      .filter((f) => !only || only.includes(f.transform)),
    ...(dark ? dark.unrelated : corpus.distractors.filter((d) => d.half === half)).map((d) => ({
      file: d.file,
      kind: 'unrelated' as const,
    })),
  ].filter((_, i) => i % every === 0);

const rows = { copies: row(), unrelated: row() };
const byTransform = new Map<string, { n: number; hit: number }>();
const decodeOnly = (bytes: Buffer) => workingPipeline(bytes, DEFAULT_LIMITS).toBuffer();
// Warm both paths once, so that the first file does not pay for loading code.
const warm = readFileSync(files[0]!.file);
await decodeOnly(warm);
await productionMatch(set, await fingerprintBytes(warm, 'candidate'));

for (const f of files) {
  const bytes = readFileSync(f.file);
  const r = rows[f.kind];
  let c0 = process.cpuUsage();
  await decodeOnly(bytes);
  r.decode += cpuMs(c0);
  c0 = process.cpuUsage();
  const fp = await fingerprintBytes(bytes, 'candidate');
  r.fingerprint += cpuMs(c0);
  c0 = process.cpuUsage();
  const { referenceId } = await productionMatch(set, fp);
  r.decision += cpuMs(c0);
  r.n++;
  if (f.transform) {
    const t = byTransform.get(f.transform) ?? { n: 0, hit: 0 };
    t.n++;
    if (referenceId === f.expect) t.hit++;
    byTransform.set(f.transform, t);
  }
  if (referenceId !== undefined && referenceId === f.expect) r.hit++;
  else if (referenceId !== undefined) r.wrong++;
}

const all: Row = row();
for (const r of Object.values(rows)) {
  for (const k of Object.keys(all) as (keyof Row)[]) all[k] += r[k];
}
const ms = (x: number, n: number) => (n ? (x / n).toFixed(1) : '-');
const lines = [
  `Matcher: ${matcher}. ${half} half, ${refs.length} references, every ${every} file(s)` +
    `${only ? ` (copies: ${only.join(', ')} only)` : ''}` +
    `${dark ? `, unrelated: the dark analogue (heldout-dark-analogue.ts; ${darkRefs} of its night pictures as references)` : ''}. ` +
    `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, ` +
    `${new Date().toISOString().slice(0, 16)}Z; load average (1/5/15 min) ${loadBefore} before, ` +
    `${load()} after.`,
  '',
  '| images | n | decode-only CPU ms | fingerprint CPU ms | decision CPU ms | added to decoding ms | decode / (fingerprint + decision) | matched right | matched wrong |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
];
for (const [name, r] of [...Object.entries(rows), ['all', all] as const]) {
  const added = (r.fingerprint + r.decision - r.decode) / Math.max(1, r.n);
  lines.push(
    `| ${name} | ${r.n} | ${ms(r.decode, r.n)} | ${ms(r.fingerprint, r.n)} | ${ms(r.decision, r.n)} | ` +
      `${added.toFixed(1)} | ${(r.decode / Math.max(1e-9, r.fingerprint + r.decision)).toFixed(2)} | ` +
      `${name === 'unrelated' ? '-' : r.hit} | ${r.wrong} |`,
  );
}
lines.push(
  '',
  'Recall by transform (matched right / copies): ' +
    [...byTransform].map(([t, x]) => `${t} ${x.hit}/${x.n}`).join(', ') +
    '.',
);
const text = lines.join('\n');
console.log(text);
const out = `matching-cpu-heldout-${half}${unrelatedSet ? `-${unrelatedSet}` : ''}.md`;
writeFileSync(path.join(process.cwd(), 'bench/.data', out), text + '\n');
