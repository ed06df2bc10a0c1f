/**
 * Tried for decision 0026, not kept: do keypoints on a tiled watermark's repeated text hide the
 * picture? For every TUNING-half watermark-tiled copy, the 512 px ORB features verified against
 * the reference as they are and with every descriptor dropped that has >= K near repeats
 * (Hamming <= D) in the same image. Run: npm run bench -- watermark-repeats
 */
import { readFileSync } from 'node:fs';
import { hamming256 } from '../src/engine/fingerprint';
import { extractFeatures, verifyPair } from '../src/engine/fingerprint/verify';
import type { Features } from '../src/engine/fingerprint/verify';
import { buildHeldoutCorpus } from './heldout-corpus';
import { fingerprintBytes, prepareProductionMatcher } from './matching-production';

await prepareProductionMatcher();
const corpus = await buildHeldoutCorpus();
const refs = corpus.references.filter((r) => r.half === 'tuning');
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
for (const r of refs) {
  const ref = await fingerprintBytes(readFileSync(r.file), 'reference');
  for (const c of r.copies.filter((x) => x.transform === 'watermark-tiled')) {
    const fp = await fingerprintBytes(readFileSync(c.file), 'candidate');
    const w = fp.work!;
    const f = extractFeatures(w.grey, w.width, w.height)!;
    const out = [`${r.id} refkp ${ref.features!.points.length / 2} kp ${f.points.length / 2}`];
    const v0 = verifyPair(ref.features!, f);
    out.push(`plain ${v0.inliers}/${v0.matches}${v0.verified ? 'V' : ''}`);
    for (const [within, times] of [
      [64, 2],
      [80, 2],
      [64, 4],
    ] as const) {
      const g = unrepeated(f, within, times);
      const v = verifyPair(ref.features!, g);
      out.push(
        `${within}/${times}: kp ${g.points.length / 2} ${v.inliers}/${v.matches}${v.verified ? 'V' : ''}`,
      );
    }
    console.log(out.join(' | '));
  }
}
