/**
 * Why dark references' copies are missed (issue 13 item 4), on the TUNING half of the held-out
 * corpus only (heldout-corpus.ts): recall per reference kind through the production matcher
 * (matching-production.ts), and for every copy of a dark reference that is missed, what each
 * stage saw — the reference's and the copy's PDQ quality, keypoints, whether the copy was
 * proposed, and what a verification of the pair would have said had it been proposed (ORB of the
 * copy's working image against the reference's features). Ends with the false matches of the
 * dark, flat-background analogue of unrelated pictures (heldout-dark-analogue.ts), which is where
 * a contrast normalisation could make night skies match each other.
 * Run: npm run bench -- matching-dark [--sample=N] [--details] [--no-unrelated]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { decodeImage, DEFAULT_LIMITS, lumaFromPixels } from '../src/engine/fingerprint';
import { extractFeatures, verifyPair } from '../src/engine/fingerprint/verify';
import { buildHeldoutCorpus } from './heldout-corpus';
import { buildDarkAnalogue, splitDarkAnalogue } from './heldout-dark-analogue';
import {
  fingerprintBytes,
  newReferenceSet,
  prepareProductionMatcher,
  productionMatch,
} from './matching-production';
import { arg } from './args';

const flag = (name: string) => process.argv.includes(`--${name}`);
const every = Number(arg('sample') ?? 1);

const matcher = await prepareProductionMatcher();
const corpus = await buildHeldoutCorpus();
const refs = corpus.references.filter((r) => r.half === 'tuning');
const set = newReferenceSet();
const fps = new Map<string, Awaited<ReturnType<typeof fingerprintBytes>>>();
for (const r of refs) {
  const fp = await fingerprintBytes(readFileSync(r.file), 'reference');
  fps.set(r.id, fp);
  set.add(r.id, fp);
}

/** ORB of a file's grey working image, as the matcher's candidate side computes it. */
async function candidateFeatures(bytes: Buffer) {
  const img = await decodeImage(bytes, DEFAULT_LIMITS);
  const luma = lumaFromPixels(img.rgb, img.workWidth, img.workHeight, 3);
  const grey = new Uint8Array(luma.length);
  for (let i = 0; i < luma.length; i++) grey[i] = luma[i]! + 0.5;
  return extractFeatures(grey, img.workWidth, img.workHeight);
}

const byKind = new Map<string, { n: number; hit: number; wrong: number }>();
const byTransform = new Map<string, { n: number; hit: number }>();
/** Per dark reference kind, the transforms whose copies were missed (one entry per copy). */
const missedByKind = new Map<string, string[]>();
const misses: string[] = [];
let cpu = 0;
let queries = 0;
let i = 0;
for (const r of refs) {
  const ref = fps.get(r.id)!;
  for (const c of r.copies) {
    if (i++ % every !== 0) continue;
    const bytes = readFileSync(c.file);
    const c0 = process.cpuUsage();
    const fp = await fingerprintBytes(bytes, 'candidate');
    const { referenceId, best } = await productionMatch(set, fp);
    const d = process.cpuUsage(c0);
    cpu += (d.user + d.system) / 1000;
    queries++;
    const k = byKind.get(r.kind) ?? { n: 0, hit: 0, wrong: 0 };
    k.n++;
    if (referenceId === r.id) k.hit++;
    else if (referenceId !== undefined) k.wrong++;
    byKind.set(r.kind, k);
    if (r.kind === 'photo') continue;
    const t = byTransform.get(c.transform) ?? { n: 0, hit: 0 };
    t.n++;
    if (referenceId === r.id) t.hit++;
    byTransform.set(c.transform, t);
    if (referenceId !== r.id) {
      missedByKind.set(r.kind, [...(missedByKind.get(r.kind) ?? []), c.transform]);
    }
    if (referenceId === r.id || !flag('details')) continue;
    const cf = await candidateFeatures(bytes);
    const v = ref.features && cf ? verifyPair(ref.features, cf) : undefined;
    const b = best.comparison;
    misses.push(
      `| ${r.kind} | ${path.basename(r.file)} | ${c.transform} | ${ref.pdq.quality}/${ref.hardToFind ?? '-'} | ` +
        `${(ref.features?.points.length ?? 0) / 2} | ${fp.pdq.quality} | ${(cf?.points.length ?? 0) / 2} | ` +
        `${b.verdict} ${b.algo} d=${b.distance} ${best.referenceId === r.id ? 'this ref' : (best.referenceId ?? '-')} | ` +
        `${v ? `${v.matches}/${v.inliers}/${v.inlierRatio.toFixed(2)}${v.verified ? ' verified' : ''}` : '-'} |`,
    );
  }
}

const pct = (h: number, n: number) => (n ? ((100 * h) / n).toFixed(1) : '-');
const lines = [
  `Matcher: ${matcher}. Tuning half, ${refs.length} references, every ${every} copy. ` +
    `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, ` +
    `${new Date().toISOString().slice(0, 16)}Z, load ${os.loadavg()[0]!.toFixed(1)}. ` +
    `Fingerprint + decision CPU per copy ${(cpu / Math.max(1, queries)).toFixed(1)} ms.`,
  '',
  '| reference kind | copies | recall % | to wrong ref |',
  '|---|---:|---:|---:|',
  ...[...byKind].sort().map(([k, x]) => `| ${k} | ${x.n} | ${pct(x.hit, x.n)} | ${x.wrong} |`),
  '',
  'Dark references by transform: ' +
    [...byTransform].map(([t, x]) => `${t} ${x.hit}/${x.n}`).join(', ') +
    '.',
  '',
  'Missed copies by dark reference kind: ' +
    ([...byKind.keys()]
      .filter((k) => k !== 'photo')
      .sort()
      .map((k) => `${k}: ${(missedByKind.get(k) ?? []).join(', ') || 'none'}`)
      .join('; ') || 'no dark references') +
    '.',
];
if (misses.length) {
  lines.push(
    '',
    '| kind | reference | transform | ref quality / hardToFind | ref keypoints | copy quality | copy keypoints | best | verify if proposed (matches/inliers/ratio) |',
    '|---|---|---|---|---:|---:|---:|---|---|',
    ...misses,
  );
}
if (!flag('no-unrelated')) {
  const dark = splitDarkAnalogue(await buildDarkAnalogue(), 0);
  let matched = 0;
  let n = 0;
  let ucpu = 0;
  for (const u of dark.unrelated.filter((_, j) => j % every === 0)) {
    const c0 = process.cpuUsage();
    const fp = await fingerprintBytes(readFileSync(u.file), 'candidate');
    const { referenceId } = await productionMatch(set, fp);
    const d = process.cpuUsage(c0);
    ucpu += (d.user + d.system) / 1000;
    n++;
    if (referenceId !== undefined) {
      matched++;
      lines.push(`false match: ${path.basename(u.file)} -> ${referenceId}`);
    }
  }
  lines.push(
    '',
    `Dark analogue of unrelated pictures: ${matched} of ${n} matched a reference; ` +
      `fingerprint + decision CPU ${(ucpu / Math.max(1, n)).toFixed(1)} ms per picture.`,
  );
}
const text = lines.join('\n');
console.log(text);
writeFileSync(path.join(process.cwd(), 'bench/.data/matching-dark.md'), text + '\n');
