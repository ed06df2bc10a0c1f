/**
 * Settings of the picture look (decision 0026), TUNING half only: for the screenshot copies and
 * the unrelated images, the located picture looked at with each setting (longer side, keypoints,
 * pyramid levels): the expected reference's votes and rank and whether it verifies (copies), the
 * top votes (unrelated images; a vote gate must stay above them), and the CPU of the look.
 * Run: npm run bench -- picture-look-settings
 */
import { readFileSync } from 'node:fs';

import { pageLike } from '../src/engine/fingerprint/local-proposals';
import { pictureGrey } from '../src/engine/fingerprint/picture-look';
import { extractFeatures, verifyPair } from '../src/engine/fingerprint/verify';
import { buildHeldoutCorpus } from './heldout-corpus';
import { fingerprintBytes, newReferenceSet, prepareProductionMatcher } from './matching-production';

const SETTINGS = [
  { side: 512, features: 500, levels: 8 },
  { side: 384, features: 400, levels: 6 },
  { side: 320, features: 300, levels: 4 },
];
await prepareProductionMatcher();
const corpus = await buildHeldoutCorpus();
const refs = corpus.references.filter((r) => r.half === 'tuning');
const set = newReferenceSet();
for (const r of refs) set.add(r.id, await fingerprintBytes(readFileSync(r.file), 'reference'));
const index = set.descriptors!;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const stats = SETTINGS.map(() => ({ looks: 0, ms: 0, verified: 0, top: [] as number[] }));
const rows: string[] = [];
const items = [
  ...refs.flatMap((r) =>
    r.copies
      .filter((c) => c.transform.startsWith('shot-'))
      .map((c) => ({ file: c.file, ref: r.id })),
  ),
  ...corpus.distractors.filter((d) => d.half === 'tuning').map((d) => ({ file: d.file, ref: '' })),
];
let unrelatedPageLike = 0;
for (const it of items) {
  const fp = await fingerprintBytes(readFileSync(it.file), 'candidate');
  const work = fp.work!;
  if (!it.ref && pageLike(work)) unrelatedPageLike++;
  const cells: string[] = [];
  SETTINGS.forEach((s, k) => {
    const t0 = cpu();
    const pic = pictureGrey(fp, work, s.side);
    const look = pic && {
      features: extractFeatures(
        pic.grey.grey,
        pic.grey.width,
        pic.grey.height,
        s.features,
        s.levels,
      )!,
    };
    if (!look) return void cells.push('-');
    const votes = index.votes(look.features, 1);
    const st = stats[k]!;
    st.looks += it.ref ? 0 : 1;
    if (!it.ref) {
      st.ms += cpu() - t0;
      st.top.push(votes[0]?.votes ?? 0);
      return;
    }
    const rank = votes.findIndex((v) => v.referenceId === it.ref);
    const v = verifyPair(set.get(it.ref)!.features!, look.features);
    if (v.verified) st.verified++;
    cells.push(
      `${rank >= 0 ? votes[rank]!.votes : 0} (${rank + 1}) ${v.inliers}/${v.matches}${v.verified ? '✓' : ''}`,
    );
  });
  if (it.ref) rows.push(`| ${it.file.split('/').pop()} | ${cells.join(' | ')} |`);
}
console.log(`| copy | ${SETTINGS.map((s) => `${s.side}/${s.features}/${s.levels}`).join(' | ')} |`);
console.log(`|---|${SETTINGS.map(() => '---').join('|')}|`);
console.log(rows.join('\n'));
const unrelated = items.filter((i) => !i.ref).length;
console.log(`\nunrelated: ${unrelated}, page-like ${unrelatedPageLike}`);
SETTINGS.forEach((s, k) => {
  const st = stats[k]!;
  const top = st.top.sort((a, b) => a - b);
  const q = (p: number) => top[Math.min(top.length - 1, Math.floor(p * top.length))] ?? 0;
  console.log(
    `${s.side}/${s.features}/${s.levels}: copies verified ${st.verified}; unrelated looked at ${st.looks}, ` +
      `look + votes ${(st.ms / Math.max(1, st.looks)).toFixed(1)} ms CPU each; top votes median ${q(0.5)}, p95 ${q(0.95)}, max ${top.at(-1) ?? 0}`,
  );
});
