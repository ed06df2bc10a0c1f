/**
 * Tiled watermarks (issue 13; decisions 0026 and 0150): for every TUNING-half copy of a transform
 * (watermark-tiled unless --t=NAME), the 512 px ORB features of the candidate verified against
 * the reference
 *   - as they are (what verification saw before decision 0150),
 *   - without the descriptors that repeat inside the image (>= 2 others within 64 bits: decision
 *     0026's idea, tried and not kept),
 *   - with the thin bright strokes removed (thin-strokes.ts at its settings: the second look
 *     decision 0150 added) and at a narrower window and lower lift, and
 *   - that, with the reference's strokes removed too (not what production does: references keep
 *     their stored features),
 * with the whole-picture PDQ distance each way (informative: production hashes the candidate as
 * it is) and the CPU of the removal plus its ORB extraction (the machine is shared: read it as a
 * rough figure). Run: npm run bench -- watermark-repeats [-- --t=caption-bar]
 */
import { readFileSync } from 'node:fs';

import { hamming256 } from '../src/engine/fingerprint';
import { pdqFromLuma } from '../src/engine/fingerprint/pdq';
import type { Grey } from '../src/engine/fingerprint/shrink';
import { STROKES, withoutThinStrokes } from '../src/engine/fingerprint/thin-strokes';
import { extractFeatures, verifyPair } from '../src/engine/fingerprint/verify';
import type { Features, Verification } from '../src/engine/fingerprint/verify';
import { arg } from './args';
import { buildHeldoutCorpus } from './heldout-corpus';
import { fingerprintBytes, prepareProductionMatcher } from './matching-production';

await prepareProductionMatcher();
const corpus = await buildHeldoutCorpus();
const refs = corpus.references.filter((r) => r.half === 'tuning');
const transform = arg('t') ?? 'watermark-tiled';

/** `f` without the descriptors that have `times` others within `within` bits. */
function unrepeated(f: Features, within: number, times: number): Features {
  const n = f.points.length / 2;
  const d = (i: number) => f.descriptors.subarray(i * 32, i * 32 + 32);
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let j = 0; j < n && c < times; j++) if (j !== i && hamming256(d(i), d(j)) <= within) c++;
    if (c < times) keep.push(i);
  }
  const points = new Float32Array(keep.length * 2);
  const descriptors = new Uint8Array(keep.length * 32);
  keep.forEach((i, k) => {
    points[2 * k] = f.points[2 * i]!;
    points[2 * k + 1] = f.points[2 * i + 1]!;
    descriptors.set(d(i), k * 32);
  });
  return { ...f, points, descriptors };
}
const orb = (g: Grey) => extractFeatures(g.grey, g.width, g.height)!;
const pdq = (g: Grey) => pdqFromLuma(Float32Array.from(g.grey), g.height, g.width).hash;
const v = (x: Verification) => `${x.inliers}/${x.matches}${x.verified ? '✓' : ''}`;
/** withoutThinStrokes at other settings, for the alternatives' columns. */
function at<T>(radius: number, lift: number, f: () => T): T {
  const saved = { ...STROKES };
  Object.assign(STROKES, { radius, lift });
  try {
    return f();
  } finally {
    Object.assign(STROKES, saved);
  }
}

console.log(
  `| copy | ref kp | PDQ as is / unstroked | as is | repeats dropped | unstroked (${STROKES.radius}/${STROKES.lift}) | 2/8 | both unstroked | removal + ORB ms |`,
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
const count = { plain: 0, repeats: 0, unstroked: 0, narrow: 0, either: 0, copies: 0 };
let cpu = 0;
for (const r of refs) {
  const refBytes = readFileSync(r.file);
  const ref = (await fingerprintBytes(refBytes, 'reference')).features!;
  const refWork = (await fingerprintBytes(refBytes, 'candidate')).work!;
  for (const c of r.copies.filter((x) => x.transform === transform)) {
    const work = (await fingerprintBytes(readFileSync(c.file), 'candidate')).work!;
    const plain = verifyPair(ref, orb(work));
    const repeats = verifyPair(ref, unrepeated(orb(work), 64, 2));
    const t0 = process.cpuUsage();
    const clean = withoutThinStrokes(work);
    const cleanFeatures = orb(clean);
    const t = process.cpuUsage(t0);
    cpu += (t.user + t.system) / 1000;
    const unstroked = verifyPair(ref, cleanFeatures);
    const narrow = at(2, 8, () => verifyPair(ref, orb(withoutThinStrokes(work))));
    const both = verifyPair(orb(withoutThinStrokes(refWork)), cleanFeatures);
    count.copies++;
    if (plain.verified) count.plain++;
    if (repeats.verified) count.repeats++;
    if (unstroked.verified) count.unstroked++;
    if (narrow.verified) count.narrow++;
    if (plain.verified || unstroked.verified) count.either++;
    const d = `${hamming256(pdq(refWork), pdq(work))} / ${hamming256(pdq(refWork), pdq(clean))}`;
    const ms = ((t.user + t.system) / 1000).toFixed(1);
    console.log(
      `| ${r.id} | ${ref.points.length / 2} | ${d} | ${v(plain)} | ${v(repeats)} | ${v(unstroked)} | ${v(narrow)} | ${v(both)} | ${ms} |`,
    );
  }
}
console.log(
  `\n${transform}, ${count.copies} tuning copies verified: as is ${count.plain}, repeats dropped ${count.repeats}, ` +
    `unstroked ${count.unstroked} (2/8: ${count.narrow}), as is or unstroked (production) ${count.either}; ` +
    `removal + ORB ${(cpu / Math.max(1, count.copies)).toFixed(1)} ms CPU a copy (shared machine)`,
);
