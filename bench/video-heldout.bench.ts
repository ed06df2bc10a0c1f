/**
 * Held-out video evaluation (issue 15, decision 0105): recall per transform (compilations count
 * each of the three references they hold), matches to the wrong reference, and false matches on
 * unrelated videos, through the production path — the video engine's fingerprintVideo and
 * matchVideo, then the product's decisions (the crawler's and `jium match`'s, both printed).
 * Held-out half first; the tuning half in its own table, with a sweep of the crawler rule's
 * segment length (tune there, never on the held-out half).
 * Prints Markdown and writes it to bench/.data/video-heldout.md.
 * Run: npm run bench -- video-heldout [--half=heldout|tuning] [--refs=N] [--unrelated=N] [--wide]
 * [--jobs=N] [--build-only]
 * (--refs and --unrelated build a smaller corpus: the first N references / unrelated per half;
 * --wide adds the widened held-out corpus of bench/video-heldout-wide.ts, decision 0124; --jobs:
 * FFmpeg runs at once while building, default 2; --build-only stops after building).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import type { Half } from './heldout-sources';
import { buildVideoCorpus } from './video-heldout-corpus';
import type { VideoCorpus } from './video-heldout-corpus';
import { VIDEO_TRANSFORMS } from './video-heldout-transforms';
import { LONG_TRANSFORMS, WIDE_TRANSFORMS } from './video-heldout-wide';
import { loadVerifier } from '../src/engine/fingerprint/verify';
import {
  fingerprintVideo,
  matchVideo,
  REFERENCE_SAMPLE_EVERY_S,
  VIDEO_RULE,
  videoVerdict,
} from '../src/engine/video';
import type { VideoFingerprint, VideoMatch } from '../src/engine/video';
import {
  candidateKeeper,
  cropMatch,
  keyframeFeatures,
  keyframeFeaturesBothWays,
  referenceKeeper,
  VIDEO_CROP,
  VideoFeatureIndex,
} from '../src/engine/video/crop-stage';
import type { CropMatch, VideoKeyframe } from '../src/engine/video/crop-stage';
import { arg } from './args';

const halves: Half[] = arg('half') ? [arg('half') as Half] : ['heldout', 'tuning'];
const root = process.cwd();

/**
 * The product has one video decision since decision 0106 (`videoVerdict`, video/match.ts: a run of
 * agreeing frames over VIDEO_RULE.minSegmentS of the candidate, or VIDEO_RULE.minQueryPct of a short
 * candidate's frames), used by the crawler, the re-check and `jium match`. The "jium match" columns
 * are kept so tables stay comparable with the runs made when the CLI had its own rule (>= 3
 * agreeing frames); they now print the same decision.
 */
const crawlerRule = (m: VideoMatch, q: VideoFingerprint) => videoVerdict(q, m) === 'match';
const cliRule = crawlerRule;

/** The crawler rule's segment part at another length: for the tuning half's sweep only. */
function segmentAtLeast(m: VideoMatch, minS: number): boolean {
  return m.segments.some((s) => s.queryEndS - s.queryStartS >= minS);
}

/** Fingerprints are cached per file and per version of the engine's source. */
function engineVersion(): string {
  const h = createHash('sha256');
  for (const dir of ['src/engine/video', 'src/engine/fingerprint']) {
    const abs = path.join(root, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs).sort())
      if (f.endsWith('.ts') && !f.endsWith('.test.ts')) h.update(readFileSync(path.join(abs, f)));
  }
  return h.digest('hex').slice(0, 12);
}

interface StoredFp {
  durationS: number;
  width: number;
  height: number;
  sampleEveryS: number;
  sampled: boolean;
  /** time, PDQ, quality, then the content box's PDQ and quality when the video has a box */
  frames: [number, string, number, string?, number?][];
}
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
// The content-box hash is kept too: a cached fingerprint without it would miss every screen
// recording and letterbox (runs before this one read the cache without it).
const toStored = (f: VideoFingerprint): StoredFp => ({
  ...f,
  frames: f.frames.map((x) => {
    const box = x.variants?.find((v) => v.region === 'box');
    return box
      ? [x.timestampS, hex(x.pdq), x.quality, hex(box.pdq), box.quality]
      : [x.timestampS, hex(x.pdq), x.quality];
  }),
});
const fromStored = (s: StoredFp): VideoFingerprint => ({
  ...s,
  frames: s.frames.map(([t, h, q, bh, bq]) => ({
    timestampS: t,
    pdq: bytes(h),
    quality: q,
    ...(bh ? { variants: [{ region: 'box', pdq: bytes(bh), quality: bq ?? 0 }] } : {}),
  })),
});

const version = engineVersion();
const cacheFile = path.join(root, `bench/.data/video-heldout/fingerprints-${version}.json`);
const cache: Record<string, StoredFp> = existsSync(cacheFile)
  ? (JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, StoredFp>)
  : {};
let fpMs = 0;
let fpCount = 0;
let fpVideoS = 0;
const failures: string[] = [];
/**
 * As the product does: a reference is sampled every REFERENCE_SAMPLE_EVERY_S (cases/videos.ts,
 * so that a candidate's off-grid frames find a near neighbour), a candidate at the default rate.
 */
async function fingerprint(
  file: string,
  role: 'reference' | 'candidate' = 'candidate',
): Promise<VideoFingerprint | null> {
  const sampleEveryS = role === 'reference' ? REFERENCE_SAMPLE_EVERY_S : undefined;
  const key = `${path.basename(file)}${sampleEveryS ? `@${sampleEveryS}` : ''}`;
  const hit = cache[key];
  if (hit) return fromStored(hit);
  const t0 = performance.now();
  try {
    const fp = await fingerprintVideo(file, { sampleEveryS });
    fpMs += performance.now() - t0;
    fpCount++;
    fpVideoS += fp.durationS;
    cache[key] = toStored(fp);
    return fp;
  } catch (e) {
    failures.push(`${key}: ${(e as Error).message}`);
    return null;
  }
}

const noCrop = process.argv.includes('--no-crop');
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** The crop stage's costs: CPU of ORB on reference keyframes, and of the whole stage per candidate. */
const crop = { refMs: 0, refKeyframes: 0, refs: 0, candMs: [] as number[] };
/** Per candidate through the crop stage: verified frames against any one reference (most). */
let lastVerified = 0;

/**
 * The frames the product keeps for the crop stage (decision 0104) and their features. Here a
 * second decode, because fingerprints come from the cache; the product keeps them during its one
 * decode (fingerprintVideo's onGreyFrame).
 */
async function keptFrames(file: string, role: 'reference' | 'candidate') {
  const keeper = role === 'reference' ? referenceKeeper() : candidateKeeper();
  const sampleEveryS = role === 'reference' ? REFERENCE_SAMPLE_EVERY_S : undefined;
  const fp = await fingerprintVideo(file, { sampleEveryS, onGreyFrame: keeper.take });
  // As video/decide.ts since decision 0122: lookAtCount(duration) frames of a candidate (4-8).
  // The runs of decision 0124 (engine 0d0c147) looked at VIDEO_CROP.candidateFrames = 4.
  return role === 'reference' ? keeper.all() : keeper.lookAt(fp.durationS);
}

/** A reference's keyframes, as registration keeps them. */
async function referenceKeyframes(file: string): Promise<VideoKeyframe[]> {
  const frames = await keptFrames(file, 'reference');
  const c0 = cpuMs();
  const kf = keyframeFeatures(frames);
  crop.refMs += cpuMs() - c0;
  crop.refKeyframes += kf.length;
  crop.refs++;
  return kf;
}

/** The crop stage on a candidate the hashes left unmatched; its CPU (features, votes, checks). */
async function cropStage(file: string, index: VideoFeatureIndex): Promise<CropMatch | undefined> {
  const frames = await keptFrames(file, 'candidate');
  const c0 = cpuMs();
  const perRef = new Map<string, Set<number>>();
  const onVerified = (key: string, f: { queryS: number }) =>
    perRef.set(key, (perRef.get(key) ?? new Set<number>()).add(f.queryS));
  // As video/decide.ts: the frames as they are, then mirrored left to right (decision 0122).
  const looks = keyframeFeaturesBothWays(frames);
  const found =
    cropMatch(index, looks.plain, 1, onVerified) ?? cropMatch(index, looks.mirrored, 1, onVerified);
  crop.candMs.push(cpuMs() - c0);
  lastVerified = Math.max(0, ...[...perRef.values()].map((x) => x.size));
  return found;
}

interface Tally {
  n: number;
  hit: number;
  /** found by the crop stage (the hashes had not) */
  crop: number;
  wrong: number;
  hitCli: number;
  wrongCli: number;
  qPct: number[];
  cPct: number[];
  /** CPU ms per candidate: matchVideo against every reference, and the crop stage when it ran. */
  cpu: number[];
}
const tally = (): Tally => ({
  n: 0,
  hit: 0,
  crop: 0,
  wrong: 0,
  hitCli: 0,
  wrongCli: 0,
  qPct: [],
  cPct: [],
  cpu: [],
});
const median = (xs: number[]) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN;
const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '–');
const SWEEP_S = [1, 2, 3, 4, 6];

async function evaluateHalf(corpus: VideoCorpus, half: Half) {
  const refs = corpus.references.filter((r) => r.half === half);
  const refFps = new Map<string, VideoFingerprint>();
  const features = new VideoFeatureIndex();
  for (const r of refs) {
    const fp = await fingerprint(r.file, 'reference');
    if (fp) refFps.set(r.id, fp);
    if (fp && !noCrop) features.set(r.id, await referenceKeyframes(r.file));
  }
  let matchMs = 0;
  let matchCalls = 0;
  /**
   * Every reference's comparison with one query, and both decisions on it; when the hashes match
   * no reference, the crop stage's (as the product runs it: only then).
   */
  const against = async (q: VideoFingerprint, file: string) => {
    const c0 = cpuMs();
    const res = refs.map((r) => {
      const rf = refFps.get(r.id);
      if (!rf) return { id: r.id, m: null, ok: false, okCli: false, byCrop: false };
      const t0 = performance.now();
      const m = matchVideo(q, rf);
      const ok = crawlerRule(m, q);
      matchMs += performance.now() - t0;
      matchCalls++;
      return { id: r.id, m, ok, okCli: cliRule(m, q), byCrop: false };
    });
    const cpu = cpuMs() - c0;
    if (noCrop || res.some((x) => x.ok)) return Object.assign(res, { cpu });
    const found = await cropStage(file, features);
    if (found) {
      const x = res.find((y) => y.id === found.videoKey)!;
      Object.assign(x, { ok: true, okCli: true, byCrop: true });
      cropLog.push(
        `${path.basename(file)} → ${found.videoKey}: ${found.frames.map((f) => `${f.queryS}→${f.refS} s (${f.inliers})`).join(', ')}`,
      );
    }
    return Object.assign(res, { cpu: cpu + crop.candMs.at(-1)! });
  };
  const cropLog: string[] = [];
  const byTransform = new Map<string, Tally>();
  const sweep = new Map<number, { hit: number; n: number; falses: number }>();
  for (const s of SWEEP_S) sweep.set(s, { hit: 0, n: 0, falses: 0 });
  const wrongPairs: string[] = [];
  const misses: string[] = [];
  const count = (
    transform: string,
    expected: string[],
    results: Awaited<ReturnType<typeof against>>,
    label: string,
  ) => {
    const t = byTransform.get(transform) ?? tally();
    byTransform.set(transform, t);
    t.cpu.push(results.cpu);
    for (const id of expected) {
      t.n++;
      const res = results.find((x) => x.id === id)!;
      if (res.ok) t.hit++;
      if (res.byCrop) t.crop++;
      if (!res.ok) misses.push(`${label} → ${id}`);
      if (res.okCli) t.hitCli++;
      if (res.m) {
        t.qPct.push(res.m.queryPct);
        t.cPct.push(res.m.comparePct);
      }
      for (const s of SWEEP_S) {
        const w = sweep.get(s)!;
        w.n++;
        if (res.m && segmentAtLeast(res.m, s)) w.hit++;
      }
    }
    for (const x of results.filter((x) => !expected.includes(x.id))) {
      if (x.ok) {
        t.wrong++;
        wrongPairs.push(`${label} → ${x.id}`);
      }
      if (x.okCli) t.wrongCli++;
    }
  };
  for (const r of refs) {
    for (const c of r.copies) {
      const q = await fingerprint(c.file);
      if (!q) continue;
      count(c.transform, [r.id], await against(q, c.file), `${r.id} ${c.transform}`);
    }
  }
  for (const c of corpus.compilations.filter((x) => x.half === half)) {
    const q = await fingerprint(c.file);
    if (!q) continue;
    const name = c.transform ?? 'compilation';
    count(name, c.refs, await against(q, c.file), `${name} ${c.refs.join('+')}`);
  }
  const falseItems: string[] = [];
  /** Unrelated videos per source package: how many, how many matched, CPU per video. */
  const byPkg = new Map<string, { n: number; matched: number; cpu: number[] }>();
  /** Frames of each unrelated video the crop stage verified against any one reference. */
  const unrelatedVerified: number[] = [];
  let falseCli = 0;
  const unrelated = corpus.unrelated.filter((u) => u.half === half);
  for (const u of unrelated) {
    const q = await fingerprint(u.file);
    if (!q) continue;
    lastVerified = 0;
    const res = await against(q, u.file);
    unrelatedVerified.push(lastVerified);
    const p = byPkg.get(u.pkg) ?? { n: 0, matched: 0, cpu: [] };
    byPkg.set(u.pkg, p);
    p.n++;
    p.cpu.push(res.cpu);
    if (res.some((x) => x.ok)) p.matched++;
    for (const x of res.filter((x) => x.ok)) falseItems.push(`${u.pkg} ${u.origins[0]} → ${x.id}`);
    if (res.some((x) => x.okCli)) falseCli++;
    for (const s of SWEEP_S) {
      if (res.some((x) => x.m && segmentAtLeast(x.m, s))) sweep.get(s)!.falses++;
    }
  }
  return {
    refs: refs.length,
    lowRefs: refs.filter((r) => {
      const fp = refFps.get(r.id);
      return !fp || fp.frames.every((f) => f.quality < 50);
    }).length,
    byTransform,
    wrongPairs,
    misses,
    falseItems,
    falseCli,
    byPkg,
    unrelated: unrelated.length,
    sweep,
    cropLog,
    unrelatedVerified,
    matchUs: (1000 * matchMs) / Math.max(1, matchCalls),
  };
}

if (!noCrop && !(await loadVerifier()))
  throw new Error('the crop stage needs OpenCV (loadVerifier)');
const t0 = performance.now();
const limit = (name: string) => (arg(name) ? Number(arg(name)) : undefined);
const corpus = await buildVideoCorpus(root, (l) => console.error(`  build: ${l}`), {
  halves,
  refs: limit('refs'),
  unrelated: limit('unrelated'),
  wide: process.argv.includes('--wide'),
  jobs: limit('jobs'),
});
const buildS = (performance.now() - t0) / 1000;
if (process.argv.includes('--build-only')) {
  console.log(`Built in ${buildS.toFixed(0)} s (--build-only).`);
  process.exit(0);
}

const lines: string[] = [];
const out = (s = '') => lines.push(s);
out(`Held-out video corpus (bench/video-heldout-corpus.ts, decision 0105): references 640 × 360,`);
out(`30 fps, 10 s, made from photographs by src/test-support/videos.ts; copies by`);
if (process.argv.includes('--wide'))
  out(
    `(widened, held-out only, decision 0124: 2 long references of ~72 s, a 3–5 s clip and a mirrored crop of each short reference, a phone screen recording of the first 8, compilations of five, near misses: bench/video-heldout-wide.ts)`,
  );
out(
  `bench/video-heldout-transforms.ts. Engine: fingerprintVideo (references every ${REFERENCE_SAMPLE_EVERY_S} s as cases/videos.ts registers them, candidates at the default 1 s) + matchVideo.`,
);
out(
  `Decision (one, decision 0106; **crawler** and **jium match** columns alike) = videoVerdict (segment ≥ ${VIDEO_RULE.minSegmentS} s of the candidate, or ≥ ${VIDEO_RULE.minQueryPct}% of a short candidate's frames).`,
);
out(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)}. Engine source ${version}.`,
);
out(`Corpus build (or cache check) ${buildS.toFixed(0)} s.`);

const results = new Map<Half, Awaited<ReturnType<typeof evaluateHalf>>>();
for (const half of halves) results.set(half, await evaluateHalf(corpus, half));
writeFileSync(cacheFile, JSON.stringify(Object.fromEntries(Object.entries(cache).sort())));

for (const half of halves) {
  const r = results.get(half)!;
  out();
  out(
    half === 'heldout'
      ? `### Held-out half (opencv-doc references; stellarium-data and lavfi unrelated)`
      : `### Tuning half (hugin-data references; hugin-data, xplanet-images and lavfi unrelated) — for tuning, not for reporting`,
  );
  out();
  out(
    `${r.refs} references (${r.lowRefs} with no frame of quality ≥ 50), ${r.unrelated} unrelated videos.`,
  );
  out();
  out(
    '| transform | crawler: found | recall % | of which by the crop stage | wrong ref | jium match: found | wrong ref | median query % | median compare % | CPU ms per candidate, median |',
  );
  out('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const all = tally();
  const names = [
    ...VIDEO_TRANSFORMS,
    'compilation',
    ...WIDE_TRANSFORMS,
    'compilation-5',
    ...LONG_TRANSFORMS,
  ];
  for (const name of names) {
    const t = r.byTransform.get(name);
    if (!t) continue;
    all.n += t.n;
    all.hit += t.hit;
    all.crop += t.crop;
    all.wrong += t.wrong;
    all.hitCli += t.hitCli;
    all.wrongCli += t.wrongCli;
    out(
      `| ${name} | ${t.hit}/${t.n} | ${pct(t.hit, t.n)} | ${t.crop} | ${t.wrong} | ${t.hitCli}/${t.n} | ${t.wrongCli} | ${median(t.qPct).toFixed(0)} | ${median(t.cPct).toFixed(0)} | ${median(t.cpu).toFixed(0)} |`,
    );
  }
  out(
    `| **all** | ${all.hit}/${all.n} | **${pct(all.hit, all.n)}** | ${all.crop} | ${all.wrong} | ${all.hitCli}/${all.n} (${pct(all.hitCli, all.n)}%) | ${all.wrongCli} | | | |`,
  );
  for (const [pkg, p] of r.byPkg)
    out(
      `| unrelated: ${pkg} | **${p.matched} of ${p.n} matched** | | | | | | | | ${median(p.cpu).toFixed(0)} |`,
    );
  out();
  out(
    `Unrelated videos matched — crawler: **${r.falseItems.length} of ${r.unrelated}**${r.falseItems.length ? ` (${r.falseItems.join('; ')})` : ''}; jium match: ${r.falseCli} of ${r.unrelated}.`,
  );
  if (r.wrongPairs.length) out(`Wrong references (crawler): ${r.wrongPairs.join('; ')}.`);
  if (r.misses.length) out(`Missed (crawler): ${r.misses.join('; ')}.`);
  out(`matchVideo + decision: ${r.matchUs.toFixed(0)} µs per (query, reference) pair.`);
  if (!noCrop)
    out(
      `Crop stage on unrelated videos: frames verified against any one reference (of the ${VIDEO_CROP.candidateFrames}–${VIDEO_CROP.maxCandidateFrames} looked at; ${VIDEO_CROP.minFrames} at consistent offsets match): ${r.unrelatedVerified.join(', ')}.`,
    );
  if (r.cropLog.length)
    out(`Crop stage matches (candidate s → reference s (inliers)): ${r.cropLog.join('; ')}.`);
  if (half === 'tuning') {
    out();
    out("The crawler rule's segment length on the tuning half:");
    out();
    out('| min segment s | recall % | unrelated matched |');
    out('|---:|---:|---:|');
    for (const [s, w] of r.sweep) out(`| ${s} | ${pct(w.hit, w.n)} | ${w.falses} |`);
  }
}
out();
if (!noCrop) {
  const c = crop.candMs;
  out(
    `Crop stage (decision 0104; ${JSON.stringify(VIDEO_CROP)}): ${crop.refKeyframes} keyframes of ${crop.refs} references, ORB ${(crop.refMs / Math.max(1, crop.refKeyframes)).toFixed(0)} ms CPU per keyframe; ${c.length} candidates went through it (the hashes found nothing): CPU per candidate median ${median(c).toFixed(0)} ms, max ${Math.max(0, ...c).toFixed(0)} ms, mean ${(c.reduce((a, b) => a + b, 0) / Math.max(1, c.length)).toFixed(0)} ms (features of the frames looked at, votes, verification; the decode is the fingerprint's).`,
  );
} else out('Crop stage off (--no-crop).');
out(
  fpCount
    ? `Fingerprinted ${fpCount} videos (${fpVideoS.toFixed(0)} s of video) in ${(fpMs / 1000).toFixed(0)} s of wall clock: ${(fpVideoS / (fpMs / 1000)).toFixed(1)} s of video per second (the rest came from the cache).`
    : `Fingerprints from the cache (engine source unchanged).`,
);
if (failures.length) out(`Fingerprint failures: ${failures.join('; ')}`);
const text = lines.join('\n');
console.log(text);
writeFileSync(path.join(root, 'bench/.data/video-heldout.md'), text + '\n');
