/**
 * What makes a crawled image's decision expensive (issue 13 item 6, decision 0023): per unrelated
 * picture, the decision's CPU (bestMatch, as production runs it) beside the properties that decide
 * which stages it pays for — low quality, the hash stage's references and proposals, the first
 * look's keypoints and top votes, page-like, grid cells, whether the full look runs — each stage
 * re-run alone and timed (CPU). Prints the mean per set and the decision CPU by group, so a cost
 * can be traced to a property by counting, not by looking at pictures.
 * Then CPU per stage (`--stages`, default on): per unrelated picture and per copy (every
 * `--copies`-th copy of the half, 0 = none), the local proposals replayed in localProposals' order
 * with its early exits (a verified look ends it), each stage timed alone; "hash stage and the rest"
 * is the decision's CPU less the replayed stages. A copy the hash stage matched (algo pdq, sha256,
 * pixels, pdq+verified) pays no local stage.
 * Sets: `tuning` (the tuning half's unrelated pictures), `dark` (heldout-dark-analogue.ts, tuning
 * sources only) and `heldout` (the held-out half's unrelated pictures: counted, never tuned on).
 * Run: npm run bench -- matching-cpu-stages [--sets=tuning,dark] [--sample=N] [--copies=N]
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

import { withCandidateFeatures } from '../src/engine/fingerprint/candidate-features';
import { decide, DEFAULT_RULE } from '../src/engine/fingerprint/compare';
import type { Fingerprint } from '../src/engine/fingerprint/fingerprint';
import { gridCells } from '../src/engine/fingerprint/grid-cells';
import { firstLook, LOCAL_PROPOSAL, pageLike } from '../src/engine/fingerprint/local-proposals';
import { bestMatch, proposeForVerification } from '../src/engine/fingerprint/reference-set';
import { extractFeatures, verifyPair } from '../src/engine/fingerprint/verify';
import { replayStages, STAGES } from './matching-cpu-replay';
import type { StageCpu } from './matching-cpu-replay';
import { buildHeldoutCorpus } from './heldout-corpus';
import { buildDarkAnalogue, splitDarkAnalogue } from './heldout-dark-analogue';
import { fingerprintBytes, newReferenceSet, prepareProductionMatcher } from './matching-production';
import { arg } from './args';

const sets = (arg('sets') ?? 'tuning,dark').split(',');
const every = Number(arg('sample') ?? 1);
/** `dark` set: this many of the analogue's night pictures registered as references too. */
const darkRefs = Number(arg('dark-refs') ?? 0);
/** Every n-th copy of the half for the per-stage table (0: unrelated pictures only). */
const copiesEvery = Number(arg('copies') ?? 0);

const cpu = <T>(f: () => T): [T, number] => {
  const c0 = process.cpuUsage();
  const v = f();
  const d = process.cpuUsage(c0);
  return [v, (d.user + d.system) / 1000];
};

interface Stat {
  decision: number;
  lq: number;
  hashRefs: number;
  proposals: number;
  orb512: number;
  kp512: number;
  first: number;
  kpFirst: number;
  topVotes: number;
  verifyFirst: number;
  page: number;
  cells: number;
  fullLook: number;
}

await prepareProductionMatcher();
const corpus = await buildHeldoutCorpus();
const L = LOCAL_PROPOSAL;

for (const name of sets) {
  const half = name === 'heldout' ? 'heldout' : 'tuning';
  const set = newReferenceSet();
  for (const r of corpus.references.filter((x) => x.half === half))
    set.add(r.id, await fingerprintBytes(readFileSync(r.file), 'reference'));
  const dark = splitDarkAnalogue(await buildDarkAnalogue(), name === 'dark' ? darkRefs : 0);
  for (const r of dark.references)
    set.add(r.file, await fingerprintBytes(readFileSync(r.file), 'reference'));
  const files = (
    name === 'dark'
      ? dark.unrelated.map((d) => d.file)
      : corpus.distractors.filter((d) => d.half === half).map((d) => d.file)
  ).filter((_, i) => i % every === 0);
  const stats: Stat[] = [];
  const kindOf = new Map<string, string>(corpus.references.map((r) => [r.id, r.kind]));
  for (const r of dark.references) kindOf.set(r.file, 'analogue-night');
  /** Reference kinds proposed by the hashes, and top-voted in the first look (>= firstLookVotes). */
  const proposedKinds = new Map<string, number>();
  const votedKinds = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const perStage = { unrelated: newStageSum(), copies: newStageSum() };
  for (const file of files) {
    const fp = await fingerprintBytes(readFileSync(file), 'candidate');
    const work = fp.work!;
    const [, decision] = cpu(() => bestMatch(set, structuredClone(fp)));
    addStages(perStage.unrelated, decision, replayStages(set, fp, work));
    // A centre server's decision, given what a crawl worker sends (decision 0155), and given the
    // first look alone (before 0155: the server detected again on the mirrored picture).
    const sent = (await withCandidateFeatures(structuredClone(fp))).local ?? {};
    const served = (local: Fingerprint['local']) =>
      cpu(() => bestMatch(set, { ...structuredClone(fp), local }))[1];
    perStage.unrelated.server += served(sent);
    perStage.unrelated.serverFirstLookOnly += served({ firstLook: sent.firstLook });
    const ids = new Set<string>();
    for (const v of fp.variants)
      if (v.transform === 'identity' && v.algo === 'pdq')
        for (const h of set.findNearest(v.hash, 'pdq', 100)) ids.add(h.referenceId);
    let proposals = 0;
    for (const id of ids) {
      const ref = set.get(id) as Fingerprint;
      if (ref.features && proposeForVerification(ref, fp, decide(ref, fp, DEFAULT_RULE))) {
        proposals++;
        bump(proposedKinds, kindOf.get(id) ?? '?');
      }
    }
    const [full, orb512] = cpu(() => extractFeatures(work.grey, work.width, work.height));
    const [glance, first] = cpu(() => firstLook(work));
    const votes = glance ? set.descriptors.votes(glance, 1) : [];
    const [, verifyFirst] = cpu(() => {
      for (const v of votes.filter((x) => x.votes >= L.firstLookVotes).slice(0, L.maxVerified))
        verifyPair(set.get(v.referenceId)!.features!, glance!);
    });
    const page = pageLike(work);
    const topVotes = votes[0]?.votes ?? 0;
    if (topVotes >= L.firstLookVotes) bump(votedKinds, kindOf.get(votes[0]!.referenceId) ?? '?');
    stats.push({
      decision,
      lq: fp.lowQuality ? 1 : 0,
      hashRefs: ids.size,
      proposals,
      orb512,
      kp512: (full?.points.length ?? 0) / 2,
      first,
      kpFirst: (glance?.points.length ?? 0) / 2,
      topVotes,
      verifyFirst,
      page: page ? 1 : 0,
      cells: page ? gridCells(work).length : 0,
      fullLook: page && topVotes >= L.fullLookVotes ? 1 : 0,
    });
  }
  console.log(
    `reference kinds proposed by hashes: ${JSON.stringify([...proposedKinds])}; ` +
      `top-voted in the first look: ${JSON.stringify([...votedKinds])}`,
  );
  const mean = (k: keyof Stat, of = stats) =>
    of.length ? (of.reduce((s, x) => s + x[k], 0) / of.length).toFixed(1) : '-';
  console.log(
    `\n### ${name}: ${stats.length} unrelated pictures, load ${os.loadavg()[0]!.toFixed(1)}\n`,
  );
  const keys = Object.keys(stats[0] ?? {}) as (keyof Stat)[];
  console.log(`| ${keys.join(' | ')} |\n|${keys.map(() => '---:').join('|')}|`);
  console.log(`| ${keys.map((k) => mean(k)).join(' | ')} |`);
  console.log(
    '\n| group | n | share | decision CPU ms | of all decision CPU |\n|---|---:|---:|---:|---:|',
  );
  const total = stats.reduce((s, x) => s + x.decision, 0);
  const groups: [string, (s: Stat) => boolean][] = [
    ['low quality', (s) => s.lq === 1],
    ['not low quality', (s) => s.lq === 0],
    ['hash proposals > 0', (s) => s.proposals > 0],
    ['first look verifies (top votes >= firstLookVotes)', (s) => s.topVotes >= L.firstLookVotes],
    ['page-like', (s) => s.page === 1],
    ['grid cells', (s) => s.cells > 0],
    ['full look', (s) => s.fullLook === 1],
    [
      'none of the above, not low quality',
      (s) => s.lq === 0 && s.proposals === 0 && s.topVotes < L.firstLookVotes && s.page === 0,
    ],
  ];
  for (const [g, f] of groups) {
    const of = stats.filter(f);
    const sum = of.reduce((s, x) => s + x.decision, 0);
    console.log(
      `| ${g} | ${of.length} | ${((100 * of.length) / stats.length).toFixed(0)}% | ${mean('decision', of)} | ${((100 * sum) / total).toFixed(0)}% |`,
    );
  }
  const copies =
    name === 'dark' || copiesEvery <= 0
      ? []
      : corpus.references
          .filter((r) => r.half === half)
          .flatMap((r) => r.copies)
          .filter((_, i) => i % copiesEvery === 0);
  for (const c of copies) {
    const fp = await fingerprintBytes(readFileSync(c.file), 'candidate');
    const work = fp.work!;
    const [best, decision] = cpu(() => bestMatch(set, structuredClone(fp)));
    const byHashes = ['pdq', 'sha256', 'pixels', 'pdq+verified'].includes(best.comparison.algo);
    addStages(perStage.copies, decision, byHashes ? undefined : replayStages(set, fp, work));
  }
  printStages(name, perStage);
}

interface StageSum {
  n: number;
  decision: number;
  stages: StageCpu;
  /** Decision CPU on a centre server given a worker's features (unrelated pictures only). */
  server: number;
  serverFirstLookOnly: number;
}
function newStageSum(): StageSum {
  return {
    n: 0,
    decision: 0,
    stages: Object.fromEntries(STAGES.map((s) => [s, 0])) as StageCpu,
    server: 0,
    serverFirstLookOnly: 0,
  };
}
function addStages(sum: StageSum, decision: number, stages: StageCpu | undefined): void {
  sum.n++;
  sum.decision += decision;
  for (const s of STAGES) sum.stages[s] += stages?.[s] ?? 0;
}
/** CPU per stage per image: the replayed local stages, and the decision less them. */
function printStages(name: string, by: Record<'unrelated' | 'copies', StageSum>): void {
  const per = (sum: StageSum, x: number) => (sum.n ? (x / sum.n).toFixed(1) : '-');
  const local = (sum: StageSum) => STAGES.reduce((t, s) => t + sum.stages[s], 0);
  const { unrelated: u, copies: c } = by;
  console.log(
    `\n#### ${name}: CPU per stage (ms per image; ${u.n} unrelated, ${c.n} copies; ` +
      `load ${os.loadavg()[0]!.toFixed(1)})\n\n| stage | per unrelated | per copy |\n|---|---:|---:|`,
  );
  for (const s of STAGES) console.log(`| ${s} | ${per(u, u.stages[s])} | ${per(c, c.stages[s])} |`);
  console.log(
    `| hash stage and the rest (decision less the above) | ${per(u, u.decision - local(u))} | ` +
      `${per(c, c.decision - local(c))} |\n| **decision** | ${per(u, u.decision)} | ${per(c, c.decision)} |`,
  );
  console.log(
    `| decision on a centre server given a worker's first look and mirrored look | ${per(u, u.server)} | - |\n` +
      `| … given the first look alone (before decision 0155) | ${per(u, u.serverFirstLookOnly)} | - |`,
  );
}
