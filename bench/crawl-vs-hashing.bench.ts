/**
 * Issue 19 item 8: is the crawl as fast as its hashing? Crawls the fixture site in http mode
 * (politeness off, concurrency 8, the demo references loaded), then fingerprints the very image
 * contents that crawl fetched, in the same process and at the same concurrency: once hashing only
 * (`fingerprint`, as the crawler calls it) and once hashing + deciding (`fingerprint` + `bestMatch`
 * against the same references). The ratio is hashing seconds / crawl seconds for the same
 * contents: 1.0 would mean the crawl costs nothing beyond its hashing.
 *
 * Where the crawl's time goes: the crawl runs under the V8 sampling profiler (main thread). Each
 * sample is charged to the innermost Jium source file on its stack (the bundle's `// src/…` markers
 * map lines back to files), grouped into stages; samples with no Jium frame are Node and library
 * work (sockets, HTTP parsing, promise plumbing) or idle. CPU outside the main thread (sharp's
 * libvips threads, the libuv pool) is the process's CPU time minus the main thread's busy samples.
 *
 * The crawl and the two hashing rows run in several rounds, one after the other (3 by default,
 * `--rounds=N`): the table shows each row's median, and every round's ratio is printed, since
 * other work on a shared machine moves single figures. CPU time per content is the steadier figure
 * under load: its ratio is printed too.
 *
 * The crawl also runs with its hashing in a pool of worker threads (`--pool=N`, 1 by default,
 * `--pool=0` to leave it out; decision 0057), alternating with the plain crawl, and the contents are
 * hashed alone in that pool too: the pooled crawl's ratio is given against the faster of the two
 * ways of hashing alone, so that moving the hashing cannot flatter the crawl.
 *
 * Run: `npm run bench -- crawl-vs-hashing` (the RESULTS section is rewritten between its markers).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerData } from 'node:worker_threads';
import { bestMatch, fingerprint } from '../src/engine/fingerprint';
import { loadReferences } from '../src/engine/crawl/reference-index';
import {
  HashPool,
  hashPoolSize,
  serveIfPoolWorker,
  sharedHashPool,
  type PoolUsage,
} from '../src/engine/crawl/hash-pool';
import { CrawlRunner } from '../src/engine/crawl/runner';
import { insertRun, insertSite } from '../src/engine/crawl/sites';
import { createTestCaseFile, localSite } from '../src/engine/crawl/test-case-file';
import { demoReference } from '../e2e/fixture-site/images';
import { startFixtureSite } from '../e2e/fixture-site/site';
import { median, processCpuMs, roundsText, usageSince } from './crawl-bench-support';

const CONCURRENCY = 8;
/** Cores of the machine the model of an idle machine assumes. */
const CORES = availableParallelism();
const ROUNDS = Number(/--rounds=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 3);
/** Worker threads of the hash pool the pooled rows use (decision 0057); `--pool=0` leaves them out. */
const POOL = Number(/--pool=(\d+)/.exec(process.argv.join(' '))?.[1] ?? hashPoolSize());
/** The runner's own pool (the process's, as in production) unless --pool asks for another size. */
const PRODUCTION_POOL = POOL === hashPoolSize();
process.env['JIUM_HASH_WORKER'] = fileURLToPath(import.meta.url);

type RowKey = 'crawl' | 'pooled' | 'hash' | 'hashPooled' | 'decide';
const ROW_NAMES: Record<RowKey, string> = {
  crawl:
    'Jium http crawl, hashing on its main thread (fetch, sniff, hash, decide, SQLite, evidence)',
  pooled: `Jium http crawl, hashing in a pool of ${POOL} worker thread${POOL > 1 ? 's' : ''}`,
  hash: 'the same contents: fingerprint only, main thread',
  hashPooled: `the same contents: fingerprint only, in the pool of ${POOL}`,
  decide: 'the same contents: fingerprint + decision, main thread',
};

/** Stages, by the Jium source file innermost on a sample's stack. */
const STAGES: [string, RegExp][] = [
  [
    'fetch (guarded fetcher, redirects, robots, address checks)',
    /crawl\/(fetcher|follow-redirects|guarded-lookup|ip-guard|robots|robots-cache|politeness)\.ts/,
  ],
  ['HTML: parse, extract links and images', /crawl\/(extract-html|page-task|url-rules)\.ts/],
  ['sniff and header size', /crawl\/(sniff|image-size|iso-boxes)\.ts|core\/sniff/],
  [
    'decode + hashes (sharp, PDQ, blockhash, variants)',
    /fingerprint\/(?!reference-set|verify|features|orb|proposal)/,
  ],
  [
    'decision (index, rule, verification)',
    /fingerprint\/(reference-set|verify|features|orb|proposal)|similarity\/|crawl\/(reference-index|retro-match)\.ts/,
  ],
  [
    'SQLite: frontier, outcomes, sightings, matches',
    /crawl\/(run-store|frontier|sightings|sites|task-outcome|record-outcome|outcome-queue|run-lease)\.ts|matches\/|db\//,
  ],
  ['evidence', /crawl\/evidence\.ts/],
  ['runner (scheduling, tasks)', /crawl\/(runner|image-task|task-points|run-job|crawl-env)\.ts/],
];

interface Profile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Line ranges of the bundle → the source file esbuild wrote above them (`// src/…/x.ts`). */
function sourceMap(bundle: string): (line: number) => string | undefined {
  const marks: { line: number; file: string }[] = [];
  bundle.split('\n').forEach((text, line) => {
    const m = /^\/\/ ((?:src|e2e|bench)\/\S+\.tsx?)$/.exec(text);
    if (m) marks.push({ line, file: m[1]! });
  });
  return (line) => {
    let lo = 0;
    let hi = marks.length - 1;
    let found: string | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (marks[mid]!.line <= line) {
        found = marks[mid]!.file;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

/** Milliseconds per stage, from a main-thread CPU profile. */
function breakdown(profile: Profile, fileOf: (line: number) => string | undefined) {
  const self = import.meta.url;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stageOf = new Map<number, string>();
  const classify = (id: number): string => {
    const memo = stageOf.get(id);
    if (memo) return memo;
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    let stage: string | undefined;
    if (name === '(idle)') stage = 'idle (waiting for network, threads or timers)';
    else if (name === '(garbage collector)') stage = 'garbage collection';
    else if (name === '(program)') stage = 'V8 and native code outside JavaScript frames';
    else {
      for (let at: number | undefined = id; at !== undefined && !stage; at = parent.get(at)) {
        const frame = byId.get(at)!.callFrame;
        if (frame.url !== self) continue;
        const file = fileOf(frame.lineNumber);
        if (!file || !file.startsWith('src/')) continue;
        stage =
          STAGES.find(([, re]) => re.test(file))?.[0] ??
          `other Jium code (${file.replace(/^src\/engine\//, '')})`;
      }
      stage ??= 'Node and libraries with no Jium frame (sockets, HTTP parsing, promises)';
    }
    stageOf.set(id, stage);
    return stage;
  };
  const ms = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const stage = classify(id);
    ms.set(stage, (ms.get(stage) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return ms;
}

async function crawl(
  site: { origin: string; pid: number },
  references: Buffer[],
  profile: boolean,
  hashPool?: HashPool,
) {
  const cf = await createTestCaseFile(references);
  const db = cf.file.db;
  const config = localSite(site.origin, {
    maxDepth: 20,
    maxPages: 500,
    // The fixture's slow traps (/slow waits 1.2 s, /hostile's drip holds a slot for its body clock
    // twice) measure timeouts, not throughput: this bench leaves them out (crawl-throughput keeps them).
    pathPatterns: ['/$', '/gallery/', '/lazy/', '/styles', '/share', '/moved/'],
    concurrencyPerHost: CONCURRENCY,
    renderMode: 'http',
    timeoutSeconds: 2,
  });
  const siteId = insertSite(db, config, new Date());
  const runId = insertRun(db, siteId, config, new Date());
  const session = new Session();
  if (profile) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  const cpu0 = process.cpuUsage();
  const main0 = process.threadCpuUsage();
  const server0 = processCpuMs(site.pid);
  const use0 = hashPool?.usage();
  const t0 = performance.now();
  await new CrawlRunner({
    db,
    runId,
    siteId,
    config,
    references: loadReferences(db),
    renderer: null,
    polite: false,
    maxConcurrency: CONCURRENCY,
    // Without a pool: hashing on the main thread. With the process's pool: the runner takes it
    // itself (the production path); with another size: that pool.
    ...(hashPool === undefined
      ? { fingerprint }
      : PRODUCTION_POOL
        ? {}
        : { fingerprint: hashPool.fingerprint }),
  }).run();
  const seconds = (performance.now() - t0) / 1000;
  const serverMs = processCpuMs(site.pid) - server0;
  const poolUse = use0 && usageSince(use0, hashPool!.usage());
  const cpu = process.cpuUsage(cpu0);
  const main = process.threadCpuUsage(main0);
  const prof = profile
    ? ((await session.post('Profiler.stop')) as { profile: Profile }).profile
    : undefined;
  session.disconnect();
  const run = db.prepare('SELECT pages, images FROM crawl_runs WHERE id = ?').get(runId) as {
    pages: number;
    images: number;
  };
  const urls = (
    db.prepare('SELECT DISTINCT image_url FROM crawl_sightings WHERE run_id = ?').all(runId) as {
      image_url: string;
    }[]
  ).map((r) => r.image_url);
  const hashed = (db.prepare('SELECT COUNT(*) AS n FROM crawl_image_hashes').get() as { n: number })
    .n;
  const refs = loadReferences(db);
  cf.cleanup();
  const mainMs = (main.user + main.system) / 1000;
  return {
    seconds,
    cpuMs: (cpu.user + cpu.system) / 1000,
    mainMs,
    serverMs,
    poolUse,
    run,
    urls,
    hashed,
    refs,
    prof,
  };
}

/** Runs `work` on every item with at most CONCURRENCY in flight; returns seconds and CPU ms. */
async function pool<T>(items: T[], work: (item: T) => Promise<unknown>, hashPool?: HashPool) {
  const use0 = hashPool?.usage();
  const cpu0 = process.cpuUsage();
  const main0 = process.threadCpuUsage();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  const main = process.threadCpuUsage(main0);
  return {
    seconds: (performance.now() - t0) / 1000,
    cpuMs: (cpu.user + cpu.system) / 1000,
    mainMs: (main.user + main.system) / 1000,
    serverMs: 0,
    poolUse: use0 && usageSince(use0, hashPool!.usage()),
  };
}

/** This file is also the hash pool's worker script (decision 0057). */
if (serveIfPoolWorker(workerData)) await new Promise(() => undefined);

/**
 * The fixture site runs in a child process (this same file, with JIUM_FIXTURE_CHILD set), so that
 * serving it costs the measured process nothing: its CPU and event loop are the crawl's alone.
 */
if (process.env['JIUM_FIXTURE_CHILD']) {
  const child = await startFixtureSite();
  process.stdout.write(`${child.origin}\n`);
  process.on('disconnect', () => void child.close().then(() => process.exit(0)));
  await new Promise(() => undefined);
}

async function fixtureInChild(): Promise<{ origin: string; pid: number; close(): Promise<void> }> {
  const proc = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
    env: { ...process.env, JIUM_FIXTURE_CHILD: '1' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    proc.on('exit', (code) => reject(new Error(`fixture site exited with ${code}`)));
  });
  return {
    origin,
    pid: proc.pid!,
    close: async () => {
      proc.disconnect();
      await new Promise((r) => proc.once('exit', r));
    },
  };
}

const site = await fixtureInChild();
const references = await Promise.all([0, 1, 2].map(demoReference));
let out: string;
try {
  await crawl(site, references, false); // warm-up: the fixture generates its images on first request
  const load = loadavg()[0]!.toFixed(1);
  const first = await crawl(site, references, false);

  // The contents the crawl fetched as images, each once (the crawl hashes a content once per SHA-256).
  const bodies = new Map<string, Buffer>();
  for (const url of first.urls) {
    const r = await fetch(url);
    if (!r.ok) continue;
    const body = Buffer.from(await r.arrayBuffer());
    bodies.set(createHash('sha256').update(body).digest('hex'), body);
  }
  const contents = [...bodies.values()];
  const options = { role: 'candidate' as const };
  // What starting a pool costs a run that starts one (each run did before decision 0054): a new
  // pool's first answer, less a warm pool's answer for the same body.
  const startup = new HashPool(fileURLToPath(import.meta.url), POOL);
  let t = performance.now();
  await startup.fingerprint(contents[0]!, options).catch(() => undefined);
  const coldMs = performance.now() - t;
  t = performance.now();
  await startup.fingerprint(contents[0]!, options).catch(() => undefined);
  const startupMs = coldMs - (performance.now() - t);
  await startup.close();
  const hashPool =
    POOL === 0
      ? undefined
      : PRODUCTION_POOL
        ? sharedHashPool()!
        : new HashPool(fileURLToPath(import.meta.url), POOL);
  const inPool = (b: Buffer) => hashPool!.fingerprint(b, options).catch(() => undefined);
  await pool(contents.slice(0, 16), (b) => fingerprint(b, options).catch(() => undefined)); // warm
  if (hashPool) await pool(contents.slice(0, 16), inPool);
  type Measure = {
    seconds: number;
    cpuMs: number;
    mainMs: number;
    serverMs: number;
    poolUse: PoolUsage | undefined;
  };
  const rounds: Record<RowKey, Measure>[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const m = {} as Record<RowKey, Measure>;
    // The two crawls alternate their order from round to round, so neither always runs first.
    const crawls: RowKey[] = hashPool
      ? r % 2
        ? ['pooled', 'crawl']
        : ['crawl', 'pooled']
      : ['crawl'];
    for (const k of crawls) {
      m[k] =
        k === 'crawl'
          ? r === 0
            ? first
            : await crawl(site, references, false)
          : await crawl(site, references, false, hashPool);
    }
    m.hash = await pool(contents, (b) => fingerprint(b, options).catch(() => undefined));
    if (hashPool) m.hashPooled = await pool(contents, inPool, hashPool);
    m.decide = await pool(contents, async (b) => {
      const fp = await fingerprint(b, options).catch(() => undefined);
      if (fp) bestMatch(first.refs, fp);
    });
    rounds.push(m);
  }
  const loadEnd = loadavg()[0]!.toFixed(1);
  const profiled = await crawl(site, references, true);
  const profiledPool = hashPool ? await crawl(site, references, true, hashPool) : undefined;
  await hashPool?.close();
  const keys = Object.keys(rounds[0]!) as RowKey[];
  const med = Object.fromEntries(
    keys.map((k) => [
      k,
      {
        seconds: median(rounds.map((r) => r[k].seconds)),
        cpuMs: median(rounds.map((r) => r[k].cpuMs)),
        mainMs: median(rounds.map((r) => r[k].mainMs)),
        serverMs: median(rounds.map((r) => r[k].serverMs)),
        poolUse: undefined,
      },
    ]),
  ) as Record<RowKey, Measure>;
  const n = contents.length;
  /**
   * What a row would take on 2 idle cores, by its CPU times alone (a model, not a measurement):
   * no less than its busiest thread's CPU, nor than its process CPU shared by the 2 cores. A
   * pool's worker thread runs what the main thread runs when hashing alone (the `hash` row's
   * main-thread CPU of the same round); libvips' decode threads are not serial.
   */
  const bound = (r: Record<RowKey, Measure>, k: RowKey) =>
    Math.max(
      r[k].mainMs,
      r[k].cpuMs / CORES,
      k === 'pooled' || k === 'hashPooled' ? r.hash.mainMs : 0,
    );
  const medBound = (k: RowKey) => median(rounds.map((r) => bound(r, k)));
  const table = [
    `| work | contents | seconds | contents/s | CPU ms per content | main thread's CPU ms per content | ms per content on ${CORES} idle cores (model) | ratio to the crawl's contents/s |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...keys.map(
      (k) =>
        `| ${ROW_NAMES[k]} | ${n} | ${med[k].seconds.toFixed(2)} | ${(n / med[k].seconds).toFixed(1)} | ${(med[k].cpuMs / n).toFixed(1)} | ${(med[k].mainMs / n).toFixed(1)} | ${(medBound(k) / n).toFixed(1)} | ×${(med.crawl.seconds / med[k].seconds).toFixed(2)} |`,
    ),
  ].join('\n');
  /** A crawl's ratios to hashing: wall (contents/s) and CPU, median and per round. */
  const ratios = (c: RowKey, h: (r: Record<RowKey, Measure>) => Measure) => {
    const wall = rounds.map((r) => h(r).seconds / r[c].seconds);
    const cpu = rounds.map((r) => h(r).cpuMs / r[c].cpuMs);
    const list = (xs: number[]) => xs.map((x) => `×${x.toFixed(2)}`).join(', ');
    const idle = rounds.map((r) => {
      const hr = h(r);
      return bound(r, hr === r.hashPooled ? 'hashPooled' : 'hash') / bound(r, c);
    });
    return `wall ${roundsText(wall)}, CPU ×${median(cpu).toFixed(2)} (rounds: ${list(cpu)}), on ${CORES} idle cores (model) ×${median(idle).toFixed(2)} (rounds: ${list(idle)})`;
  };
  // The fairer hashing figure: the faster of the two ways of hashing alone, round by round.
  const best = (r: Record<RowKey, Measure>) =>
    r.hashPooled && r.hashPooled.seconds < r.hash.seconds ? r.hashPooled : r.hash;
  const ratioText = [
    `**The crawl (hashing on its main thread) ÷ hashing only on the main thread:** ${ratios('crawl', (r) => r.hash)}.`,
    ...(hashPool
      ? [
          `**The crawl with its hashing in ${POOL} worker thread${POOL > 1 ? 's' : ''} ÷ hashing only on the main thread:** ${ratios('pooled', (r) => r.hash)}.`,
          `**The same ÷ the faster of hashing only on the main thread and in the pool** (round by round): ${ratios('pooled', best)}.`,
        ]
      : []),
    `(Wall: crawl contents/s ÷ hashing contents/s; CPU: hashing CPU ÷ crawl CPU for the same contents; idle cores: the same ratio of the model's times — each row's time taken as the larger of its busiest thread's CPU and its process CPU ÷ ${CORES}, which is what a quiet machine would show if nothing but CPU limited it; target ≥ 0.8.)`,
  ].join('\n');
  /** Where the pooled crawl's wall time goes that hashing alone in the pool does not spend. */
  const accountingTable = (() => {
    if (!hashPool) return '';
    const cols: RowKey[] = ['pooled', 'hashPooled'];
    const med = (k: RowKey, f: (m: Measure, u: PoolUsage) => number) =>
      median(rounds.map((r) => f(r[k], r[k].poolUse!)));
    const line = (what: string, f: (m: Measure, u: PoolUsage) => number, digits = 0) =>
      `| ${what} | ${cols.map((k) => med(k, f).toFixed(digits)).join(' | ')} |`;
    return [
      `| median of ${ROUNDS} rounds | the crawl, hashing in the pool | hashing alone in the pool |`,
      '|---|---:|---:|',
      line('wall time, ms', (m) => m.seconds * 1000),
      line('pool busy (a request outstanding), ms', (_, u) => u.busyMs),
      line('pool idle while the row ran (wall − busy), ms', (m, u) => m.seconds * 1000 - u.busyMs),
      line('pool busy, % of wall', (m, u) => (u.busyMs / (m.seconds * 1000)) * 100),
      line('requests in the pool while busy, mean', (_, u) => u.depthMs / u.busyMs, 1),
      line("pool workers' JavaScript (event loop active), ms", (_, u) => u.activeMs),
      line("main thread's CPU, ms", (m) => m.mainMs),
      line('process CPU (main, pool, libvips threads), ms', (m) => m.cpuMs),
      line("fixture site's CPU (its own process), ms", (m) => m.serverMs),
      line(
        `the ${CORES} cores' CPU used by both processes, % of ${CORES} × wall`,
        (m) => ((m.cpuMs + m.serverMs) / (CORES * m.seconds * 1000)) * 100,
      ),
    ].join('\n');
  })();
  const bundle = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  const fileOf = sourceMap(bundle);
  const profiles = [profiled, ...(profiledPool ? [profiledPool] : [])].map((p) => {
    const stages = breakdown(p.prof!, fileOf);
    const total = [...stages.values()].reduce((a, ms) => a + ms, 0);
    const idle = [...stages].find(([s]) => s.startsWith('idle'))?.[1] ?? 0;
    return { p, stages, total, busy: total - idle };
  });
  const stageNames = [...profiles[0]!.stages].sort((a, b) => b[1] - a[1]).map(([s]) => s);
  for (const x of profiles.slice(1))
    for (const s of x.stages.keys()) if (!stageNames.includes(s)) stageNames.push(s);
  const cell = (x: (typeof profiles)[number], s: string) => {
    const ms = x.stages.get(s) ?? 0;
    return `${ms.toFixed(0)} | ${((ms / x.total) * 100).toFixed(1)}%`;
  };
  const profileTable = [
    `| where the main thread's time went (profiled crawl) | ms | share of wall time |${profiledPool ? ' with the hash pool: ms | share |' : ''}`,
    `|---|---:|---:|${profiledPool ? '---:|---:|' : ''}`,
    ...stageNames.map((s) => `| ${s} | ${profiles.map((x) => cell(x, s)).join(' | ')} |`),
    `| **CPU outside the main thread** (libvips decode threads, libuv pool${profiledPool ? ', the hash pool' : ''}): process CPU − main-thread busy | ${profiles.map((x) => `${Math.max(0, x.p.cpuMs - x.busy).toFixed(0)} | (${x.p.cpuMs.toFixed(0)} − ${x.busy.toFixed(0)})`).join(' | ')} |`,
  ].join('\n');

  out = `<!-- crawl-vs-hashing:start -->
## Crawl against its own hashing (bench/crawl-vs-hashing.bench.ts, issue 19 item 8)

Fixture site on 127.0.0.1 without its slow traps (/slow, /hostile), http mode, politeness off,
concurrency ${CONCURRENCY}, 3 demo references;
measured ${new Date().toISOString().slice(0, 10)} on the 2-core machine, load average ${load} at the start and ${loadEnd} at the end
(${Math.max(Number(load), Number(loadEnd)) > 2.5 ? 'other work was running: not a quiet figure; wall-clock ratios move with it, CPU time per content less' : 'quiet'}).
The fixture site is served from a child process (its CPU is not counted). The crawl fetched ${first.run.images} images on ${first.run.pages} pages and hashed ${first.hashed} distinct
contents; the rows below fingerprint those ${n} contents again in the same process, at the same
concurrency (bodies fetched beforehand, not timed). ${ROUNDS} rounds (the crawls, then the hashing rows);
each figure is the median of its rounds.

${table}

${ratioText}

${accountingTable}
${hashPool ? `\nA new pool's start-up (its first answer less a warm pool's for the same body): ${startupMs.toFixed(0)} ms, paid by every run before decision 0054, once per process since.\n` : ''}
${profileTable}

Profiled crawl: ${profiles.map((x) => `${x.p.seconds.toFixed(2)} s`).join(' and ')} wall (sampling adds overhead; the unprofiled run above is
the throughput figure).
<!-- crawl-vs-hashing:end -->`;
  console.log(out);
} finally {
  await site.close();
}
const resultsPath = join(process.cwd(), 'bench/RESULTS.md');
const current = readFileSync(resultsPath, 'utf8');
writeFileSync(
  resultsPath,
  current.includes('<!-- crawl-vs-hashing:start -->')
    ? current.replace(/<!-- crawl-vs-hashing:start -->[\s\S]*<!-- crawl-vs-hashing:end -->/, out)
    : current.replace('<!-- crawl:end -->', `<!-- crawl:end -->\n\n${out}`),
);
