/**
 * The false queue items left at 1,000 and 10,000 references (decision 0019, update): four held-out
 * forum captures matched to two tuning-half forum captures through the page (a whole-page hash
 * agreement that verification confirms on the bars, sidebar and captions). For each pair this
 * prints the box the screenshot finder (embedded.ts) returns for the candidate and the reference,
 * the production decision, and the decision when the candidate is given the picture's box as its
 * finder's `embedded` region (boxes read off the captures by eye, left/top/right/bottom as
 * fractions). The rule of decision 0019 then needs the picture to verify too.
 *
 * It is the check for a finder change: once the finder finds these pictures itself, the first
 * decision column reads no-match as the second does. It does since the outline finder (3a8a575;
 * corpus rebuilt 2026-12-07, and still with the textured-page finder of decision 0026's update).
 *
 * Run: npm run bench -- page-finder-layout (needs the held-out corpus: matching-heldout builds it)
 * With `-- --boxes`: instead, the finder against the true picture boxes on the tuning half's
 * screenshots (finder-boxes.ts, decision 0166).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

import type { BestMatch } from '../src/engine/fingerprint';
import { buildHeldoutCorpus } from './heldout-corpus';
import {
  fingerprintBytes,
  newReferenceSet,
  prepareProductionMatcher,
  productionMatch,
} from './matching-production';
import type { Fingerprint } from './matching-production';
import { finderBoxes } from './finder-boxes';

if (process.argv.includes('--boxes')) {
  await finderBoxes();
  process.exit(0);
}

/** Candidate -> [reference, the picture's box in the candidate]. */
const PAIRS: Record<string, [string, number[]]> = {
  'heldout-dshot35.jpg': ['tuning-dshot43.jpg', [0.135, 0.141, 0.562, 0.854]],
  'heldout-dshot39.png': ['tuning-dshot55.jpg', [0.135, 0.212, 0.758, 0.729]],
  'heldout-dshot43.jpg': ['tuning-dshot55.jpg', [0.135, 0.212, 0.764, 0.734]],
  'heldout-dshot55.jpg': ['tuning-dshot43.jpg', [0.135, 0.134, 0.575, 0.866]],
};

const matcher = await prepareProductionMatcher();
const corpus = await buildHeldoutCorpus();
const dir = path.dirname(corpus.references[0]!.file);
const read = (f: string) => readFileSync(path.join(dir, f));
const finderBox = (fp: Fingerprint) => {
  const box = fp.variants.find((v) => v.region === 'embedded' && v.box)?.box;
  return box ? box.map((x) => x.toFixed(2)).join(', ') : 'none';
};
const said = ({ best }: { best: BestMatch }) => {
  const c = best.comparison;
  const inliers = c.verification ? `, ${c.verification.inliers} inliers` : '';
  return `${c.verdict} (${c.algo}, d${c.distance}${inliers})`;
};

/** The candidate with its picture's box as the finder's embedded region (hashed like it). */
async function withPicture(bytes: Buffer, fp: Fingerprint, box: number[]): Promise<Fingerprint> {
  const { width = 0, height = 0 } = await sharp(bytes).metadata();
  const [l, t, r, b] = box as [number, number, number, number];
  const crop = await sharp(bytes)
    .extract({
      left: Math.round(l * width),
      top: Math.round(t * height),
      width: Math.round((r - l) * width),
      height: Math.round((b - t) * height),
    })
    .png()
    .toBuffer();
  const inner = await fingerprintBytes(crop, 'candidate');
  const embedded = inner.variants
    .filter((v) => v.region === 'full' && v.transform === 'identity')
    .map((v) => ({ ...v, region: 'embedded' as const, box }));
  return { ...fp, variants: [...fp.variants.filter((v) => v.region !== 'embedded'), ...embedded] };
}

const lines = [
  `Matcher: ${matcher}. Each candidate against its reference alone.`,
  '',
  '| candidate | reference | finder box, candidate | finder box, reference | decision | with the picture box |',
  '|---|---|---|---|---|---|',
];
for (const [cand, [ref, box]] of Object.entries(PAIRS)) {
  const refFp = await fingerprintBytes(read(ref), 'reference');
  const refAsPage = await fingerprintBytes(read(ref), 'candidate');
  const set = newReferenceSet();
  set.add(ref, refFp);
  const bytes = read(cand);
  const fp = await fingerprintBytes(bytes, 'candidate');
  const plain = await productionMatch(set, fp);
  const boxed = await productionMatch(set, await withPicture(bytes, fp, box));
  lines.push(
    `| ${cand} | ${ref} | ${finderBox(fp)} | ${finderBox(refAsPage)} | ${said(plain)} | ${said(boxed)} |`,
  );
}
console.log(lines.join('\n'));
