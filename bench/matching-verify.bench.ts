/**
 * The verification stage (decision 0016) on the corpus of fingerprint-corpus.ts: recall per
 * transform and unrelated images matched, with the hash rule alone (the candidate's pixels dropped
 * before the decision) and with verification, both through bestMatch; and the CPU the decision
 * costs per unrelated image (proposals, ORB on the candidate, verification). Also the one-time
 * cost of loading OpenCV. Run: npm run bench -- matching-verify
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { fingerprint } from '../src/engine/fingerprint/fingerprint';
import { BruteForceReferenceSet, bestMatch } from '../src/engine/fingerprint/reference-set';
import { loadVerifier } from '../src/engine/fingerprint/verify';
import { buildCorpus, TRANSFORMS } from './fingerprint-corpus';

const root = process.cwd();
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const t0 = performance.now();
const c0 = process.cpuUsage();
await loadVerifier();
const loadWall = performance.now() - t0;
const loadCpu = cpuMs(process.cpuUsage(c0));
const rss = process.memoryUsage().rss / 1e6;

const items = await buildCorpus(root);
const set = new BruteForceReferenceSet();
for (const it of items.filter((i) => i.kind === 'reference')) {
  const fp = await fingerprint(readFileSync(path.join(root, it.file)), { role: 'reference' });
  set.add(String(it.ref), fp);
}
type Mode = 'hash rule' | 'verified';
const modes: Mode[] = ['hash rule', 'verified'];
const recall = new Map<Mode, Map<string, [number, number]>>(modes.map((m) => [m, new Map()]));
const falses = new Map<Mode, number>(modes.map((m) => [m, 0]));
const wrong = new Map<Mode, number>(modes.map((m) => [m, 0]));
const cost = new Map<Mode, number>(modes.map((m) => [m, 0]));
let unrelated = 0;
let verifiedMatches = 0;
for (const it of items.filter((i) => i.kind !== 'reference')) {
  const bytes = readFileSync(path.join(root, it.file));
  if (it.kind !== 'copy') unrelated++;
  for (const mode of modes) {
    const cand = await fingerprint(bytes, { role: 'candidate' });
    if (mode === 'hash rule') delete cand.work;
    const u0 = process.cpuUsage();
    const best = bestMatch(set, cand);
    if (it.kind !== 'copy') cost.set(mode, cost.get(mode)! + cpuMs(process.cpuUsage(u0)));
    const match = best.comparison.verdict === 'match';
    if (mode === 'verified' && best.comparison.verification) verifiedMatches++;
    if (it.kind === 'copy') {
      const r = recall.get(mode)!;
      const p = r.get(it.transform ?? '') ?? [0, 0];
      p[1]++;
      if (match && best.referenceId === String(it.ref)) p[0]++;
      if (match && best.referenceId !== String(it.ref)) wrong.set(mode, wrong.get(mode)! + 1);
      r.set(it.transform ?? '', p);
    } else if (match) falses.set(mode, falses.get(mode)! + 1);
  }
}
const lines = [
  `Corpus: ${set.size} references, ${items.filter((i) => i.kind === 'copy').length} copies, ` +
    `${unrelated} unrelated images; ${os.cpus().length} cores, Node ${process.version}. ` +
    `OpenCV load: ${loadWall.toFixed(0)} ms wall, ${loadCpu.toFixed(0)} ms CPU, RSS ${rss.toFixed(0)} MB.`,
  '',
  `| decision | ${TRANSFORMS.join(' | ')} | unrelated matched | per 1,000 | wrong ref | decision CPU ms / unrelated image |`,
  `|---|${TRANSFORMS.map(() => '---:').join('|')}|---:|---:|---:|---:|`,
];
for (const mode of modes) {
  const r = recall.get(mode)!;
  const cells = TRANSFORMS.map((t) => {
    const p = r.get(t) ?? [0, 1];
    return ((100 * p[0]) / p[1]).toFixed(1);
  });
  const f = falses.get(mode)!;
  lines.push(
    `| ${mode} | ${cells.join(' | ')} | ${f}/${unrelated} | ${((1000 * f) / unrelated).toFixed(1)} | ` +
      `${wrong.get(mode)} | ${(cost.get(mode)! / unrelated).toFixed(2)} |`,
  );
}
lines.push('', `Matches decided by verification: ${verifiedMatches}.`);
console.log(lines.join('\n'));
