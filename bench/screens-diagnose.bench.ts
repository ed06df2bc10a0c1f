/**
 * Where the production matcher loses the tuning half's screenshot, caption and tiled-watermark
 * copies (issue 13; decision 0026): for each copy of those transforms (TUNING half only, never the
 * held-out half), one line with the production decision and, for the expected reference, what
 * each stage saw: the finder's picture box (share of the capture), the nearest hash agreement
 * (region pair and PDQ distance), the first look's votes (and the reference's rank), and the
 * verification of the whole 512 px capture and of the located picture alone.
 * Run: npm run bench -- screens-diagnose [--only=t1,t2]
 */
import { readFileSync } from 'node:fs';

import { decide } from '../src/engine/fingerprint/compare';
import { cellGrey } from '../src/engine/fingerprint/grid-cells';
import { firstLook, LOCAL_PROPOSAL } from '../src/engine/fingerprint/local-proposals';
import { pictureGrey } from '../src/engine/fingerprint/picture-look';
import { extractFeatures, verifyPair } from '../src/engine/fingerprint/verify';
import { buildHeldoutCorpus } from './heldout-corpus';
import {
  fingerprintBytes,
  newReferenceSet,
  prepareProductionMatcher,
  productionMatch,
} from './matching-production';
import { arg } from './args';

const only = (
  arg('only') ?? 'shot-feed,shot-gallery,shot-chat,shot-forum,caption-bar,watermark-tiled'
).split(',');

await prepareProductionMatcher();
const corpus = await buildHeldoutCorpus();
const refs = corpus.references.filter((r) => r.half === 'tuning');
const set = newReferenceSet();
for (const r of refs) set.add(r.id, await fingerprintBytes(readFileSync(r.file), 'reference'));

const v = (x: { inliers: number; matches: number; verified: boolean } | undefined) =>
  x ? `${x.inliers}/${x.matches}${x.verified ? '✓' : ''}` : '-';
console.log(
  '| copy | detail | decision | box (share) | hash: region, PDQ | first-look votes (rank) | verify 512 | verify box | picture look |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
const tally = new Map<string, { n: number; hit: number }>();
for (const r of refs) {
  const ref = set.get(r.id)!;
  for (const c of r.copies.filter((x) => only.includes(x.transform))) {
    const fp = await fingerprintBytes(readFileSync(c.file), 'candidate');
    const work = fp.work!;
    const hashed = decide(ref, fp);
    const glance = firstLook(work)!;
    const votes = set.descriptors!.votes(glance, 1);
    const rank = votes.findIndex((x) => x.referenceId === r.id);
    const full = extractFeatures(work.grey, work.width, work.height);
    const box = fp.variants.find((x) => x.region === 'embedded')?.box;
    let inBox: ReturnType<typeof verifyPair> | undefined;
    let look: ReturnType<typeof verifyPair> | undefined;
    let share = '-';
    if (box) {
      const x = Math.round(box[0]! * work.width);
      const y = Math.round(box[1]! * work.height);
      const w = Math.round(box[2]! * work.width) - x;
      const h = Math.round(box[3]! * work.height) - y;
      share = `${((box[2]! - box[0]!) * (box[3]! - box[1]!)).toFixed(2)} ${w}x${h}`;
      const crop = cellGrey(work, { x, y, w, h });
      const f = extractFeatures(crop.grey, crop.width, crop.height);
      if (f) inBox = verifyPair(ref.features!, f);
    }
    const pic = pictureGrey(fp, work, LOCAL_PROPOSAL.firstLookSide);
    const pl = pic && firstLook(pic.grey);
    if (pl) look = verifyPair(ref.features!, pl);
    const { referenceId, best } = await productionMatch(set, fp);
    const ok = referenceId === r.id;
    const t = tally.get(c.transform) ?? { n: 0, hit: 0 };
    t.n++;
    if (ok) t.hit++;
    tally.set(c.transform, t);
    console.log(
      `| ${c.file.split('/').pop()} | ${c.detail ?? ''} | ${ok ? 'found' : referenceId ? `WRONG ${referenceId}` : 'missed'} ${best.comparison.algo} | ${share} | ` +
        `${hashed.candidateRegion}/${hashed.referenceRegion} ${hashed.distance} | ` +
        `${rank >= 0 ? votes[rank]!.votes : 0} (${rank >= 0 ? rank + 1 : '-'}; top ${votes[0]?.votes ?? 0}) | ` +
        `${v(full && verifyPair(ref.features!, full))} | ${v(inBox)} | ${v(look)} |`,
    );
  }
}
console.log(
  '\n' +
    [...tally].map(([t, x]) => `${t} ${x.hit}/${x.n}`).join(', ') +
    ` (tuning half, ${refs.length} references)`,
);
