import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCaseFile, type CaseFile } from '../db/case-file';
import { tempDir } from '../../test-support/temp-dir';
import { Frontier } from './frontier';
import { insertRun, insertSite } from './sites';
import { localSite } from './test-case-file';

let file: CaseFile;
let cleanup: () => void;
let frontier: Frontier;

beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  file = openCaseFile(join(t.dir, 'case.jium'));
  const config = localSite('http://127.0.0.1:9');
  const siteId = insertSite(file.db, config, new Date());
  frontier = new Frontier(file.db, insertRun(file.db, siteId, config, new Date()));
});
afterEach(() => {
  file.close();
  cleanup();
});

const url = (path: string) => new URL(`http://127.0.0.1:9${path}`);
const urls = (rows: { url: string }[]) => rows.map((r) => new URL(r.url).pathname);
/** The same question asked of a frontier that has read nothing ahead: the oracle. */
const fresh = (now: number, n: number) => urls(new Frontier(file.db, frontier.runId).due(now, n));
/** The read-ahead answer, checked against a fresh query. */
const due = (now: number, n: number) => {
  const got = urls(frontier.due(now, n));
  expect(got).toEqual(fresh(now, n));
  return got;
};

describe('due rows read ahead (decision 0057)', () => {
  it('answers as a fresh query would after claims, additions, retries and time passing', () => {
    for (let i = 0; i < 5; i++) frontier.add('page', url(`/p${i}`), 1, null);
    expect(due(1000, 2)).toEqual(['/p0', '/p1']);
    // A claimed row leaves the answer; the rest come from the rows read ahead.
    expect(frontier.claim(frontier.due(1000, 1)[0]!.id)).toBe(true);
    expect(due(1000, 2)).toEqual(['/p1', '/p2']);
    // An image added since sorts first (images finish pages' work).
    frontier.add('image', url('/i.jpg'), 2, url('/p0').href);
    expect(due(1000, 2)).toEqual(['/i.jpg', '/p1']);
    // A row retried later leaves the answer, and comes back once its time has come.
    const p1 = frontier.due(1000, 2)[1]!;
    frontier.retryAt(p1.id, 5000, 'timeout-body');
    expect(due(1000, 10)).toEqual(['/i.jpg', '/p2', '/p3', '/p4']);
    expect(due(4999, 10)).toEqual(['/i.jpg', '/p2', '/p3', '/p4']);
    expect(due(5000, 10)).toEqual(['/i.jpg', '/p1', '/p2', '/p3', '/p4']);
    // A larger ask than was read ahead reads again.
    for (let i = 5; i < 80; i++) frontier.add('page', url(`/p${i}`), 1, null);
    expect(frontier.due(5000, 70)).toHaveLength(70);
    expect(frontier.due(5000, 200)).toHaveLength(80);
  });
});
