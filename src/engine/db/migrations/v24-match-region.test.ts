/**
 * The match-region migration on a case file of the version before, holding matches: every row
 * keeps every column and has no region; a new match can carry one, and a malformed one is refused.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from '../../../test-support/temp-dir';
import { seedTakedownData } from '../../takedowns/test-support';
import { openCaseFile } from '../case-file';
import { MIGRATIONS } from './index';
import { migrationMatchRegion } from './v24-match-region';

it('keeps every match of the previous version, with no region, and accepts regions after', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'previous.jium');
    const now = new Date('2026-12-01T10:00:00Z');
    const old = openCaseFile(path, {
      migrations: MIGRATIONS.filter((m) => m.version < migrationMatchRegion.version),
    });
    old.db
      .prepare(
        `INSERT INTO users (id, username, display_name, role, password_hash, created_at)
         VALUES (1, 'm', 'M', 'monitor', 'x', ?)`,
      )
      .run(now.toISOString());
    const seed = seedTakedownData(old.db, 1, now);
    const ids = [
      seed.match('https://a.example/1', 'https://a.example/1.jpg'),
      seed.match('https://b.example/2', 'https://b.example/2.jpg'),
    ];
    const before = old.db.prepare('SELECT * FROM crawl_matches ORDER BY id').all();
    old.close();

    const file = openCaseFile(path);
    try {
      const db = file.db;
      const after = db.prepare('SELECT * FROM crawl_matches ORDER BY id').all() as Record<
        string,
        unknown
      >[];
      expect(after.map(({ region, ...rest }) => (expect(region).toBeNull(), rest))).toEqual(before);
      const region = JSON.stringify([0.1, 0.2, 0.9, 0.2, 0.9, 0.8, 0.1, 0.8]);
      db.prepare('UPDATE crawl_matches SET region = ? WHERE id = ?').run(region, ids[0]);
      expect(db.prepare('SELECT region FROM crawl_matches WHERE id = ?').pluck().get(ids[0])).toBe(
        region,
      );
      expect(() =>
        db.prepare('UPDATE crawl_matches SET region = ? WHERE id = ?').run('[0.1, 0.2]', ids[1]),
      ).toThrow(/CHECK/);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      file.close();
    }
  } finally {
    cleanup();
  }
});
