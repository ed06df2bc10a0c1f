/**
 * Issue 16's "Done when": a centre server on 127.0.0.1 with TLS and a real redis-server (started
 * here on a free loopback port), a counsellor desk and a monitor desk as two browser contexts, and
 * two crawl worker processes enrolled with one-time codes. The counsellor's new case is crawled by
 * the workers (the server only queues and decides). Worker 1 takes the first jobs and is killed
 * (SIGKILL) while its fetches are in flight (the fixture answers each request after a second);
 * worker 2, started then, takes its stalled jobs over and the rest: the run finishes with nothing
 * lost, the planted copy is recorded once, and the monitor reviews it on her desk — without a
 * reload. Worker 2 starts after the kill so that the killed worker surely held jobs: with both
 * taking jobs, whether the one killed had a fetch in flight was left to chance (one run of two).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisMissing, startRedis, type TestRedis } from '../src/test-support/redis';
import {
  createAccounts,
  deskCall,
  launchPinned,
  pinOf,
  registerCase,
  setUpAdmin,
  signIn,
  startCentre,
  startOnePageCrawl,
  type Centre,
} from './centre-desk';
import { demoReference } from './fixture-site/images';
import { startFixtureSite, type FixtureSite } from './fixture-site/site';
import { expect, ROOT, screenshot, test } from './fixtures';

const PASSWORD = 'desk password 1';

/** `jium worker` enrolling with `code` (kept in its data directory), then `extra` options. */
const workerArgs = (centre: Centre, code: string, extra: string[] = []) => [
  join(ROOT, 'out/host/cli.js'),
  'worker',
  '--server',
  centre.url.replace(/\/$/, ''),
  '--pin',
  centre.fingerprint,
  '--code',
  code,
  ...extra,
];

/** A `jium worker --redis` process (enrolled with `code` unless `dataDir` holds its credential). */
function startWorker(centre: Centre, code: string, redisUrl: string, dataDir: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    workerArgs(centre, code, ['--redis', redisUrl, '--lock-seconds', '3']),
    {
      cwd: ROOT,
      env: { ...process.env, JIUM_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const ready = expect.poll(() => output, { timeout: 30_000 }).toContain('Taking crawl jobs from');
  return { child, ready, output: () => output };
}

type Run = { id: number; state: string; pages: number; images: number };

test('two workers crawl a new case for the centre; one is killed mid-crawl and nothing is lost', async () => {
  test.skip(redisMissing() !== null, 'redis-server is not installed');
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'jium-centre-workers-'));
  // Each response takes a second, so the killed worker's first fetches are still in flight.
  const site: FixtureSite = await startFixtureSite({ latencyMs: 1000 });
  let redis: TestRedis | null = null;
  let centre: Centre | null = null;
  const workers: ChildProcess[] = [];
  const browser = { close: async () => undefined } as { close(): Promise<void> };
  try {
    redis = await startRedis(dir);
    centre = await startCentre(dir, ['--redis', redis.url]);
    const pinned = await launchPinned(pinOf(centre.fingerprint));
    browser.close = () => pinned.close();
    const desk = async () =>
      (
        await pinned.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } })
      ).newPage();

    const admin = await desk();
    await setUpAdmin(admin, centre.url, PASSWORD);
    await createAccounts(admin, ['counsellor', 'monitor'], () => PASSWORD);
    const codes: string[] = [];
    for (const label of ['Crawl machine 1', 'Crawl machine 2'])
      codes.push(
        (await deskCall<{ code: string }>(admin, 'workers.createCode', { label })).value!.code,
      );
    const homes = codes.map(() => mkdtempSync(join(dir, 'worker-')));
    // Worker 2 enrols now (and checks its enrolment), to take jobs later.
    const enrolled = spawnSync(process.execPath, workerArgs(centre, codes[1]!), {
      cwd: ROOT,
      env: { ...process.env, JIUM_DATA_DIR: homes[1] },
      encoding: 'utf8',
    });
    expect(enrolled.stderr).toContain('Enrolment checked.');
    const first = startWorker(centre, codes[0]!, redis.url, homes[0]!);
    workers.push(first.child);
    await first.ready;

    const counsellor = await desk();
    await signIn(counsellor, centre.url, 'counsellor', PASSWORD);
    const code = await registerCase(counsellor, 'Fictional person', await demoReference(0));

    const monitor = await desk();
    await signIn(monitor, centre.url, 'monitor', PASSWORD);
    await monitor.getByTestId('nav-review').click();
    await expect(monitor.getByTestId('review-empty')).toBeVisible();
    const crawls = await monitor.context().newPage();
    await crawls.goto(centre.url);
    // One gallery page: 24 pictures, one of them a resized copy of the case's photo.
    await startOnePageCrawl(crawls, 'Fixture gallery 3', `${site.origin}/gallery/3`, 50);

    // Worker 1 is killed as soon as its first fetches of pictures are in flight; worker 2 starts.
    const pictures = () => site.requests.filter((p) => /^\/img\//.test(p));
    await expect
      .poll(() => pictures().length, { timeout: 60_000, intervals: [50] })
      .toBeGreaterThan(1);
    first.child.kill('SIGKILL');
    const inFlight = pictures();
    const second = startWorker(centre, codes[1]!, redis.url, homes[1]!);
    workers.push(second.child);
    await second.ready;

    const run = async () =>
      (await deskCall<Run[]>(monitor, 'crawls.list', {})).value!.find(
        (r) => r.state === 'running' || r.state === 'finished',
      );
    await expect.poll(async () => (await run())?.state, { timeout: 120_000 }).toBe('finished');
    const done = (await run())!;
    const distinct = new Set(pictures());
    // Nothing lost: every picture of the page is in the run, each counted once…
    expect(done.pages).toBe(1);
    expect(done.images).toBe(distinct.size);
    // …and what worker 1 was fetching when it was killed, worker 2 fetched again.
    const after = pictures().slice(inFlight.length);
    expect(inFlight.filter((p) => after.includes(p)).length).toBeGreaterThan(0);

    // The copy is recorded once, and the monitor reviews it on her desk without a reload.
    await expect(monitor.getByTestId('review-case-code')).toHaveText(code);
    await expect(monitor.getByTestId('review-position')).toHaveText('1 of 1');
    const queue = await deskCall<{ total: number; items: { id: number; pageCount: number }[] }>(
      monitor,
      'review.list',
      { filter: { state: 'pending' } },
    );
    expect(queue.value!.total).toBe(1);
    expect(queue.value!.items[0]!.pageCount).toBe(1);
    await screenshot(monitor, 'centre-workers-01-monitor-review-en');
    await monitor.getByTestId('review-confirm').click();
    await expect(monitor.getByTestId('review-status')).toContainText('Confirmed');
    expect(second.output()).not.toContain('jium worker:');
  } finally {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGTERM');
    await browser.close();
    centre?.child.kill('SIGTERM');
    await redis?.stop();
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
