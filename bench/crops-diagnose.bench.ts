/**
 * Where the production matcher loses the tuning half's heavy crops (issue 13: crop-half keeps 50%
 * of each side anywhere in the picture, crop-half-mirror mirrors it too). TUNING half only, never
 * the held-out half. One line per copy: the production decision and, for the expected reference,
 * the stage a missed copy died at, with its numbers:
 * - where the crop sits in the reference (found here by matching grey levels, the generator does
 *   not record it) and how many of the reference's stored keypoints fall inside it;
 * - the hash proposal (half-crop hashes: PDQ / blockhash on the best region pair, whether within
 *   the proposal bounds) and its verification on the 512 px candidate (mirrored back for mirrors);
 * - the first look (plain, and mirrored for mirrored copies): the reference's votes, its rank, and
 *   the verification against those features (inliers / ratio-test matches, ✓ when verified).
 * Stages: `found`, `no proposal` (no hash proposal and votes under the first look's gate),
 * `refused: matches` (proposed, fewer ratio-test matches than a homography needs), `refused:
 * inliers`, `refused: ratio`, `refused: outline`, `flat` (candidate PDQ quality under 50).
 * - the look's votes that agree in position (one similarity carries them from the reference's
 *   keypoints to the candidate's: decision 0161), for the expected reference.
 * `--unrelated`: also the tuning half's unrelated images, each reference's first-look votes (plain
 * and mirrored) from 8 up to the gate of 24 against the most of them that agree in position, the
 * margin a gate on agreeing votes has (decision 0161); `--unrelated=dark`: the tuning half's dark
 * analogue of the held-out deep-sky pictures instead (star fields: many look-alike votes).
 * Run: npm run bench -- crops-diagnose [--only=crop-half,crop-half-mirror] [--unrelated[=dark]]
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';

import { decide, distances } from '../src/engine/fingerprint/compare';
import { firstLooks, LOCAL_PROPOSAL, mirrorGrey } from '../src/engine/fingerprint/local-proposals';
import { proposeForVerification } from '../src/engine/fingerprint/reference-set';
import { extractFeatures, VERIFY_RULE, verifyPair } from '../src/engine/fingerprint/verify';
import type { Features, Verification } from '../src/engine/fingerprint/verify';
import { arg } from './args';
import { buildHeldoutCorpus } from './heldout-corpus';
import { buildDarkAnalogue, splitDarkAnalogue } from './heldout-dark-analogue';
import {
  fingerprintBytes,
  newReferenceSet,
  prepareProductionMatcher,
  productionMatch,
} from './matching-production';

const only = (arg('only') ?? 'crop-half,crop-half-mirror').split(',');
const unrelated = process.argv.find((a) => a.startsWith('--unrelated'));
/** Votes from which the agreeing votes are counted, up to the first look's gate. */
const window = { from: 8, below: 1 << 30 };

/** A grey picture of `file` resized to exactly `w` x `h`, optionally mirrored. */
async function greyAt(file: string, w: number, h: number, flop = false): Promise<Uint8Array> {
  let s = sharp(readFileSync(file)).rotate().greyscale();
  if (flop) s = s.flop();
  const { data } = await s
    .resize(w, h, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return new Uint8Array(data.buffer, data.byteOffset, w * h);
}

/**
 * Where a half crop sits in its reference, as a box in the reference's working image: the offset
 * of least squared difference between the reference at 1/4 of the working size and the crop
 * (mirrored back) at 1/8, which is a quarter crop's size at that scale.
 */
async function locate(refFile: string, ref: Features, copy: string, mirrored: boolean) {
  const [W, H] = [Math.round(ref.width / 4), Math.round(ref.height / 4)];
  const [w, h] = [Math.round(W / 2), Math.round(H / 2)];
  const big = await greyAt(refFile, W, H);
  const small = await greyAt(copy, w, h, mirrored);
  let best = [Infinity, 0, 0];
  for (let y = 0; y + h <= H; y++) {
    for (let x = 0; x + w <= W; x++) {
      let d = 0;
      for (let j = 0; j < h && d < best[0]!; j++) {
        for (let i = 0; i < w; i++) {
          const e = big[(y + j) * W + x + i]! - small[j * w + i]!;
          d += e * e;
        }
      }
      if (d < best[0]!) best = [d, x, y];
    }
  }
  const k = ref.width / W;
  return { x: best[1]! * k, y: best[2]! * k, w: w * k, h: h * k };
}

function inside(f: Features, box: { x: number; y: number; w: number; h: number }): number {
  let n = 0;
  for (let i = 0; i < f.points.length; i += 2) {
    const x = f.points[i]!;
    const y = f.points[i + 1]!;
    if (x >= box.x && x < box.x + box.w && y >= box.y && y < box.y + box.h) n++;
  }
  return n;
}

const v = (x: Verification | undefined) =>
  x ? `${x.inliers}/${x.matches}${x.verified ? '✓' : ''}` : '-';

/** Why a verification that was run did not verify. */
function refusal(x: Verification): string {
  if (x.matches < VERIFY_RULE.minInliers) return 'refused: matches';
  if (x.inliers < VERIFY_RULE.minInliers) return 'refused: inliers';
  if (x.inlierRatio < VERIFY_RULE.minInlierRatio) return 'refused: ratio';
  return 'refused: outline';
}

await prepareProductionMatcher();
const corpus = await buildHeldoutCorpus();
const refs = corpus.references.filter((r) => r.half === 'tuning');
const set = newReferenceSet();
for (const r of refs) set.add(r.id, await fingerprintBytes(readFileSync(r.file), 'reference'));
const kp = refs.map((r) => set.get(r.id)!.features?.points.length ?? 0).map((n) => n / 2);
console.log(
  `tuning half: ${refs.length} references, stored keypoints per reference ` +
    `min ${Math.min(...kp)} median ${kp.sort((a, b) => a - b)[kp.length >> 1]} max ${Math.max(...kp)}`,
);
console.log(
  '| copy | decision | stage | cand q | crop box (ref working px) | ref kp in crop / all | hash pdq/bh (proposed) | verify 512 | look votes (rank; top) | agreeing | verify look |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
const tally = new Map<string, { n: number; hit: number; stages: Map<string, number> }>();
for (const r of refs) {
  const ref = set.get(r.id)!;
  const rf = ref.features!;
  for (const c of r.copies.filter((x) => only.includes(x.transform))) {
    const mirrored = c.transform.endsWith('mirror');
    const fp = await fingerprintBytes(readFileSync(c.file), 'candidate');
    const work = fp.work!;
    const box = await locate(r.file, rf, c.file, mirrored);
    const both = distances(ref, fp, undefined, true).both;
    const hashed = decide(ref, fp);
    const proposed = proposeForVerification(ref, fp, hashed) !== undefined;
    const w512 = mirrored ? mirrorGrey(work) : work;
    const f512 = extractFeatures(w512.grey, w512.width, w512.height);
    const v512 = f512 && verifyPair(rf, f512);
    const looks = firstLooks(work)!;
    const look = mirrored ? looks.mirrored : looks.plain;
    const votes = set.descriptors!.votes(look, 1, undefined, window);
    const rank = votes.findIndex((x) => x.referenceId === r.id);
    const got = rank >= 0 ? votes[rank]!.votes : 0;
    const agreeing = rank >= 0 ? (votes[rank]!.agreeing ?? 0) : 0;
    const vLook = verifyPair(rf, look);
    const { referenceId, best } = await productionMatch(set, fp);
    const ok = referenceId === r.id;
    let stage = 'found';
    if (!ok) {
      const voted = got >= LOCAL_PROPOSAL.firstLookVotes && rank < LOCAL_PROPOSAL.maxVerified;
      if (fp.pdq.quality < 50) stage = 'flat';
      else if (!proposed && !voted) stage = 'no proposal';
      else if (voted) stage = refusal(vLook);
      else stage = v512 ? refusal(v512) : 'refused: no features';
      if (referenceId) stage = `WRONG ${referenceId}`;
    }
    const t = tally.get(c.transform) ?? { n: 0, hit: 0, stages: new Map<string, number>() };
    t.n++;
    if (ok) t.hit++;
    t.stages.set(stage, (t.stages.get(stage) ?? 0) + 1);
    tally.set(c.transform, t);
    const b = [box.x, box.y, box.w, box.h].map((x) => Math.round(x)).join(',');
    console.log(
      `| ${c.file.split('/').pop()} | ${ok ? 'found' : 'missed'} ${best.comparison.algo} | ${stage} | ` +
        `${fp.pdq.quality} | ${b} | ${inside(rf, box)} / ${rf.points.length / 2} | ` +
        `${both ? `${both.pdq}/${both.blockhash}` : '-'} (${proposed ? 'yes' : 'no'}) | ${v(v512)} | ` +
        `${got} (${rank >= 0 ? rank + 1 : '-'}; top ${votes[0]?.votes ?? 0}) | ${agreeing} | ${v(vLook)} |`,
    );
  }
}
for (const [t, x] of tally) {
  const stages = [...x.stages].map(([s, n]) => `${s} ${n}`).join(', ');
  console.log(`\n${t}: ${x.hit}/${x.n} found; ${stages}`);
}
console.log(`(tuning half, ${refs.length} references)`);

if (unrelated) {
  // Unrelated images: every reference with >= 8 first-look votes, plain and mirrored, as
  // (votes, agreeing); the most agreeing seen per vote band, and how many reach each count.
  const others =
    unrelated === '--unrelated=dark'
      ? splitDarkAnalogue(await buildDarkAnalogue(), 0).unrelated
      : corpus.distractors.filter((d) => d.half === 'tuning');
  const seen: { votes: number; agreeing: number; file: string }[] = [];
  for (const d of others) {
    const fp = await fingerprintBytes(readFileSync(d.file), 'candidate');
    const looks = fp.work && firstLooks(fp.work);
    for (const look of looks ? [looks.plain, looks.mirrored] : []) {
      for (const x of set.descriptors!.votes(look, window.from, undefined, window))
        seen.push({ votes: x.votes, agreeing: x.agreeing ?? 0, file: d.file });
    }
  }
  console.log(
    `\nunrelated: ${others.length} images, ${seen.length} looks' references with >= 8 votes`,
  );
  console.log('| votes | references | agreeing: max | >= 6 | >= 7 | >= 8 | >= 9 | >= 10 |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [lo, hi] of [
    [8, 12],
    [12, 16],
    [16, 20],
    [20, 24],
    [24, 1 << 30],
  ] as const) {
    const band = seen.filter((x) => x.votes >= lo && x.votes < hi);
    const at = (k: number) => band.filter((x) => x.agreeing >= k).length;
    console.log(
      `| ${lo}-${hi > 1000 ? '' : hi - 1} | ${band.length} | ${Math.max(0, ...band.map((x) => x.agreeing))} | ` +
        `${at(6)} | ${at(7)} | ${at(8)} | ${at(9)} | ${at(10)} |`,
    );
  }
}
