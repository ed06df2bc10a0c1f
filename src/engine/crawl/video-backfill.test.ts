/**
 * A reference video registered before migration 26 (no crop-stage keyframes) gets them when a
 * crawl first needs them, from its sealed original (decision 0122): a case file of the version
 * before 26 is made from rows a real registration wrote (the keyframes' table left behind), opened
 * by the current engine, and a crawl of a 127.0.0.1 page then finds an 80% crop of the video that
 * its frame hashes miss. Without the case key nothing is computed; a second load computes nothing
 * again. Real case files, FFmpeg, OpenCV and HTTP.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PASSPHRASE, startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { backfillVideoFeatures } from '../cases/video-features-backfill';
import { addVideoFile } from '../cases/video-test-support';
import type { HandlerContext } from '../core/context';
import { Engine } from '../core/engine';
import { passphraseProvider } from '../crypto/master-key';
import { openCaseFile } from '../db/case-file';
import { MIGRATIONS } from '../db/migrations';
import { migrationVideoFeatures } from '../db/migrations/v26-video-features';
import { hasFfmpeg } from '../../test-support/videos';
import { tempDir } from '../../test-support/temp-dir';
import { evidenceKeys } from './crawl-manager';
import { keyedEvidenceStore } from './evidence';
import { loadCrawlReferences } from './reference-index';
import { readLog } from './sites';
import { localRun, localSite } from './test-case-file';
import { startTestServer, type TestServer } from './test-server';
import { crawlTestReferenceVideo, crop80Copy } from './test-video-reference';
import { serveFile } from './video-test-routes';

const identity = { name: 'Test Person', contact: '', notes: '' };
const consent = { searchWeb: true, fileTakedowns: true, storage: 'originals' as const };

/**
 * A case file of the version before migration 26 holding every row of `source` (a file the current
 * engine wrote): each table of the older schema is filled from the same table's columns there.
 */
function previousVersionCopy(source: string, target: string): void {
  const old = openCaseFile(target, {
    migrations: MIGRATIONS.filter((m) => m.version < migrationVideoFeatures.version),
  });
  old.close();
  const db = new Database(target);
  try {
    db.pragma('foreign_keys = OFF');
    db.prepare('ATTACH DATABASE ? AS src').run(source);
    const tables = db
      .prepare(
        `SELECT name FROM main.sqlite_master WHERE type = 'table'
          AND name NOT IN ('schema_migrations', 'sqlite_sequence') AND name NOT LIKE 'sqlite_%'`,
      )
      .pluck()
      .all() as string[];
    db.transaction(() => {
      for (const t of tables) {
        const cols = (
          db.prepare(`PRAGMA main.table_xinfo("${t}")`).all() as {
            name: string;
            hidden: number;
          }[]
        )
          .filter((c) => c.hidden === 0)
          .map((c) => `"${c.name}"`)
          .join(', ');
        db.exec(
          `DELETE FROM main."${t}"; INSERT INTO main."${t}" (${cols}) SELECT ${cols} FROM src."${t}"`,
        );
      }
    })();
    db.exec('DETACH DATABASE src');
  } finally {
    db.close();
  }
}

describe.skipIf(!hasFfmpeg())(
  'crop-stage keyframes for a reference video registered before migration 26',
  { timeout: 400_000 },
  () => {
    let t: TestEngine;
    let srv: TestServer;
    const { dir, cleanup } = tempDir();
    let engine: Engine | undefined;
    let videoId: number;
    beforeAll(async () => {
      const reference = await crawlTestReferenceVideo();
      const cropped = await crop80Copy(reference, 0.05, 0.12);
      srv = await startTestServer({
        '/': (_q, r) =>
          r
            .writeHead(200, { 'content-type': 'text/html' })
            .end(`<video src="/v/cropped.mp4"></video>`),
        '/v/cropped.mp4': serveFile(cropped, 'video/mp4', true),
      });
      t = await startTestEngine();
      await withUsers(t);
      const c = await t.ok('counsellor', 'cases.create', { identity, consent });
      const added = await addVideoFile(t, 'counsellor', c.id, reference, 'reference.mp4');
      if (added.status !== 'added') throw new Error(`not added: ${added.status}`);
      videoId = added.video.id;
      t.engine.db.pragma('wal_checkpoint(TRUNCATE)');
    }, 400_000);
    afterAll(async () => {
      await srv?.close();
      engine?.close();
      t?.close();
      cleanup();
    });

    it('computes them from the sealed original on first need, and a crawl then finds a crop', async () => {
      const path = join(dir, 'before-v26.jium');
      previousVersionCopy(t.path, path);
      const raw = new Database(path, { readonly: true });
      expect(raw.pragma('user_version', { simple: true })).toBe(migrationVideoFeatures.version - 1);
      expect(
        raw.prepare('SELECT count(*) FROM reference_video_originals').pluck().get(),
      ).toBeGreaterThan(0);
      raw.close();

      engine = new Engine({
        caseFilePath: path,
        host: 'headless',
        version: '0.0.0-test',
        logInternalError: (m, e) => console.error(m, e),
        masterKey: passphraseProvider(PASSPHRASE),
        now: t.clock.now,
      });
      const db = engine.db;
      const vault = (engine as unknown as { vault: HandlerContext['vault'] }).vault;
      const features = () =>
        db.prepare('SELECT count(*) FROM reference_video_features').pluck().get();
      expect(features()).toBe(0); // migrated: the table is there, empty
      // Without a case key nothing can be opened, so nothing is computed.
      expect(await backfillVideoFeatures(db, new Map())).toBe(0);

      await vault.unlock();
      const keys = evidenceKeys({ db, vault });
      expect(keys.size).toBe(1);
      const references = await loadCrawlReferences(db, keys); // the first need
      expect(features()).toBe(1);
      const kept = references.videos!.features.keyframes(String(videoId));
      expect(kept).toBeGreaterThanOrEqual(14); // 18.5 s, about one a second (fades left out)
      // Sealed: the stored bytes are not the descriptors.
      const sealed = db
        .prepare('SELECT sealed FROM reference_video_features')
        .pluck()
        .get() as Buffer;
      expect(sealed.length).toBeGreaterThan(kept * 1000);
      // Computed once: a second load finds nothing missing.
      expect(await backfillVideoFeatures(db, keys)).toBe(0);

      const config = localSite(srv.origin, { maxVideoMiB: 20, maxVideoMinutes: 5 });
      const { runner, runId } = localRun(db, config, {
        references,
        evidence: keyedEvidenceStore(keys),
      });
      expect(await runner.run()).toBe('finished');
      const log = readLog(db, runId, 0, 1000).filter(
        (l) => l.url === `${srv.origin}/v/cropped.mp4`,
      );
      expect(log.map((l) => l.code)).toContain('video-match');
      expect(log.find((l) => l.code === 'video-match')!.message).toMatch(
        /local features: [2-8] of [2-8] frames looked at verified/,
      );
      const match = db.prepare('SELECT reference_video_id, algo FROM crawl_matches').all();
      expect(match).toEqual([{ reference_video_id: videoId, algo: 'vpdq-local' }]);
    });
  },
);
