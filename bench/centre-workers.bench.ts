/**
 * The centre's crawl queue with 1, 2 and 4 worker processes (issue 16 targets): pages/s and
 * images/s through BullMQ on a real redis-server, each request paced through Redis (pace set far
 * above what the machine can do, so the pace costs its Redis round trip but never waits), against
 * a 127.0.0.1 fixture serving HTML pages and benign 640x480 PNGs. Each job is fetched, parsed or
 * fingerprinted, and proposed to an HTTP recorder standing in for the centre server (whose
 * deciding side is not built yet, decision 0111). Ratios are against the 1-worker row of the same
 * run; CPU per page/image is the workers' user+system time (from /proc) over the jobs done.
 * The machine's cores bound it: every worker, Redis, the fixture and the recorder share them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoReference } from '../e2e/fixture-site/images';
import { localSite } from '../src/engine/crawl/test-case-file';
import { crawlQueue, enqueue, type CrawlJob } from '../src/engine/workers/crawl-queue';
import { bundleForNode } from '../src/test-support/bundle';
import { startRedis } from '../src/test-support/redis';

const PAGES = 400;
const IMAGES = 120;
/** run.mjs runs each bench from the repository's root. */
const root = process.cwd();

const listen = async (server: Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** user+system seconds of a live process (Linux /proc; clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'jium-bench-centre-'));
  const child = join(root, 'bench/.data/build/worker-child.mjs');
  await bundleForNode(join(root, 'src/engine/workers/worker-child.ts'), child);
  const redis = await startRedis(dir);
  const png = await demoReference(1);
  const links = Array.from({ length: 20 }, (_, i) => `<a href="/p/${i}">${i}</a>`).join('');
  const html = `<html><body>${links}<img src="/i/0.png">${'<p>text</p>'.repeat(400)}</body></html>`;
  const site = createServer((req, res) => {
    if (req.url!.startsWith('/i/')) res.writeHead(200, { 'Content-Type': 'image/png' }).end(png);
    else res.writeHead(200, { 'Content-Type': 'text/html' }).end(html);
  });
  const origin = await listen(site);
  let proposed = 0;
  const recorder = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      proposed++;
      res.end('ok');
    });
  });
  const recorderUrl = await listen(recorder);
  const config = {
    sites: [
      { id: 1, config: localSite(origin, { requestsPerSecond: 1000, concurrencyPerHost: 8 }) },
    ],
    references: [],
  };
  const rows: { workers: number; kind: string; jobs: number; seconds: number; cpu: number }[] = [];
  let run = 0;
  for (const n of [1, 2, 4]) {
    for (const kind of ['page', 'image'] as const) {
      run++;
      const count = kind === 'page' ? PAGES : IMAGES;
      const workers: ChildProcess[] = [];
      for (let i = 0; i < n; i++) {
        const w = spawn(process.execPath, [child], {
          env: {
            ...process.env,
            JIUM_REDIS: redis.url,
            JIUM_PROPOSE: recorderUrl,
            JIUM_WORKER_CONFIG: JSON.stringify(config),
            JIUM_CONCURRENCY: '4',
          },
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        await new Promise<void>((r) => w.stdout!.on('data', () => r()));
        workers.push(w);
      }
      const cpu0 = workers.reduce((s, w) => s + cpuSeconds(w.pid!), 0);
      const queue = crawlQueue(redis.url);
      proposed = 0;
      const jobs: CrawlJob[] = Array.from({ length: count }, (_, i) => ({
        runId: run,
        siteId: 1,
        kind,
        url: `${origin}/${kind === 'page' ? 'p' : 'i'}/${run}-${i}${kind === 'image' ? '.png' : ''}`,
        pageUrl: origin,
        attempt: 1,
      }));
      const t0 = performance.now();
      await enqueue(queue, jobs);
      while (proposed < count) await new Promise((r) => setTimeout(r, 20));
      const seconds = (performance.now() - t0) / 1000;
      const cpu = workers.reduce((s, w) => s + cpuSeconds(w.pid!), 0) - cpu0;
      rows.push({ workers: n, kind, jobs: count, seconds, cpu });
      await queue.obliterate({ force: true });
      await queue.close();
      for (const w of workers) w.kill('SIGKILL');
    }
  }
  const base = (kind: string) => rows.find((r) => r.workers === 1 && r.kind === kind)!;
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}`,
  );
  console.log('| workers | jobs | per second | vs 1 worker | worker CPU ms per job |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const rate = r.jobs / r.seconds;
    const ratio = rate / (base(r.kind).jobs / base(r.kind).seconds);
    console.log(
      `| ${r.workers} | ${r.jobs} ${r.kind}s | ${rate.toFixed(1)} | ${ratio.toFixed(2)}x | ${((r.cpu / r.jobs) * 1000).toFixed(1)} |`,
    );
  }
  site.close();
  recorder.close();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}

await main();
