/**
 * The centre's crawl on 1, 2 and 4 worker processes against the same crawl in one process (issue
 * 16 targets), every row a real crawl through the built product (out/host/cli.js):
 *
 * - a case file made through the contract (admin, counsellor, a case with a benign reference
 *   registered; passphrase set, so evidence is sealed as at a centre) and a site configured by the
 *   admin; each row crawls its own copy of it, so no row sees another's images;
 * - a 127.0.0.1 fixture site: a front page linking PAGES pages of ~5 KB, each with two distinct
 *   benign 480x360 JPEG photographs, and a recompressed copy of the reference planted on one page;
 * - the centre server `jium serve --listen 127.0.0.1:0` (TLS, self-signed, pinned by key; it
 *   prints its bound port) with `--redis` on a fresh redis-server for the worker rows, and N
 *   `jium worker --redis` processes enrolled with one-time codes the admin made at a desk;
 * - the crawl started as the Crawls page starts it: `crawls.start` from a signed-in admin desk
 *   (cookie, CSRF token, pinned TLS), its end seen with `crawls.list` from the same desk.
 *
 * The single-process row is the same crawl by `jium serve --listen` without --redis (the crawl
 * runs in its worker thread). It runs first and last; ratios are against the mean of those two.
 * CPU is user+system time from /proc of the server, the workers and Redis over the crawl (the
 * fixture site is this process). A row is reported as failed, not as a speed, unless it crawled
 * every page and image and found the planted copy exactly once.
 *
 * `npm run bench -- centre-workers` (builds first); `--pages=N` (default 100; 20 for a quick run,
 * whose CPU per page is mostly each crawl's start-up: 10 pages cost 331–380 ms per page in one
 * process against 155–165 at 100);
 * `--profile=DIR` writes each server's V8 CPU profile to DIR.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoReference, pictureJpeg, plantedCopy } from '../e2e/fixture-site/images';
import { localSite } from '../src/engine/crawl/test-case-file';
import { startTestServer, type Route } from '../src/engine/crawl/test-server';
import type { CrawlMatchInfo, CrawlRunInfo } from '../src/shared/crawl-types';
import type { WorkerCode } from '../src/shared/worker-types';
import type { CliRun } from '../src/host/test-cli';
import { startServe, startWorker } from '../src/test-support/centre-processes';
import { startRedis, type TestRedis } from '../src/test-support/redis';
import { centreCertificate, DeskClient, newCentreCaseFile } from './centre-desk';

const PAGES = Number(/--pages=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 100);
/** --profile=DIR: the servers write V8 CPU profiles there (where the server's time goes). */
const PROFILE = /--profile=(\S+)/.exec(process.argv.join(' '))?.[1];
/** The site's requests at once per host (held across all workers) and each worker's jobs at once. */
const CONCURRENCY = 8;
const PASSPHRASE = 'bench centre workers passphrase';
const PASSWORD = 'bench-password-123';
const ROOT = process.cwd();
const CLI = join(ROOT, 'out/host/cli.js');

/** user+system seconds of a live process and its waited-for children (/proc; ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return [11, 12, 13, 14].reduce((s, i) => s + Number(f[i]), 0) / 100;
}

/** The fixture: front page → PAGES pages → two distinct photographs each, one planted copy. */
async function fixtureSite(reference: Buffer) {
  const text = '<p>An ordinary paragraph of a gallery page, repeated.</p>'.repeat(80);
  const html =
    (body: string): Route =>
    (_, res: ServerResponse) =>
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<html><body>${body}${text}</body></html>`);
  const jpeg =
    (bytes: Buffer): Route =>
    (_, res: ServerResponse) =>
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(bytes);
  const planted = PAGES - 3;
  const routes: Record<string, Route> = {
    '/': html(Array.from({ length: PAGES }, (_, i) => `<a href="/p/${i}">${i}</a>`).join(' ')),
    '/copy.jpg': jpeg(await plantedCopy(reference, 'recompressed')),
  };
  for (let i = 0; i < PAGES; i++) {
    const copy = i === planted ? '<img src="/copy.jpg">' : '';
    routes[`/p/${i}`] = html(`<img src="/img/${i}-a.jpg"><img src="/img/${i}-b.jpg">${copy}`);
    for (const [k, suffix] of ['a', 'b'].entries())
      routes[`/img/${i}-${suffix}.jpg`] = jpeg(await pictureJpeg(700_000 + 2 * i + k));
  }
  return startTestServer(routes);
}

interface Row {
  label: string;
  workers: number;
  seconds: number;
  run: CrawlRunInfo;
  matches: CrawlMatchInfo[];
  serverCpu: number;
  workerCpu: number;
  redisCpu: number;
  siteCpu: number;
  load: [number, number];
  failure: string | null;
}

/** One crawl of a fresh copy of the case file by the server and `workers` worker processes. */
async function crawlRow(
  template: string,
  siteId: number,
  siteOrigin: string,
  workers: number,
  label: string,
): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'jium-bench-workers-row-'));
  const caseFile = join(dir, 'centre.jium');
  cpSync(template, caseFile);
  const procs: CliRun[] = [];
  let redis: TestRedis | null = null;
  let desk: DeskClient | null = null;
  try {
    if (workers > 0) redis = await startRedis(dir);
    const serve = await startServe(CLI, {
      caseFile,
      ...(redis ? { redisUrl: redis.url } : {}),
      env: {
        JIUM_DATA_DIR: dir,
        JIUM_PASSPHRASE: PASSPHRASE,
        ...(PROFILE ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${PROFILE}` } : {}),
      },
      track: procs,
    });
    desk = new DeskClient(serve.origin, serve.pin, centreCertificate(caseFile));
    await desk.open();
    await desk.call('auth.signIn', { username: 'admin', password: PASSWORD });
    const workerRuns: CliRun[] = [];
    for (let i = 0; i < workers; i++) {
      const { code } = await desk.call<WorkerCode>('workers.createCode', { label: `rack-${i}` });
      workerRuns.push(
        await startWorker(CLI, {
          origin: serve.origin,
          pin: serve.pin,
          code,
          credentialFile: join(dir, `worker-${i}.json`),
          redisUrl: redis!.url,
          concurrency: CONCURRENCY,
          lockSeconds: 30,
          track: procs,
        }),
      );
    }
    const cpuNow = () => ({
      server: cpuSeconds(serve.run.child.pid!),
      workers: workerRuns.reduce((s, w) => s + cpuSeconds(w.child.pid!), 0),
      redis: redis ? cpuSeconds(redis.pid()) : 0,
      site: process.cpuUsage(),
    });
    const load0 = loadavg()[0]!;
    const before = cpuNow();
    const t0 = performance.now();
    const started = await desk.call<CrawlRunInfo>('crawls.start', { siteId });
    let run = started;
    const deadline = Date.now() + 15 * 60_000;
    while (run.state === 'running') {
      if (Date.now() > deadline) throw new Error(`the crawl did not end: ${JSON.stringify(run)}`);
      await new Promise((r) => setTimeout(r, 100));
      const runs = await desk.call<CrawlRunInfo[]>('crawls.list', { siteId, limit: 1 });
      run = runs.find((r) => r.id === started.id)!;
    }
    const seconds = (performance.now() - t0) / 1000;
    const after = cpuNow();
    const site = process.cpuUsage(before.site);
    const matches = await desk.call<CrawlMatchInfo[]>('crawls.matches', { runId: run.id });
    const copies = matches.filter((m) => m.imageUrl === `${siteOrigin}/copy.jpg`).length;
    const want = { pages: 1 + PAGES, images: 2 * PAGES + 1 };
    const log = async () =>
      (await desk!.call<{ level: string; message: string }[]>('crawls.log', { runId: run.id }))
        .filter((e) => e.level !== 'info')
        .slice(0, 3)
        .map((e) => e.message)
        .join('; ');
    const failure =
      run.state !== 'finished'
        ? `ended ${run.state} (${run.failure ?? ''}: ${await log()})`
        : run.pages !== want.pages || run.images !== want.images
          ? `crawled ${run.pages} pages and ${run.images} images of ${want.pages} and ${want.images}`
          : copies !== 1 || matches.length !== 1
            ? `found the planted copy ${copies} times in ${matches.length} matches`
            : null;
    return {
      label,
      workers,
      seconds,
      run,
      matches,
      serverCpu: after.server - before.server,
      workerCpu: after.workers - before.workers,
      redisCpu: after.redis - before.redis,
      siteCpu: (site.user + site.system) / 1e6,
      load: [load0, loadavg()[0]!],
      failure,
    };
  } finally {
    desk?.close();
    for (const p of procs.reverse()) {
      if (p.child.exitCode !== null) continue;
      p.child.kill('SIGTERM');
      await Promise.race([p.exit, new Promise((r) => setTimeout(r, 10_000))]);
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
    }
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'jium-bench-workers-'));
  const template = join(dir, 'template.jium');
  const reference = await demoReference(1);
  const site = await fixtureSite(reference);
  const made = await newCentreCaseFile(template, {
    passphrase: PASSPHRASE,
    password: PASSWORD,
    reference,
  });
  const config = localSite(site.origin, {
    concurrencyPerHost: CONCURRENCY,
    requestsPerSecond: 1000,
    maxPages: PAGES + 10,
  });
  const { id: siteId } = await made.ok<{ id: number }>('admin', 'sites.create', { config });
  made.engine.close();

  const plan: [number, string][] = [
    [0, 'one process (before)'],
    [1, '1 worker'],
    [2, '2 workers'],
    [4, '4 workers'],
    [0, 'one process (after)'],
  ];
  const rows: Row[] = [];
  for (const [workers, label] of plan) {
    rows.push(await crawlRow(template, siteId, site.origin, workers, label));
    const r = rows.at(-1)!;
    console.log(
      `${label}: ${r.failure ?? 'ok'}, ${r.seconds.toFixed(1)} s, load ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}`,
    );
  }
  await site.close();
  rmSync(dir, { recursive: true, force: true });
  printTable(rows);
}

function printTable(rows: Row[]) {
  const singles = rows.filter((r) => r.workers === 0 && !r.failure);
  const base = singles.reduce((s, r) => s + r.run.pages / r.seconds, 0) / (singles.length || NaN);
  const f1 = (x: number) => x.toFixed(1);
  const ms = (cpu: number, n: number) => ((cpu / n) * 1000).toFixed(1);
  console.log(
    `\n${PAGES} pages × 2 photographs + 1 planted copy per crawl; site concurrency ${CONCURRENCY} per host, ` +
      `each worker ${CONCURRENCY} jobs at once. ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}. ` +
      `CPU ms per page / per image: the same CPU seconds over the row's pages / its images (a page carries two images).\n`,
  );
  console.log(
    '| crawl | s | pages/s | images/s | × one process | load 1-min | CPU s of all workers | ms/page | ms/image | server CPU s | ms/page | ms/image | Redis CPU s | site CPU s | planted copy |',
  );
  console.log(
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const r of rows) {
    const { pages, images } = r.run;
    if (r.failure) {
      console.log(`| ${r.label} | FAILED: ${r.failure} |||||||||||||`);
      continue;
    }
    console.log(
      `| ${r.label} | ${f1(r.seconds)} | ${f1(pages / r.seconds)} | ${f1(images / r.seconds)} | ` +
        `${(pages / r.seconds / base).toFixed(2)} | ${f1(r.load[0])}–${f1(r.load[1])} | ` +
        `${r.workerCpu.toFixed(2)} | ${ms(r.workerCpu, pages)} | ${ms(r.workerCpu, images)} | ` +
        `${r.serverCpu.toFixed(2)} | ${ms(r.serverCpu, pages)} | ${ms(r.serverCpu, images)} | ` +
        `${r.redisCpu.toFixed(2)} | ${r.siteCpu.toFixed(2)} | found once |`,
    );
  }
  // On paper: what a 2-core machine of workers gives, and where the server (the one writer) stops.
  const remote = rows.filter((r) => r.workers > 0 && !r.failure);
  if (remote.length === 0) return;
  const perPage = (pick: (r: Row) => number) =>
    Math.min(...remote.map((r) => pick(r) / r.run.pages));
  const worker = perPage((r) => r.workerCpu);
  const server = perPage((r) => r.serverCpu + r.redisCpu);
  const alone = Math.min(...singles.map((r) => r.serverCpu / r.run.pages));
  console.log(
    `\nProjection (least CPU per page of the worker rows): the workers spend ${(worker * 1000).toFixed(1)} ms per page ` +
      `(with its two images), the server with Redis ${(server * 1000).toFixed(1)} ms. One added 2-core machine of workers: ` +
      `≤ ${f1(2 / worker)} pages/s (${f1(((2 / worker) * (2 * PAGES + 1)) / (PAGES + 1))} images/s) of CPU. ` +
      `The server's 2 cores: ≤ ${f1(2 / server)} pages/s, reached by ${(worker / server).toFixed(1)} such machines. ` +
      `All on this one 2-core machine: ≤ ${f1(2 / (worker + server))} pages/s; one process: ≤ ${f1(2 / alone)} pages/s ` +
      `(${(alone * 1000).toFixed(1)} ms per page).`,
  );
}

await main();
