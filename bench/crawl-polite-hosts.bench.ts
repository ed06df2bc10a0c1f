/**
 * Issue 19 item 8, the polite row: the crawl with politeness on, as in real use, over many hosts
 * at their polite rate (the product's default: 1 request per second per host, 2 at once), against
 * hashing the very same contents alone. Each host is its own HTTP server on its own loopback
 * address (127.0.0.1, 127.0.0.2, …), served from a child process so that its CPU is not the
 * crawl's, with one page linking K benign generated photographs (e2e/fixture-site/images.ts).
 *
 * What it shows: how close the crawl comes to the ceiling politeness sets (a host's K images at
 * 1/s take K seconds whatever the crawler), that no host was asked faster than its rate (the
 * servers record the smallest gap between two requests to them), and how much of the wall time
 * the same contents' hashing would fill. Rows: 8 hosts (the most a site may allow as private
 * addresses) and 32 (the configuration built past that cap, bench only), or `--hosts=N`.
 *
 * Run: `npm run bench -- crawl-polite-hosts` (`--rounds=N`, `--images=K`, `--hosts=N`); the
 * RESULTS section between its markers is rewritten.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerData } from 'node:worker_threads';
import { siteConfigSchema } from '../src/shared/crawl-types';
import { fingerprint } from '../src/engine/fingerprint';
import { hashPoolSize, serveIfPoolWorker, sharedHashPool } from '../src/engine/crawl/hash-pool';
import { loadReferences } from '../src/engine/crawl/reference-index';
import { CrawlRunner } from '../src/engine/crawl/runner';
import { insertRun, insertSite } from '../src/engine/crawl/sites';
import { createTestCaseFile } from '../src/engine/crawl/test-case-file';
import { demoReference, pictureJpeg } from '../e2e/fixture-site/images';
import { median, processCpuMs, roundsText } from './crawl-bench-support';

const arg = (name: string, d: number) =>
  Number(new RegExp(`--${name}=(\\d+)`).exec(process.argv.join(' '))?.[1] ?? d);
const ROUNDS = arg('rounds', 2);
const IMAGES = arg('images', 8);
const HOST_ROWS = process.argv.some((a) => a.startsWith('--hosts=')) ? [arg('hosts', 8)] : [8, 32];
/** The product's defaults (siteConfigSchema): what a monitor gets unless they change it. */
const DEFAULTS = siteConfigSchema.parse({ name: 'x', startUrls: ['http://example.org/'] });
/** Concurrency of the hashing-alone rows: the runner's default in flight over all hosts. */
const CONCURRENCY = 16;
const SIZES = [
  [480, 360],
  [800, 600],
  [1200, 900],
  [640, 480],
] as const;

/** This file is also the hash pool's worker script. */
if (serveIfPoolWorker(workerData)) await new Promise(() => undefined);

/** Child: one server per loopback address, each with a page of IMAGES photographs. */
if (process.env['JIUM_HOSTS_CHILD']) {
  const hosts = Number(process.env['JIUM_HOSTS_CHILD']);
  const times = new Map<string, number[]>();
  const servers: Server[] = [];
  const origins: string[] = [];
  for (let h = 0; h < hosts; h++) {
    const images = await Promise.all(
      Array.from({ length: IMAGES }, (_, k) => {
        const [w, hgt] = SIZES[k % SIZES.length]!;
        return pictureJpeg(700_000 + h * 100 + k, w, hgt);
      }),
    );
    const address = `127.0.0.${h + 1}`;
    const server = createServer((req, res) => {
      const t = times.get(address) ?? [];
      if (req.url !== '/robots.txt') t.push(performance.now());
      times.set(address, t);
      const m = /^\/img\/(\d+)\.jpg$/.exec(req.url ?? '');
      if (req.url === '/robots.txt') res.end('User-agent: *\nAllow: /\n');
      else if (req.url === '/') {
        const links = images.map((_, k) => `<img src="/img/${k}.jpg">`).join('\n');
        res.setHeader('content-type', 'text/html').end(`<!doctype html><body>${links}</body>`);
      } else if (m && images[Number(m[1])])
        res.setHeader('content-type', 'image/jpeg').end(images[Number(m[1])]);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, address, r));
    servers.push(server);
    origins.push(`http://${address}:${(server.address() as { port: number }).port}`);
  }
  process.on('message', (m: string) => {
    if (m === 'reset') times.clear();
    else {
      // The smallest gap between two requests to one host, over all hosts (ms).
      let minGap = Infinity;
      for (const t of times.values())
        for (let i = 1; i < t.length; i++) minGap = Math.min(minGap, t[i]! - t[i - 1]!);
      process.send!({ minGap });
    }
  });
  process.on('disconnect', () => {
    for (const s of servers) s.close();
    process.exit(0);
  });
  process.stdout.write(`${JSON.stringify(origins)}\n`);
  await new Promise(() => undefined);
}

async function hostsInChild(hosts: number) {
  const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    env: { ...process.env, JIUM_HOSTS_CHILD: String(hosts) },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const origins = await new Promise<string[]>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.trim()) as string[]);
    });
    proc.on('exit', (code) => reject(new Error(`hosts child exited with ${code}`)));
  });
  const ask = () =>
    new Promise<{ minGap: number }>((r) => {
      proc.once('message', (m) => r(m as { minGap: number }));
      proc.send('gaps');
    });
  return {
    origins,
    pid: proc.pid!,
    reset: () => proc.send('reset'),
    minGap: ask,
    close: async () => {
      proc.disconnect();
      await new Promise((r) => proc.once('exit', r));
    },
  };
}

/** Hashes `items` with at most CONCURRENCY in flight; seconds. */
async function hashAll(items: Buffer[], work: (b: Buffer) => Promise<unknown>) {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await work(items[next++]!).catch(() => undefined);
    }),
  );
  return (performance.now() - t0) / 1000;
}

process.env['JIUM_HASH_WORKER'] = fileURLToPath(import.meta.url);
const references = await Promise.all([0, 1, 2].map(demoReference));
const load = loadavg()[0]!.toFixed(1);
const lines: string[] = [];
for (const hosts of HOST_ROWS) {
  const site = await hostsInChild(hosts);
  try {
    const addresses = site.origins.map((o) => new URL(o).hostname);
    // More than 8 private addresses is past the schema's cap: built around it, bench only.
    const config = {
      ...siteConfigSchema.parse({
        name: `${hosts} hosts`,
        startUrls: site.origins.map((o) => `${o}/`),
        allowedHosts: addresses,
        allowAddresses: addresses.slice(0, 8),
        renderMode: 'http',
        maxDepth: 1,
      }),
      allowAddresses: addresses,
    };
    const bodies = await Promise.all(
      site.origins.flatMap((o) =>
        Array.from({ length: IMAGES }, async (_, k) =>
          Buffer.from(await (await fetch(`${o}/img/${k}.jpg`)).arrayBuffer()),
        ),
      ),
    );
    const rounds: { crawl: number; main: number; pooled: number; cpu: number; server: number }[] =
      [];
    let minGap = Infinity;
    let counted = { pages: 0, images: 0, hashed: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      const cf = await createTestCaseFile(references);
      try {
        const db = cf.file.db;
        const siteId = insertSite(db, config, new Date());
        const runId = insertRun(db, siteId, config, new Date());
        // The configuration as built (past the schema's cap of 8 addresses for the 32-host row).
        const runner = new CrawlRunner({
          db,
          runId,
          siteId,
          config,
          references: loadReferences(db),
          polite: true,
        });
        site.reset();
        const cpu0 = process.cpuUsage();
        const server0 = processCpuMs(site.pid);
        const t0 = performance.now();
        if ((await runner.run()) !== 'finished') throw new Error('the crawl did not finish');
        const crawl = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        const server = processCpuMs(site.pid) - server0;
        minGap = Math.min(minGap, (await site.minGap()).minGap);
        counted = cf.file.db
          .prepare('SELECT pages, images, hashed FROM crawl_runs WHERE id = ?')
          .get(runId) as typeof counted;
        const main = await hashAll(bodies, (b) => fingerprint(b, { role: 'candidate' }));
        const pool = sharedHashPool()!;
        const pooled = await hashAll(bodies, (b) => pool.fingerprint(b, { role: 'candidate' }));
        rounds.push({ crawl, main, pooled, cpu: (cpu.user + cpu.system) / 1000, server });
      } finally {
        cf.cleanup();
      }
    }
    const n = bodies.length;
    const perHost = 1 + IMAGES;
    // The ceiling: a host's page, then its K images one polite gap apart (the page's links are
    // known only once it arrived), the hosts side by side.
    const ceiling = (perHost - 1) / DEFAULTS.requestsPerSecond;
    const crawlS = median(rounds.map((x) => x.crawl));
    const hashS = median(rounds.map((x) => Math.min(x.main, x.pooled)));
    lines.push(
      `| ${hosts} | ${perHost * hosts} (${counted.pages} pages, ${counted.images} images) | ${counted.hashed} | ${(hosts * DEFAULTS.requestsPerSecond).toFixed(0)} | ${ceiling.toFixed(1)} | ${crawlS.toFixed(2)} | ${((perHost * hosts) / crawlS).toFixed(1)} | ${roundsText(rounds.map((x) => ceiling / x.crawl))} | ${minGap.toFixed(0)} | ${(median(rounds.map((x) => x.cpu)) / n).toFixed(1)} | ${(median(rounds.map((x) => x.server)) / n).toFixed(1)} | ${hashS.toFixed(2)} (${(n / hashS).toFixed(0)}/s) | ${roundsText(rounds.map((x) => Math.min(x.main, x.pooled) / x.crawl))} |`,
    );
  } finally {
    await site.close();
  }
}
await sharedHashPool()?.close();
const loadEnd = loadavg()[0]!.toFixed(1);
const out = `<!-- crawl-polite-hosts:start -->
### Many hosts at their polite rate (bench/crawl-polite-hosts.bench.ts)

Politeness on as in real use, the product's defaults: ${DEFAULTS.requestsPerSecond} request per second per host, ${DEFAULTS.concurrencyPerHost} at once, robots.txt
fetched and obeyed; each host its own server on its own loopback address (a child process), one page
linking ${IMAGES} generated photographs (480×360 to 1200×900); 3 demo references; the hash pool on (${hashPoolSize()}
worker). ${ROUNDS} rounds, medians; measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on the shared 2-core
machine, load average ${load} at the start and ${loadEnd} at the end (other engineers' work was running).
Ceiling: a host's page, then its ${IMAGES} images one gap apart, the hosts side by side (${IMAGES} s).
Hashing alone: the same contents fingerprinted without fetching, the faster of the main thread and
the pool, at ${CONCURRENCY} in flight (the runner's default over all hosts).

| hosts | requests | contents hashed | polite ceiling, requests/s | ceiling s | crawl s | requests/s | ceiling ÷ crawl time | smallest gap between two requests to one host, ms | crawl CPU ms per content | servers' CPU ms per content | hashing alone s | hashing alone ÷ crawl time |
|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---|---|
${lines.join('\n')}
<!-- crawl-polite-hosts:end -->`;
console.log(out);
const resultsPath = join(process.cwd(), 'bench/RESULTS.md');
const current = readFileSync(resultsPath, 'utf8');
writeFileSync(
  resultsPath,
  current.includes('<!-- crawl-polite-hosts:start -->')
    ? current.replace(
        /<!-- crawl-polite-hosts:start -->[\s\S]*<!-- crawl-polite-hosts:end -->/,
        out,
      )
    : current.replace('<!-- crawl-vs-hashing:end -->', `<!-- crawl-vs-hashing:end -->\n\n${out}`),
);
