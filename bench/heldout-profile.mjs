// Summarises a V8 CPU profile (node --cpu-prof) of a matching bench by the decision's stages
// (decision 0022): inclusive time of each named function, counted once per sample even when the
// function recurses or calls another listed one (the innermost listed frame wins for "self by
// stage"). Usage: npx node bench/heldout-profile.mjs <file.cpuprofile> [functionName …]
import { readFileSync } from 'node:fs';

const [file, ...extra] = process.argv.slice(2);
const STAGES = [
  'decideBest',
  'findNearest',
  'decide',
  'proposeForVerification',
  'localProposals',
  'firstLook',
  'cellLooks',
  'gridCells',
  'cellGrey',
  'pageLike',
  'flatCellShare',
  'shrinkGrey',
  'extractFeatures',
  'stretchContrast',
  'votes',
  'verifyRanked',
  'verifyPair',
  'ratioMatches',
  'fingerprint',
  ...extra,
];
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
// Bundlers rename clashing functions to name2, name3: strip the suffix.
const stage = (name) => {
  const base = name.replace(/\d+$/, '');
  return STAGES.includes(name) ? name : STAGES.includes(base) ? base : undefined;
};
const dt = new Map();
prof.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (prof.timeDeltas[i + 1] ?? 0)));
// Where in the decision a sample falls, by the listed frames on its stack (first rule that fits).
const PATHS = [
  ['cells (gridCells + their first looks)', (on) => on.has('cellLooks') || on.has('gridCells')],
  ['first look: ORB (shrink, stretch, detect)', (on) => on.has('firstLook')],
  ['first look / full look: votes', (on) => on.has('localProposals') && on.has('votes')],
  ['local proposals: verification', (on) => on.has('localProposals') && on.has('verifyRanked')],
  ['full look: ORB at 512 px', (on) => on.has('localProposals') && on.has('extractFeatures')],
  ['local proposals: other (page-like test, …)', (on) => on.has('localProposals')],
  ['hash proposals: ORB at 512 px', (on) => on.has('decideBest') && on.has('extractFeatures')],
  ['hash proposals: verification', (on) => on.has('decideBest') && on.has('verifyPair')],
  ['hash stage (index, decide, propose, other)', (on) => on.has('decideBest')],
];
const byPath = new Map();
const inclusive = new Map();
const innermost = new Map();
let total = 0;
for (const [id, us] of dt) {
  total += us;
  const seen = new Set();
  let inner;
  for (let n = id; n !== undefined; n = parent.get(n)) {
    const s = stage(byId.get(n).callFrame.functionName);
    if (!s) continue;
    inner ??= s;
    seen.add(s);
  }
  for (const s of seen) inclusive.set(s, (inclusive.get(s) ?? 0) + us);
  const p = PATHS.find(([, f]) => f(seen));
  if (p) byPath.set(p[0], (byPath.get(p[0]) ?? 0) + us);
  if (inner) innermost.set(inner, (innermost.get(inner) ?? 0) + us);
}
console.log(`profile ${file}: ${(total / 1000).toFixed(0)} ms sampled (main thread)`);
console.log('| function | inclusive ms | innermost-stage ms |');
console.log('|---|---:|---:|');
for (const s of STAGES) {
  if (!inclusive.has(s)) continue;
  console.log(
    `| ${s} | ${(inclusive.get(s) / 1000).toFixed(0)} | ${((innermost.get(s) ?? 0) / 1000).toFixed(0)} |`,
  );
}
const decision = inclusive.get('decideBest') ?? 0;
console.log('\n| part of the decision | ms | share |');
console.log('|---|---:|---:|');
for (const [name] of PATHS) {
  const us = byPath.get(name) ?? 0;
  console.log(`| ${name} | ${(us / 1000).toFixed(0)} | ${((100 * us) / decision).toFixed(0)}% |`);
}
