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
 * `--workers=N` adds an experiment (decision 0056): the same contents fingerprinted whole (decode
 * and hashes) in N worker threads, to see whether taking the hashing off the main thread helps on
 * this machine. The crawler does not use it.
 *
 * Run: `npm run bench -- crawl-vs-hashing` (the RESULTS section is rewritten between its markers).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { bestMatch, fingerprint } from '../src/engine/fingerprint';
import { loadReferences } from '../src/engine/crawl/reference-index';
import { CrawlRunner } from '../src/engine/crawl/runner';
import { insertRun, insertSite } from '../src/engine/crawl/sites';
import { createTestCaseFile, localSite } from '../src/engine/crawl/test-case-file';
import { demoReference } from '../e2e/fixture-site/images';
import { startFixtureSite } from '../e2e/fixture-site/site';

const CONCURRENCY = 8;
const ROUNDS = Number(/--rounds=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 3);

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

async function crawl(site: { origin: string }, references: Buffer[], profile: boolean) {
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
  }).run();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
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
  return { seconds, cpuMs: (cpu.user + cpu.system) / 1000, run, urls, hashed, refs, prof };
}

/** Runs `work` on every item with at most CONCURRENCY in flight; returns seconds and CPU ms. */
async function pool<T>(items: T[], work: (item: T) => Promise<unknown>) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  return { seconds: (performance.now() - t0) / 1000, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** A worker thread of the --workers experiment: fingerprints what it is sent. */
if (!isMainThread) {
  parentPort!.on('message', (m: { id: number; body: Uint8Array }) => {
    fingerprint(Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength), {
      role: 'candidate',
    }).then(
      (fp) => parentPort!.postMessage({ id: m.id, ok: fp.pdq.hex }),
      () => parentPort!.postMessage({ id: m.id }),
    );
  });
  await new Promise(() => undefined);
}

/** N worker threads running this file; `run` sends a body to the least busy and awaits its hash. */
function workerPool(n: number) {
  const workers = Array.from({ length: n }, () => {
    const w = new Worker(fileURLToPath(import.meta.url));
    const waiting = new Map<number, () => void>();
    w.on('message', (m: { id: number }) => {
      waiting.get(m.id)?.();
      waiting.delete(m.id);
    });
    return { w, waiting };
  });
  let id = 0;
  return {
    run(body: Buffer): Promise<void> {
      const least = workers.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
      const copy = Uint8Array.from(body); // transferred: the sender keeps its own bytes
      const my = ++id;
      return new Promise<void>((resolve) => {
        least.waiting.set(my, resolve);
        least.w.postMessage({ id: my, body: copy }, [copy.buffer]);
      });
    },
    close: () => Promise.all(workers.map((w) => w.w.terminate())),
  };
}

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

async function fixtureInChild(): Promise<{ origin: string; close(): Promise<void> }> {
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
  await pool(contents.slice(0, 16), (b) => fingerprint(b, options).catch(() => undefined)); // warm
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const plain = r === 0 ? first : await crawl(site, references, false);
    const hashOnly = await pool(contents, (b) => fingerprint(b, options).catch(() => undefined));
    const hashMatch = await pool(contents, async (b) => {
      const fp = await fingerprint(b, options).catch(() => undefined);
      if (fp) bestMatch(first.refs, fp);
    });
    rounds.push({ plain, hashOnly, hashMatch });
  }
  const workersArg = Number(/--workers=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 0);
  const inWorkers: { seconds: number; cpuMs: number }[] = [];
  if (workersArg > 0) {
    const wp = workerPool(workersArg);
    await pool(contents.slice(0, 16), (b) => wp.run(b)); // warm
    for (let r = 0; r < ROUNDS; r++) {
      const inMain = await pool(contents, (b) => fingerprint(b, options).catch(() => undefined));
      const inPool = await pool(contents, (b) => wp.run(b));
      inWorkers.push(inMain, inPool);
    }
    await wp.close();
  }
  const loadEnd = loadavg()[0]!.toFixed(1);
  const profiled = await crawl(site, references, true);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const plain = {
    seconds: median(rounds.map((r) => r.plain.seconds)),
    cpuMs: median(rounds.map((r) => r.plain.cpuMs)),
    run: first.run,
  };
  const hashOnly = {
    seconds: median(rounds.map((r) => r.hashOnly.seconds)),
    cpuMs: median(rounds.map((r) => r.hashOnly.cpuMs)),
  };
  const hashMatch = {
    seconds: median(rounds.map((r) => r.hashMatch.seconds)),
    cpuMs: median(rounds.map((r) => r.hashMatch.cpuMs)),
  };
  const perRound = rounds
    .map((r) => `×${(r.hashOnly.seconds / r.plain.seconds).toFixed(2)}`)
    .join(', ');
  const cpuPerRound = rounds
    .map((r) => `×${(r.hashOnly.cpuMs / r.plain.cpuMs).toFixed(2)}`)
    .join(', ');

  const rows = [
    ['Jium http crawl (fetch, sniff, hash, decide, SQLite, evidence)', plain.seconds, plain.cpuMs],
    ['the same contents: fingerprint only', hashOnly.seconds, hashOnly.cpuMs],
    ['the same contents: fingerprint + decision', hashMatch.seconds, hashMatch.cpuMs],
  ] as const;
  const n = contents.length;
  const table = [
    `| work | contents | seconds | contents/s | CPU ms per content | ratio to the crawl's contents/s |`,
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      ([what, s, cpu]) =>
        `| ${what} | ${n} | ${s.toFixed(2)} | ${(n / s).toFixed(1)} | ${(cpu / n).toFixed(1)} | ×${(plain.seconds / s).toFixed(2)} |`,
    ),
  ].join('\n');

  const workersText = inWorkers.length
    ? [
        '',
        `Experiment (\`--workers=${workersArg}\`, not what the crawler does): the same contents fingerprinted whole in ${workersArg} worker threads against the main thread, ${CONCURRENCY} in flight, alternating:`,
        '',
        '| round | main thread: s | CPU ms per content | worker threads: s | CPU ms per content | speed-up |',
        '|---:|---:|---:|---:|---:|---:|',
        ...Array.from({ length: inWorkers.length / 2 }, (_, r) => {
          const [m, w] = [inWorkers[2 * r]!, inWorkers[2 * r + 1]!];
          return `| ${r + 1} | ${m.seconds.toFixed(2)} | ${(m.cpuMs / n).toFixed(1)} | ${w.seconds.toFixed(2)} | ${(w.cpuMs / n).toFixed(1)} | ×${(m.seconds / w.seconds).toFixed(2)} |`;
        }),
      ].join('\n')
    : '';
  const bundle = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  const stages = [...breakdown(profiled.prof!, sourceMap(bundle))].sort((a, b) => b[1] - a[1]);
  const total = stages.reduce((a, [, ms]) => a + ms, 0);
  const idle = stages.find(([s]) => s.startsWith('idle'))?.[1] ?? 0;
  const mainBusy = total - idle;
  const offMain = Math.max(0, profiled.cpuMs - mainBusy);
  const profileTable = [
    "| where the main thread's time went (profiled crawl) | ms | share of wall time |",
    '|---|---:|---:|',
    ...stages.map(([s, ms]) => `| ${s} | ${ms.toFixed(0)} | ${((ms / total) * 100).toFixed(1)}% |`),
    `| **CPU outside the main thread** (libvips decode threads, libuv pool): process CPU ${profiled.cpuMs.toFixed(0)} ms − main-thread busy ${mainBusy.toFixed(0)} ms | ${offMain.toFixed(0)} | (on other cores) |`,
  ].join('\n');

  const ratio = hashOnly.seconds / plain.seconds;
  out = `<!-- crawl-vs-hashing:start -->
## Crawl against its own hashing (bench/crawl-vs-hashing.bench.ts, issue 19 item 8)

Fixture site on 127.0.0.1 without its slow traps (/slow, /hostile), http mode, politeness off,
concurrency ${CONCURRENCY}, 3 demo references;
measured ${new Date().toISOString().slice(0, 10)} on the 2-core machine, load average ${load} at the start and ${loadEnd} at the end
(${Math.max(Number(load), Number(loadEnd)) > 2.5 ? 'other work was running: not a quiet figure; wall-clock ratios move with it, CPU time per content less' : 'quiet'}).
The fixture site is served from a child process (its CPU is not counted). The crawl fetched ${plain.run.images} images on ${plain.run.pages} pages and hashed ${first.hashed} distinct
contents; the rows below fingerprint those ${n} contents again in the same process, at the same
concurrency (bodies fetched beforehand, not timed). ${ROUNDS} rounds (crawl, then both hashing rows);
each figure is the median of its rounds.

${table}

**Crawl contents/s ÷ hashing-only contents/s = ×${ratio.toFixed(2)}** (target ≥ 0.8; rounds: ${perRound}).
By CPU time: hashing-only CPU ÷ the crawl's CPU for the same contents = ×${(hashOnly.cpuMs / plain.cpuMs).toFixed(2)} (rounds: ${cpuPerRound}).
${workersText}

${profileTable}

Profiled crawl: ${profiled.seconds.toFixed(2)} s wall (sampling adds overhead; the unprofiled run above is
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
