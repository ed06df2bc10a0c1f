/**
 * Test support for the kill -9 test: runs one crawl run of a case file in this process, printing a
 * JSON line per progress report, until the test kills it. Bundled by resume.test.ts with esbuild.
 * Usage: node crash-child.mjs <case file> <run id> <site id>
 */
import { openCaseFile } from '../db/case-file';
import { loadReferences } from './reference-index';
import { CrawlRunner } from './runner';
import { runConfig } from './sites';
import { TEST_FETCH_LIMITS } from './test-case-file';

const [path, runId, siteId] = process.argv.slice(2);
const file = openCaseFile(path!, { create: false });
const runner = new CrawlRunner({
  db: file.db,
  runId: Number(runId),
  siteId: Number(siteId),
  config: runConfig(file.db, Number(runId)),
  references: loadReferences(file.db),
  fetchLimits: TEST_FETCH_LIMITS,
  progressEveryMs: 20,
  onProgress: (p) => process.stdout.write(JSON.stringify(p) + '\n'),
});
await runner.run();
file.close();
