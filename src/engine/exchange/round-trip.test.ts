import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoReference } from '../../../e2e/fixture-site/images';
import { startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { keyedEvidenceStore } from '../crawl/evidence';
import { listMatches } from '../crawl/sites';
import {
  createTestCaseFile,
  localSite,
  type TestCaseFile,
  localRun,
} from '../crawl/test-case-file';
import { exportHashList } from './export-list';
import { importHashList, textChunks } from './import-list';
import type Database from 'better-sqlite3';

async function crawl(db: Database.Database, origin: string, key?: [number, Buffer]) {
  const config = localSite(origin, { maxDepth: 6, maxPages: 200, name: `Fixture ${Date.now()}` });
  const evidence = keyedEvidenceStore(new Map(key ? [key] : []));
  const { runner, runId } = localRun(db, config, { evidence });
  expect(await runner.run()).toBe('finished');
  return runId;
}

const listMatchUrls = (db: Database.Database) =>
  (
    db.prepare("SELECT image_url FROM crawl_matches WHERE source = 'hash-list'").all() as {
      image_url: string;
    }[]
  ).map((r) => new URL(r.image_url).pathname);

describe('hash-list exchange: export, import into a fresh case file, crawl', () => {
  let site: FixtureSite;
  let source: TestCaseFile;
  let fresh: TestCaseFile;
  beforeAll(async () => {
    site = await startFixtureSite();
    source = await createTestCaseFile(await Promise.all([0, 1, 2].map(demoReference)));
    fresh = await createTestCaseFile([]);
  }, 60_000);
  afterAll(async () => {
    await site.close();
    source.cleanup();
    fresh.cleanup();
  });

  it('finds the confirmed copies through the imported list, and only through it', async () => {
    const db = source.file.db;
    const runId = await crawl(db, site.origin, [source.caseId, randomBytes(32)]);
    const matches = listMatches(db, runId, 100);
    expect(matches.length).toBeGreaterThanOrEqual(3);
    // A reviewer confirms all but one copy; the rejected one must not be exported.
    const [rejected, ...confirmed] = matches;
    db.prepare("UPDATE crawl_matches SET review_state = 'confirmed' WHERE id <> ?").run(
      rejected!.id,
    );
    db.prepare("UPDATE crawl_matches SET review_state = 'rejected' WHERE id = ?").run(rejected!.id);

    const csv = exportHashList(db, 'csv', new Date('2026-11-30T10:00:00Z'));
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('pdq,pdq_quality,blockhash,sha256');
    const confirmedShas = new Set(confirmed.map((m) => m.imageSha256));
    expect(csv.count).toBe(confirmedShas.size);
    for (const line of lines.slice(1)) {
      expect(line).toMatch(/^[0-9a-f]{64},\d{1,3},[0-9a-f]{64},[0-9a-f]{64}$/);
    }
    if (!confirmedShas.has(rejected!.imageSha256)) {
      expect(csv.text).not.toContain(rejected!.imageSha256);
    }
    // Nothing that identifies a case or a page.
    expect(csv.text).not.toMatch(/C-2026|http|127\.0\.0\.1/);

    // The fresh file has crawled the site before the list arrived: every image is "no match".
    const fdb = fresh.file.db;
    await crawl(fdb, site.origin);
    expect(listMatchUrls(fdb)).toEqual([]);

    const summary = importHashList(fdb, {
      name: 'Partner hotline',
      source: 'round-trip test',
      chunks: textChunks(csv.text, 100),
      userId: null,
      now: new Date(),
    });
    expect(summary).toMatchObject({ format: 'csv', entries: csv.count, rejected: 0, merged: 0 });
    expect(summary.flaggedSeen).toBeGreaterThanOrEqual(confirmedShas.size);

    await crawl(fdb, site.origin);
    const found = new Set(listMatchUrls(fdb));
    for (const m of confirmed) expect(found).toContain(new URL(m.imageUrl).pathname);
    // Only through it: the fresh file has no case, so no case match.
    expect(
      (
        fdb
          .prepare("SELECT count(*) AS n FROM crawl_matches WHERE source <> 'hash-list'")
          .get() as {
          n: number;
        }
      ).n,
    ).toBe(0);
    const log = fdb
      .prepare("SELECT count(*) AS n FROM crawl_log WHERE code = 'list-match'")
      .get() as {
      n: number;
    };
    expect(log.n).toBeGreaterThan(0);
  }, 240_000);

  it('exports and re-imports the plain PDQ file that HMA and ThreatExchange read', () => {
    const db = source.file.db;
    const txt = exportHashList(db, 'pdq-lines', new Date('2026-11-30T10:00:00Z'));
    expect(txt.fileName).toBe('jium-pdq-2026-11-30.txt');
    expect(txt.text).toMatch(/^([0-9a-f]{64}\n)+$/);
    const summary = importHashList(fresh.file.db, {
      name: 'Plain PDQ',
      source: 'test',
      chunks: textChunks(txt.text),
      userId: null,
      now: new Date(),
    });
    expect(summary).toMatchObject({ format: 'pdq-lines', entries: txt.count, rejected: 0 });
  });
});
