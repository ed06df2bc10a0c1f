/**
 * The Electron main bundle (out/main, built by `npm run build`) carries each worker thread's entry
 * (crawl, hashing pool, video hashing) where the code looks for it: './<entry>.js' beside the
 * module that resolves it.
 * The worker is then run for real, in a worker thread, on a case file crawling the fixture site.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openCaseFile } from '../src/engine/db/case-file';
import { localSite } from '../src/engine/crawl/test-case-file';
import { insertRun, insertSite } from '../src/engine/crawl/sites';
import type { WorkerData, WorkerMessage } from '../src/engine/crawl/worker-protocol';
import { startFixtureSite } from './fixture-site/site';
import { expect, ROOT, test } from './fixtures';

const MAIN = join(ROOT, 'out/main');

/**
 * Each worker thread's entry: the crawl (CrawlManager), the crawl's hashing pool (hash-pool.ts)
 * and a video's hashing (video/off-thread.ts, frame-hasher.ts).
 */
for (const entry of ['crawl-worker', 'hash-worker', 'video-worker']) {
  test(`out/main has the ${entry} where the bundled modules resolve it`, () => {
    expect(existsSync(join(MAIN, `${entry}.js`))).toBe(true);
    const resolves = new RegExp(`new URL\\(["']\\./${entry}\\.js["'],\\s*import\\.meta\\.url\\)`);
    const resolving = readdirSync(MAIN, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile() && f.name.endsWith('.js'))
      .map((f) => join(f.parentPath, f.name))
      .filter((p) => resolves.test(readFileSync(p, 'utf8')));
    // Every module that resolves it sits directly in out/main (a chunk in a subfolder would miss it).
    expect(resolving.length).toBeGreaterThan(0);
    for (const p of resolving) expect(join(p, '..')).toBe(MAIN);
  });
}

test('the bundled worker crawls a case file in a worker thread and reports progress', async () => {
  test.setTimeout(60_000);
  const site = await startFixtureSite();
  const dir = mkdtempSync(join(tmpdir(), 'jium-e2e-worker-'));
  const path = join(dir, 'case.jium');
  const file = openCaseFile(path);
  const config = localSite(site.origin, { maxDepth: 1, maxPages: 5 });
  const siteId = insertSite(file.db, config, new Date());
  const runId = insertRun(file.db, siteId, config, new Date());
  file.close();
  try {
    const data: WorkerData = {
      caseFilePath: path,
      runId,
      siteId,
      caseKeys: [],
      polite: false,
      secrets: null,
    };
    const messages: WorkerMessage[] = [];
    const worker = new Worker(join(MAIN, 'crawl-worker.js'), { workerData: data });
    worker.on('message', (m: WorkerMessage) => messages.push(m));
    await new Promise((resolveExit, reject) => {
      worker.once('exit', resolveExit);
      worker.once('error', reject);
    });
    expect(messages.some((m) => m.type === 'progress')).toBe(true);
    expect(messages.at(-1)).toEqual({ type: 'done', state: 'finished' });
  } finally {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
