/**
 * Issue 16 items 3–4 with real processes: a real redis-server on a free loopback port, the centre
 * server over TLS on a real case file with a registered reference (its crawls queued in Redis, as
 * `jium serve --listen --redis` runs them), a 127.0.0.1 fixture site with a planted copy, and two
 * `jium worker --redis` processes. The crawl completes with the match recorded once; a worker
 * killed with SIGKILL mid-crawl loses nothing and nothing is recorded twice; a server restarted
 * mid-crawl (stopped, started again on the same address) continues the same run with its workers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoReference, pictureJpeg, plantedCopy } from '../../../e2e/fixture-site/images';
import { centreQueueOnRedis, Engine, type CentreQueue } from '../../engine';
import type { WorkerCode } from '../../shared/worker-types';
import { insertSite } from '../../engine/crawl/sites';
import { crawlQueue, redisConnection } from '../../engine/workers/crawl-queue';
import {
  createTestCaseFile,
  localSite,
  type TestCaseFile,
} from '../../engine/crawl/test-case-file';
import { startTestServer, type TestServer } from '../../engine/crawl/test-server';
import { redisMissing, startRedis, type TestRedis } from '../../test-support/redis';
import { hashPassword } from '../../engine/auth/password';
import { insertUser } from '../../engine/auth/users';
import { startHeadlessHost, type HeadlessHost } from '../http-host';
import { buildTestCli, runCli, type CliRun } from '../test-cli';
import {
  freePort,
  startServe as startServeProcess,
  startWorker as startWorkerProcess,
} from '../../test-support/centre-processes';
import { selfSignedIdentity, type TlsIdentity } from './tls-identity';

const missing = redisMissing();
const PAGES = 16;
let cli: string;
let cf: TestCaseFile;
let redis: TestRedis;
let engine: Engine;
let host: HeadlessHost;
let id: TlsIdentity;
let site: TestServer;
let siteId: number;
let queue: CentreQueue;
const workers: CliRun[] = [];
/** Every request the fixture site received: its path and when it arrived (ms). */
const arrivals: { path: string; at: number }[] = [];

beforeAll(async () => {
  if (!missing) cli = await buildTestCli('centre-crawl');
}, 120_000);

beforeEach(async () => {
  if (missing) return;
  const reference = await demoReference(1);
  cf = await createTestCaseFile([reference]);
  redis = await startRedis(cf.dir);
  const copy = await plantedCopy(reference, 'recompressed');
  const pictures = await Promise.all([1, 2, 3, 4].map((i) => pictureJpeg(515_000 + i)));
  arrivals.length = 0;
  const slow =
    (send: (res: ServerResponse) => void) => (req: IncomingMessage, res: ServerResponse) => {
      arrivals.push({ path: req.url ?? '', at: Date.now() });
      setTimeout(() => send(res), 120);
    };
  const html = (body: string) =>
    slow((res) => res.writeHead(200, { 'content-type': 'text/html' }).end(body));
  const routes: Parameters<typeof startTestServer>[0] = {
    '/': html(Array.from({ length: PAGES }, (_, i) => `<a href="/p/${i}">${i}</a>`).join('')),
    '/copy.jpg': slow((res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(copy)),
  };
  for (let i = 0; i < PAGES; i++) {
    const planted = i === PAGES - 3 ? '<img src="/copy.jpg">' : '';
    routes[`/p/${i}`] = html(`<img src="/img/${i}-a.jpg"><img src="/img/${i}-b.jpg">${planted}`);
    for (const [k, suffix] of ['a', 'b'].entries())
      routes[`/img/${i}-${suffix}.jpg`] = slow((res) =>
        res.writeHead(200, { 'content-type': 'image/jpeg' }).end(pictures[(i + k) % 4]),
      );
  }
  site = await startTestServer(routes);
  siteId = insertSite(cf.file.db, localSite(site.origin), new Date());
  engine = new Engine({ caseFilePath: cf.path, host: 'headless', version: 't' });
  insertUser(engine.db, {
    username: 'admin',
    displayName: 'Admin',
    role: 'admin',
    passwordHash: await hashPassword('correct horse battery'),
    createdAt: new Date().toISOString(),
  });
  const signIn = { username: 'admin', password: 'correct horse battery' };
  expect((await engine.call('admin', 'auth.signIn', signIn)).ok).toBe(true);
  // What `jium serve --listen 127.0.0.1:PORT --redis URL` sets up (serve.ts).
  queue = centreQueueOnRedis(redis.url);
  engine.crawlManager().queue = queue;
  id = selfSignedIdentity(join(cf.dir, 'tls'), ['127.0.0.1']);
  host = await startHeadlessHost({ engine, tls: { cert: id.cert, key: id.key } });
}, 120_000);

afterEach(async () => {
  if (missing) return;
  for (const w of workers.splice(0)) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  await engine.stopCrawls();
  await queue.close();
  await host.close();
  engine.close();
  await site.close();
  await redis.stop();
  cf.cleanup();
});

/** Enrols a `jium worker --redis` process with a fresh code; resolves once it takes jobs. */
async function startWorker(
  name: string,
  server = { origin: host.origin, pin: id.fingerprint },
): Promise<CliRun> {
  const made = await engine.call('admin', 'workers.createCode', { label: name });
  const { code } = (made as { ok: true; value: WorkerCode }).value;
  return startWorkerProcess(cli, {
    ...server,
    code,
    credentialFile: join(cf.dir, `${name}.json`),
    redisUrl: redis.url,
    concurrency: 3,
    lockSeconds: 2,
    track: workers,
  });
}

/** Runs `jium serve --listen 127.0.0.1:PORT --redis URL` and waits for its address. */
const startServe = (port: number) =>
  startServeProcess(cli, { caseFile: cf.path, port, redisUrl: redis.url, track: workers });

const count = (sql: string, ...params: unknown[]) =>
  (engine.db.prepare(sql).get(...params) as { n: number }).n;

describe.skipIf(missing)('a centre crawl on worker processes (issue 16 items 3–4)', () => {
  it('crawls through two workers; one killed mid-crawl loses nothing and nothing is kept twice', async () => {
    const a = await startWorker('rack-1');
    await startWorker('rack-2');
    const started = await engine.call('admin', 'crawls.start', { siteId });
    const runId = (started as { ok: true; value: { id: number } }).value.id;
    const done = () =>
      count("SELECT COUNT(*) AS n FROM crawl_frontier WHERE run_id = ? AND state = 'done'", runId);
    const deadline = Date.now() + 60_000;
    while (done() < 8) {
      if (Date.now() > deadline) throw new Error('the workers recorded nothing');
      await new Promise((r) => setTimeout(r, 50));
    }
    a.child.kill('SIGKILL'); // mid-crawl, jobs in hand
    await a.exit;
    const total = 1 + PAGES + PAGES * 2 + 1;
    expect(done()).toBeLessThan(total);
    await Promise.race([
      engine.crawlEnded(runId),
      new Promise((_, reject) => setTimeout(() => reject(new Error('crawl did not end')), 120_000)),
    ]);

    // Nothing lost: every URL of the site was crawled, and done.
    const rows = engine.db
      .prepare('SELECT kind, url, state FROM crawl_frontier WHERE run_id = ?')
      .all(runId) as { kind: string; url: string; state: string }[];
    expect(rows).toHaveLength(total);
    expect(rows.filter((r) => r.state !== 'done')).toEqual([]);
    // Nothing twice: one match for the planted copy, counters equal to the rows.
    const run = engine.db
      .prepare('SELECT state, pages, images, matches, errors FROM crawl_runs WHERE id = ?')
      .get(runId);
    expect(run).toEqual({
      state: 'finished',
      pages: 1 + PAGES,
      images: PAGES * 2 + 1,
      matches: 1,
      errors: 0,
    });
    expect(count('SELECT COUNT(*) AS n FROM crawl_matches WHERE run_id = ?', runId)).toBe(1);
    expect(
      engine.db.prepare('SELECT image_url FROM crawl_matches WHERE run_id = ?').get(runId),
    ).toEqual({ image_url: `${site.origin}/copy.jpg` });
    // The server fetched nothing itself; the killed worker's jobs were fetched again by the other.
    expect(site.hits.filter((h) => h === '/copy.jpg').length).toBeGreaterThanOrEqual(1);
    expect(queue.pending).toBe(0);
  }, 240_000);

  it('runs as `jium serve --listen --redis`: a scheduled crawl goes to the workers', async () => {
    // The site is due at once: the server's schedule starts its crawl when it starts.
    engine.db.prepare('UPDATE crawl_sites SET schedule_hours = 24 WHERE id = ?').run(siteId);
    const wrong = runCli(cli, ['serve', '--case-file', cf.path, '--redis', redis.url]);
    expect(await wrong.exit).toBe(2);
    expect(wrong.stderr()).toContain('--redis takes redis://HOST:PORT and goes with --listen');
    const { run: serve, origin, pin } = await startServe(0);
    expect(serve.stdout()).toContain(`Crawls are queued for workers on ${redis.url}`);
    const worker = await startWorker('rack-3', { origin, pin });
    const finished = () =>
      engine.db
        .prepare("SELECT id, matches FROM crawl_runs WHERE site_id = ? AND state = 'finished'")
        .get(siteId) as { id: number; matches: number } | undefined;
    const end = Date.now() + 120_000;
    while (!finished()) {
      if (Date.now() > end)
        throw new Error(`the crawl did not finish: ${serve.stderr()} ${serve.stdout()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(finished()!.matches).toBe(1);
    const rows = count('SELECT COUNT(*) AS n FROM crawl_frontier WHERE run_id = ?', finished()!.id);
    expect(rows).toBe(1 + PAGES + PAGES * 2 + 1);
    // Both stop when asked (BullMQ leaves the Redis connections it is given open: they hung).
    worker.child.kill('SIGTERM');
    expect(await worker.exit).toBe(0);
    serve.child.kill('SIGTERM');
    expect(await serve.exit).toBe(0);
  }, 400_000);
  it.each<[NodeJS.Signals]>([['SIGTERM'], ['SIGKILL']])(
    'continues a crawl when the server is stopped with %s mid-crawl and started again: nothing lost, nothing kept twice',
    async (signal) => {
      engine.db.prepare('UPDATE crawl_sites SET schedule_hours = 24 WHERE id = ?').run(siteId);
      const port = await freePort();
      const first = await startServe(port);
      const worker = await startWorker(`rack-${signal}`, first);
      const stderr = () => `${first.run.stderr()} ${worker.stderr()}`;
      await until(
        () => doneRows(siteRun()) >= 8,
        60_000,
        () => `nothing recorded: ${stderr()}`,
      );
      first.run.child.kill(signal); // the centre's server stops mid-crawl, jobs in the workers' hands
      expect(await first.run.exit).toBe(signal === 'SIGTERM' ? 0 : 'SIGKILL');
      expect(doneRows(siteRun())).toBeLessThan(TOTAL);
      // Without a schedule now, the run is as one started by hand: the new server continues it
      // because a server continues every run cut short, not because a schedule is due.
      engine.db.prepare('UPDATE crawl_sites SET schedule_hours = NULL WHERE id = ?').run(siteId);
      const second = await startServe(port); // same case file, same certificate, same address
      expect(second.pin).toBe(first.pin);
      // Killed, the old server left its lease fresh for 30 s (decision 0044); its pid is gone
      // from this machine, so the new server takes the run back at once: within 10 s of its start.
      const holder = () =>
        engine.db.prepare('SELECT pid FROM crawl_leases WHERE run_id = ?').get(siteRun()) as
          { pid: number } | undefined;
      const taken = () => holder()?.pid === second.run.child.pid;
      await until(taken, 10_000, () => `not taken back: ${second.run.stderr()}`);
      await untilFinished(() => second.run.stderr());
      // One run, continued: every URL done once, one match, counters equal to the rows.
      expect(count('SELECT COUNT(*) AS n FROM crawl_runs WHERE site_id = ?', siteId)).toBe(1);
      expectFinishedOnce(siteRun());
      expect(worker.child.exitCode).toBeNull(); // the worker signed in again and kept working
      worker.child.kill('SIGTERM');
      expect(await worker.exit).toBe(0);
      second.run.child.kill('SIGTERM');
      expect(await second.run.exit).toBe(0);
    },
    400_000,
  );
});

/** Waits for `what` (polling, after `refresh` when given), or fails with `why` after `ms`. */
async function until(
  what: () => boolean,
  ms: number,
  why: () => string,
  refresh?: () => Promise<unknown>,
): Promise<void> {
  const deadline = Date.now() + ms;
  while ((await refresh?.(), !what())) {
    if (Date.now() > deadline) throw new Error(why());
    await new Promise((r) => setTimeout(r, 50));
  }
}

let waitingInRedis = 0;

/** How many jobs wait in Redis for a worker now. */
async function waitingJobs(): Promise<number> {
  const connection = redisConnection(redis.url);
  try {
    return (await crawlQueue(connection).getJobCounts('waiting')).waiting ?? 0;
  } finally {
    await connection.quit();
  }
}

const doneRows = (runId: number) =>
  count("SELECT COUNT(*) AS n FROM crawl_frontier WHERE run_id = ? AND state = 'done'", runId);

/** The site's run (`jium serve`'s schedule starts it), or 0 before there is one. */
const siteRun = () =>
  (
    engine.db.prepare('SELECT id FROM crawl_runs WHERE site_id = ?').get(siteId) as
      { id: number } | undefined
  )?.id ?? 0;

/** Waits (2 minutes at most) for the site's run to finish; `log` tells why it did not. */
const untilFinished = (log: () => string) =>
  until(
    () =>
      count(
        "SELECT COUNT(*) AS n FROM crawl_runs WHERE id = ? AND state = 'finished'",
        siteRun(),
      ) === 1,
    120_000,
    () => `not finished: ${log()}`,
  );

/** Sets the fixture site's request rate (before workers read their settings). */
const setRate = (requestsPerSecond: number) =>
  engine.db
    .prepare(
      "UPDATE crawl_sites SET config = json_set(config, '$.requestsPerSecond', ?) WHERE id = ?",
    )
    .run(requestsPerSecond, siteId);

const TOTAL = 1 + PAGES + PAGES * 2 + 1;

/** The run finished with every URL of the site done once, one match, counters equal to the rows. */
function expectFinishedOnce(runId: number): void {
  const rows = engine.db
    .prepare('SELECT state FROM crawl_frontier WHERE run_id = ?')
    .all(runId) as { state: string }[];
  expect(rows).toHaveLength(TOTAL);
  expect(rows.filter((r) => r.state !== 'done')).toEqual([]);
  expect(
    engine.db
      .prepare('SELECT state, pages, images, matches, errors FROM crawl_runs WHERE id = ?')
      .get(runId),
  ).toEqual({ state: 'finished', pages: 1 + PAGES, images: PAGES * 2 + 1, matches: 1, errors: 0 });
  expect(count('SELECT COUNT(*) AS n FROM crawl_matches WHERE run_id = ?', runId)).toBe(1);
}

/** Starts a crawl of the site; resolves with its run once `rows` of its rows are done. */
async function crawlUntil(rows: number): Promise<number> {
  const started = await engine.call('admin', 'crawls.start', { siteId });
  const runId = (started as { ok: true; value: { id: number } }).value.id;
  await until(
    () => doneRows(runId) >= rows,
    60_000,
    () => 'the workers recorded nothing',
  );
  return runId;
}

describe.skipIf(missing)("the centre crawl's faults (issue 16 item 4)", () => {
  it.each<[string, { signal: NodeJS.Signals; wipe?: boolean }]>([
    ['stopped (SIGTERM)', { signal: 'SIGTERM' }],
    ['killed (SIGKILL)', { signal: 'SIGKILL' }],
    ['killed, its data lost', { signal: 'SIGKILL', wipe: true }],
  ])(
    'continues when Redis is %s mid-crawl: the same run finishes, nothing lost, nothing twice',
    async (_, how) => {
      const worker = await startWorker('rack-7');
      const runId = await crawlUntil(8);
      if (how.wipe) {
        // Jobs must be waiting in Redis when it loses them (the worker takes what the server
        // queues as fast as it comes): the worker stops, the server goes on queueing its next rows.
        worker.child.kill('SIGTERM');
        expect(await worker.exit).toBe(0);
        await until(
          () => waitingInRedis > 0,
          30_000,
          () => 'no job waited in Redis',
          async () => (waitingInRedis = await waitingJobs()),
        );
      }
      await redis.restart(1000, how); // jobs waiting in Redis, and in the workers' hands
      if (how.wipe) await startWorker('rack-8');
      expect(doneRows(runId)).toBeLessThan(TOTAL);
      await Promise.race([
        engine.crawlEnded(runId),
        new Promise((_, reject) => setTimeout(() => reject(new Error('no end')), 120_000)),
      ]);
      expectFinishedOnce(runId);
      // Jobs Redis lost were queued again from the rows the server waits for (the case file's).
      if (how.wipe) expect(queue.requeued).toBeGreaterThan(0);
      else expect(queue.requeued).toBe(0);
    },
    200_000,
  );

  it('keeps the host to its rate with two workers: no two requests closer than its gap (30% tolerance)', async () => {
    // `jium serve` in its own process, so this one only answers the site and times arrivals
    // (with the server in this process, its event loop held requests back and let them in bursts).
    setRate(5); // a gap of 200 ms, whichever worker sends
    engine.db.prepare('UPDATE crawl_sites SET schedule_hours = 24 WHERE id = ?').run(siteId);
    const server = await startServe(0);
    const a = await startWorker('rack-9', server);
    const b = await startWorker('rack-10', server);
    await untilFinished(() => server.run.stderr());
    expectFinishedOnce(siteRun());
    // Both ran throughout (that both take jobs is crawl-queue.test's, which knows who sent what).
    expect([a.child.exitCode, b.child.exitCode]).toEqual([null, null]);
    // No two requests closer than the gap (200 ms), with 30% for timers and this process's
    // event loop (smallest seen: 147 ms); in any second at most the 5 requests (+1 at the
    // window's edge). Before a slot was held until its request was written, a worker busy
    // fingerprinting sent up to ~190 ms after its slot: gaps of 16, 82, 100 ms (decision 0114).
    const times = arrivals.map((r) => r.at).sort((x, y) => x - y);
    expect(times.length).toBeGreaterThanOrEqual(TOTAL);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(140);
    for (const t of times)
      expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(6);
  }, 200_000);

  it('a cancelled run fetches nothing more: its jobs leave the queue, workers skip what they hold', async () => {
    // One request a second: when the run is cancelled the workers hold jobs waiting for the
    // host's slot, and more wait in Redis (without the drop, they went on, one a second).
    setRate(1);
    await startWorker('rack-5');
    await startWorker('rack-6');
    const runId = await crawlUntil(6);
    expect(await engine.call('admin', 'crawls.cancel', { runId })).toMatchObject({ ok: true });
    const cancelledAt = Date.now();
    await engine.crawlEnded(runId);
    await new Promise((r) => setTimeout(r, 4000)); // four slots: what the workers held is due
    expect(
      count("SELECT COUNT(*) AS n FROM crawl_runs WHERE id = ? AND state = 'cancelled'", runId),
    ).toBe(1);
    // A request whose slot was taken before the cancel may still arrive (one slot a second), and
    // nothing after it. (Arrival times are this busy process's: no finer bound is kept here.)
    expect(arrivals.filter((a) => a.at > cancelledAt).length).toBeLessThanOrEqual(1);
    const connection = redisConnection(redis.url);
    const left = await crawlQueue(connection).getJobs(['waiting', 'delayed', 'prioritized']);
    await connection.quit();
    expect(left.filter((j) => j.data.runId === runId).map((j) => j.id)).toEqual([]);
  }, 120_000);
});
