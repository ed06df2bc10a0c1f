/**
 * A screenshot registered, its photo found alone (issue 13 item 4; decision 0167): victims often
 * report a capture of the post they found, and the crawler then meets the photo itself, re-posted
 * without the page around it. For one half of the held-out corpus, each of the four screenshot
 * layouts is registered as its own reference set (every reference's `shot-<layout>` capture), and
 * decided against it, as crawled images:
 * - the photo alone: the reference's corpus file (up to 1600 px), its `scale-down-35` and its
 *   `jpeg-q12` copies; found when the capture of the same photograph is the match;
 * - the capture itself re-posted (its `screenshot` row: the capture recompressed as JPEG q70), which
 *   must still be found;
 * - every unrelated picture of the half (photographs, captures, collages and crops of others),
 *   which must match nothing.
 * It also counts the registered captures that carry the `inner-picture` note and how many stored
 * keypoints their features hold.
 *
 * Run: npm run bench -- page-picture-alone [--half=tuning|heldout] (tune on `tuning`)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

import { arg } from './args';
import { buildHeldoutCorpus, type Half } from './heldout-corpus';
import {
  fingerprintBytes,
  newReferenceSet,
  prepareProductionMatcher,
  productionMatch,
} from './matching-production';

const half = (arg('half') ?? 'tuning') as Half;
const PHOTO_ROWS = ['original', 'scale-down-35', 'jpeg-q12'] as const;
const ROWS = [...PHOTO_ROWS, 'screenshot'] as const;

const engine = await prepareProductionMatcher();
const corpus = await buildHeldoutCorpus();
const refs = corpus.references.filter((r) => r.half === half);
const unrelated = corpus.distractors.filter((d) => d.half === half);
const layouts = [...new Set(refs.flatMap((r) => r.copies.map((c) => c.transform)))].filter((t) =>
  t.startsWith('shot-'),
);

console.log(
  `${half} half: ${refs.length} references' captures registered, ${layouts.length} layouts, ` +
    `${unrelated.length} unrelated pictures; ${engine}`,
);
console.log(
  '\n| layout | registered | inner-picture note | keypoints (median) | ' +
    ROWS.map((r) => `${r} found`).join(' | ') +
    ' | wrong capture | unrelated matched |',
);
console.log(`|---|---:|---:|---:|${ROWS.map(() => '---:').join('|')}|---:|---:|`);
const totals = new Map<string, [number, number]>();
let allWrong = 0;
let allFalse = 0;
const falseItems: string[] = [];
const t0 = process.cpuUsage();
let decisions = 0;
for (const layout of layouts) {
  const set = newReferenceSet();
  let registered = 0;
  let noted = 0;
  const keypoints: number[] = [];
  const shots = new Map<string, string>();
  for (const r of refs) {
    const shot = r.copies.find((c) => c.transform === layout);
    if (!shot) continue;
    const fp = await fingerprintBytes(readFileSync(shot.file), 'reference');
    set.add(r.id, fp);
    shots.set(r.id, shot.file);
    registered++;
    if (fp.hardToFind === 'inner-picture') noted++;
    keypoints.push((fp.features?.points.length ?? 0) / 2);
  }
  const found = new Map<string, [number, number]>(ROWS.map((row) => [row, [0, 0]]));
  let wrong = 0;
  const decide = async (bytes: Buffer, expected: string | undefined, row?: string) => {
    const { referenceId } = await productionMatch(set, await fingerprintBytes(bytes, 'candidate'));
    decisions++;
    if (row) {
      const f = found.get(row)!;
      f[1]++;
      if (referenceId === expected) f[0]++;
      else if (referenceId !== undefined) wrong++;
    }
    return referenceId;
  };
  for (const r of refs) {
    if (!shots.has(r.id)) continue;
    await decide(readFileSync(r.file), r.id, 'original');
    for (const row of PHOTO_ROWS.slice(1)) {
      const copy = r.copies.find((c) => c.transform === row);
      if (copy) await decide(readFileSync(copy.file), r.id, row);
    }
    const again = await sharp(readFileSync(shots.get(r.id)!))
      .jpeg({ quality: 70 })
      .toBuffer();
    await decide(again, r.id, 'screenshot');
  }
  let falses = 0;
  for (const d of unrelated) {
    const matched = await decide(readFileSync(d.file), undefined);
    if (matched === undefined) continue;
    falses++;
    falseItems.push(`${layout}: ${path.basename(d.file)} (${d.kind}) -> ${matched}`);
  }
  allWrong += wrong;
  allFalse += falses;
  keypoints.sort((a, b) => a - b);
  const cells = ROWS.map((row) => {
    const [hit, n] = found.get(row)!;
    const total = totals.get(row) ?? [0, 0];
    totals.set(row, [total[0] + hit, total[1] + n]);
    return `${hit}/${n}`;
  });
  console.log(
    `| ${layout} | ${registered} | ${noted} | ${keypoints[keypoints.length >> 1] ?? 0} | ` +
      `${cells.join(' | ')} | ${wrong} | ${falses} / ${unrelated.length} |`,
  );
}
const all = ROWS.map((row) => {
  const [hit, n] = totals.get(row) ?? [0, 0];
  return `**${hit}/${n}** (${n ? ((100 * hit) / n).toFixed(1) : '-'}%)`;
});
console.log(
  `| **all** | | | | ${all.join(' | ')} | ${allWrong} | ${allFalse} / ${layouts.length * unrelated.length} |`,
);
const cpu = process.cpuUsage(t0);
console.log(
  `\nCPU per decision (fingerprint + decision, registration included): ` +
    `${((cpu.user + cpu.system) / 1000 / Math.max(1, decisions)).toFixed(1)} ms over ${decisions}.`,
);
console.log(`\nUnrelated pictures matched: ${falseItems.join('; ') || 'none'}.`);
