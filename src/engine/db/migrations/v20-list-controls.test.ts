import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-support/temp-dir';
import { openCaseFile } from '../case-file';
import { MIGRATIONS } from './index';
import { migrationListControls } from './v20-list-controls';

let cleanup = () => undefined as void;
afterEach(() => cleanup());

describe('migration list-controls', () => {
  it('keeps the lists and entries of a file written before it, with the old distance and kind', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'old.jium');
    const old = openCaseFile(path, {
      migrations: MIGRATIONS.filter((m) => m.version < migrationListControls.version),
    });
    old.db.exec(`
      INSERT INTO hash_lists (id, name, source, format, enabled, entries, rejected, merged,
        imported_at) VALUES (7, 'Partner', 'KR', 'csv', 1, 2, 0, 0, '2026-12-01T00:00:00Z');
      INSERT INTO hash_list_entries (list_id, pdq, pdq_quality, sha256, line)
        VALUES (7, zeroblob(32), 90, NULL, 2), (7, NULL, NULL, '${'ab'.repeat(32)}', 3);
    `);
    old.close();

    const file = openCaseFile(path);
    try {
      expect(file.info.schemaVersion).toBeGreaterThanOrEqual(migrationListControls.version);
      expect(
        file.db
          .prepare(
            `SELECT id, name, entries, pdq_distance, kind, suppressed, quarantined_at
             FROM hash_lists`,
          )
          .all(),
      ).toEqual([
        {
          id: 7,
          name: 'Partner',
          entries: 2,
          pdq_distance: 20,
          kind: 'match',
          suppressed: 0,
          quarantined_at: null,
        },
      ]);
      expect(
        file.db
          .prepare('SELECT line, pdq_quality, sha256, vpdq, quarantined_at FROM hash_list_entries')
          .all(),
      ).toEqual([
        { line: 2, pdq_quality: 90, sha256: null, vpdq: null, quarantined_at: null },
        { line: 3, pdq_quality: null, sha256: 'ab'.repeat(32), vpdq: null, quarantined_at: null },
      ]);
      // The list queue's trigger now leaves quarantined lists and entries out.
      const trigger = file.db
        .prepare("SELECT sql FROM sqlite_master WHERE name = 'review_list_match_in'")
        .get() as { sql: string };
      expect(trigger.sql).toContain('quarantined_at IS NOT NULL');
      expect(file.db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      file.close();
    }
  });
});
