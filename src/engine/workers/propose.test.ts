import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoReference, pictureJpeg, plantedCopy } from '../../../e2e/fixture-site/images';
import type {
  CrawlJob,
  ProposeResult,
  WorkerCode,
  WorkerConfig,
  WorkerEnrolment,
  WorkerProposal,
} from '../../shared/worker-types';
import { hashPassword } from '../auth/password';
import { insertUser } from '../auth/users';
import { Engine } from '../core/engine';
import { insertSite } from '../crawl/sites';
import { createTestCaseFile, localSite, type TestCaseFile } from '../crawl/test-case-file';
import { startTestServer, type TestServer } from '../crawl/test-server';
import { CentreQueue } from './centre-queue';
import { jobProcessor, type JobProcessor } from './crawl-queue';

let cf: TestCaseFile;
let engine: Engine;
let site: TestServer;
let siteId: number;
let processor: JobProcessor | null = null;

const noPace = { take: async () => undefined, hold: async () => undefined };

async function value<T>(caller: string, method: string, input: unknown = {}): Promise<T> {
  const r = await engine.call(caller, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

beforeEach(async () => {
  const reference = await demoReference(0);
  cf = await createTestCaseFile([reference]);
  const copy = await plantedCopy(reference, 'resized');
  const other = await pictureJpeg(424_242);
  const jpeg = (bytes: Buffer) => (_: unknown, res: ServerResponse) =>
    res.writeHead(200, { 'content-type': 'image/jpeg' }).end(bytes);
  const html = (body: string) => (_: unknown, res: ServerResponse) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body>${body}</body></html>`);
  site = await startTestServer({
    '/': html('<a href="/a">a</a><a href="/moved">moved</a><img src="/other.jpg">'),
    '/a': html('<img src="/copy.jpg"><img src="/other.jpg">'),
    // A redirect is followed by the worker through the crawl's checks, and replayed by the server.
    '/moved': (_req, res) => res.writeHead(302, { location: '/b' }).end(),
    '/b': html('<img src="/copy.jpg">'),
    '/copy.jpg': jpeg(copy),
    '/other.jpg': jpeg(other),
  });
  siteId = insertSite(cf.file.db, localSite(site.origin), new Date());
  engine = new Engine({
    caseFilePath: cf.path,
    host: 'headless',
    version: '0.0.0-test',
    logInternalError: (m, e) => console.error(m, e),
  });
  insertUser(engine.db, {
    username: 'admin',
    displayName: 'Admin',
    role: 'admin',
    passwordHash: await hashPassword('correct horse battery'),
    createdAt: new Date().toISOString(),
  });
  await value('admin', 'auth.signIn', { username: 'admin', password: 'correct horse battery' });
}, 60_000);

afterEach(async () => {
  processor?.close();
  await engine.stopCrawls();
  engine.close();
  await site.close();
  cf.cleanup();
});

/** Enrols and signs in a worker as `caller`; its settings. */
async function worker(caller: string): Promise<{ id: number; config: WorkerConfig }> {
  const { code } = await value<WorkerCode>('admin', 'workers.createCode', { label: caller });
  const e = await value<WorkerEnrolment>(caller, 'workers.enrol', { code });
  await value(caller, 'workers.signIn', { credential: e.credential });
  return { id: e.workerId, config: await value<WorkerConfig>(caller, 'workers.config') };
}

/**
 * The server's queue in centre mode, without Redis: each job goes straight to the worker's
 * processing as in `jium worker`, which proposes through `propose`.
 */
function workerQueue(
  config: WorkerConfig,
  propose: (p: WorkerProposal) => Promise<void>,
): CentreQueue {
  processor = jobProcessor({ config, propose }, noPace);
  const queue = new CentreQueue({
    enqueue: async (jobs) => {
      for (const data of jobs)
        setImmediate(() => void processor!.process({ data, attemptsMade: 0, opts: {} }));
    },
  });
  engine.crawlManager().queue = queue;
  return queue;
}

describe('workers.propose: the server decides and records what workers fetched (issue 16)', () => {
  it('records pages, images and a match from proposals, each job once, and refuses a revoked worker', async () => {
    const w = await worker('w');
    const results: { job: CrawlJob; outcome: ProposeResult['outcome'] }[] = [];
    // The worker's processing as in `jium worker`, without Redis: jobs go straight to it, and
    // every image proposal is sent twice at once (a job taken up again after a kill).
    const propose = async (p: WorkerProposal) => {
      const times = p.job.kind === 'image' ? 2 : 1;
      const sent = Array.from({ length: times }, () =>
        value<ProposeResult>('w', 'workers.propose', p),
      );
      for (const r of await Promise.all(sent)) results.push({ job: p.job, outcome: r.outcome });
    };
    const queue = workerQueue(w.config, propose);
    const run = await value<{ id: number }>('admin', 'crawls.start', { siteId });
    await engine.crawlEnded(run.id);

    const db = engine.db;
    const runRow = db.prepare('SELECT state, pages, images, matches FROM crawl_runs WHERE id = ?');
    expect(runRow.get(run.id)).toMatchObject({ state: 'finished', pages: 3, matches: 1 });
    const frontier = db
      .prepare('SELECT kind, url, state, outcome FROM crawl_frontier WHERE run_id = ? ORDER BY id')
      .all(run.id) as { kind: string; url: string; state: string; outcome: string }[];
    expect(frontier.map((r) => `${r.kind} ${new URL(r.url).pathname} ${r.state}`).sort()).toEqual(
      [
        'image /copy.jpg done',
        'image /other.jpg done',
        'page / done',
        'page /a done',
        'page /moved done',
      ].sort(),
    );
    // One match for the planted copy, with the page it was found on and its server's address.
    const matches = db
      .prepare('SELECT page_url, image_url, server_ip FROM crawl_matches WHERE run_id = ?')
      .all(run.id) as { page_url: string; image_url: string; server_ip: string }[];
    expect(matches).toHaveLength(1);
    expect(matches[0]!.image_url).toBe(`${site.origin}/copy.jpg`);
    expect(matches[0]!.server_ip).toBe('127.0.0.1');
    // Each image job recorded once; its twin found it done.
    const images = results.filter((r) => r.job.kind === 'image');
    expect(images.filter((r) => r.outcome === 'recorded')).toHaveLength(2);
    expect(images.filter((r) => r.outcome === 'duplicate')).toHaveLength(2);
    // The server never fetched: every request the site saw came from the worker, once per URL.
    expect(site.hits.filter((h) => h === '/copy.jpg')).toHaveLength(1);
    expect(queue.pending).toBe(0);

    // Revoked: the next proposal is refused before anything is read.
    await value('admin', 'workers.revoke', { id: w.id });
    // The redirect was followed by the worker and replayed here: one page, at its final address.
    expect(site.hits.filter((h) => h === '/b')).toHaveLength(1);
    const refused = await engine.call('w', 'workers.propose', {
      job: { ...images[0]!.job, attempt: 9 },
      exchanges: [{ url: images[0]!.job.url, status: 200 }],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  }, 120_000);

  it('answers `recorded` only once the outcome is committed: a failed commit is fetched again', async () => {
    const w = await worker('w');
    const answers: { path: string; outcome: ProposeResult['outcome'] }[] = [];
    const propose = async (p: WorkerProposal) => {
      const r = await value<ProposeResult>('w', 'workers.propose', p);
      answers.push({ path: new URL(p.job.url).pathname, outcome: r.outcome });
    };
    workerQueue(w.config, propose);
    // The case file refuses the write of page /a's outcome (as a full disk would): a temporary
    // trigger on this connection, the runner's, aborts the transaction that marks the row done.
    engine.db.exec(`CREATE TEMP TRIGGER refuse_a BEFORE UPDATE OF state ON crawl_frontier
      WHEN NEW.state = 'done' AND NEW.url LIKE '%/a' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const run = await value<{ id: number }>('admin', 'crawls.start', { siteId });
    await engine.crawlEnded(run.id);
    const db = engine.db;
    const state = db.prepare('SELECT state FROM crawl_runs WHERE id = ?');
    // The run stopped at the failed write; the worker was not told its page was recorded.
    expect(state.get(run.id)).toEqual({ state: 'paused' });
    expect(answers.filter((a) => a.path === '/a')).toEqual([{ path: '/a', outcome: 'stale' }]);
    expect(answers.filter((a) => a.outcome === 'recorded').map((a) => a.path)).not.toContain('/a');

    // The disk has room again: the run continues, /a is fetched again and nothing is lost.
    db.exec('DROP TRIGGER refuse_a');
    await value('admin', 'crawls.resume', { runId: run.id });
    await engine.crawlEnded(run.id);
    expect(state.get(run.id)).toEqual({ state: 'finished' });
    expect(answers.filter((a) => a.path === '/a').map((a) => a.outcome)).toEqual([
      'stale',
      'recorded',
    ]);
    const rows = db
      .prepare('SELECT url, state FROM crawl_frontier WHERE run_id = ?')
      .all(run.id) as { url: string; state: string }[];
    expect(rows).toHaveLength(5);
    expect(rows.filter((r) => r.state !== 'done')).toEqual([]);
    expect(
      db.prepare('SELECT COUNT(*) AS n FROM crawl_matches WHERE run_id = ?').get(run.id),
    ).toEqual({ n: 1 });
  }, 120_000);

  it('refuses proposals when the server runs no queue, and people cannot propose', async () => {
    await worker('w');
    const p = {
      job: {
        runId: 1,
        siteId,
        kind: 'page',
        url: `${site.origin}/`,
        pageUrl: `${site.origin}/`,
        attempt: 1,
      },
      exchanges: [{ url: `${site.origin}/`, status: 200 }],
    };
    expect(await engine.call('w', 'workers.propose', p)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await engine.call('admin', 'workers.propose', p)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});
