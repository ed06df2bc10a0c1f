import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storedFingerprint, type DbStoredImage } from '../../crawl/sightings';
import { tempDir } from '../../../test-support/temp-dir';
import { openCaseFile } from '../case-file';
import { MIGRATIONS } from './index';
import { migrationSightings } from './v15-sightings';

let cleanup = () => undefined as void;
afterEach(() => cleanup());

describe('migration sightings', () => {
  it('keeps the crawled hashes of a file written before it, and they still make a fingerprint', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'old.jium');
    const old = openCaseFile(path, {
      migrations: MIGRATIONS.filter((m) => m.version < migrationSightings.version),
    });
    const pdq = Buffer.alloc(32, 0x5a);
    const block = Buffer.alloc(32, 0xa5);
    old.db
      .prepare(
        `INSERT INTO crawl_image_hashes (sha256, pdq, blockhash, low_quality, matched,
           first_seen_at, pdq_quality) VALUES ('ab', ?, ?, 0, 1, '2026-12-01T00:00:00Z', 87)`,
      )
      .run(pdq, block);
    old.close();

    const file = openCaseFile(path);
    try {
      expect(file.info.schemaVersion).toBeGreaterThanOrEqual(migrationSightings.version);
      const row = file.db
        .prepare(
          `SELECT sha256, pdq, blockhash, low_quality, pdq_quality, variants, pixels, matched,
             first_seen_at FROM crawl_image_hashes`,
        )
        .get() as DbStoredImage & { matched: number; first_seen_at: string };
      expect(row).toMatchObject({
        sha256: 'ab',
        matched: 1,
        first_seen_at: '2026-12-01T00:00:00Z',
        pdq_quality: 87,
        variants: null,
        pixels: null,
      });
      expect(row.pdq).toEqual(pdq);
      expect(row.blockhash).toEqual(block);
      // Rows from before keep matching: their whole-image hashes are the `full` region.
      const fp = storedFingerprint(row)!;
      expect(fp.variants.map((v) => `${v.algo}/${v.region}`)).toEqual([
        'pdq/full',
        'blockhash/full',
      ]);
      expect(Buffer.from(fp.pdq.hash)).toEqual(pdq);
      expect(fp.pdq.quality).toBe(87);
      expect(file.db.prepare('SELECT count(*) AS n FROM crawl_sightings').get()).toEqual({ n: 0 });
    } finally {
      file.close();
    }
  });
});
