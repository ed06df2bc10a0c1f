/**
 * The video-features migration on a case file of the version before, holding a reference video
 * with its frames: nothing is lost, the new table starts empty, takes a sealed row and loses it
 * with its video.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from '../../../test-support/temp-dir';
import { insertReferenceVideo } from '../../crawl/video-test-routes';
import { seedTakedownData } from '../../takedowns/test-support';
import { openCaseFile } from '../case-file';
import { MIGRATIONS } from './index';
import { migrationVideoFeatures } from './v26-video-features';

it('keeps every reference video of the previous version, and its keyframes go with the video', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'previous.jium');
    const now = new Date('2026-12-01T10:00:00Z');
    const old = openCaseFile(path, {
      migrations: MIGRATIONS.filter((m) => m.version < migrationVideoFeatures.version),
    });
    old.db
      .prepare(
        `INSERT INTO users (id, username, display_name, role, password_hash, created_at)
         VALUES (1, 'c', 'C', 'counsellor', 'x', ?)`,
      )
      .run(now.toISOString());
    const { caseId } = seedTakedownData(old.db, 1, now);
    const frames = [0, 0.2, 0.4].map((t, i) => ({
      timestampS: t,
      pdq: new Uint8Array(32).fill(i + 1),
      quality: 90,
    }));
    const print = {
      durationS: 1,
      width: 64,
      height: 36,
      sampleEveryS: 0.2,
      sampled: false,
      frames,
    };
    const videoId = insertReferenceVideo(old.db, caseId, print, 'cd'.repeat(32));
    const before = {
      videos: old.db.prepare('SELECT * FROM reference_videos ORDER BY id').all(),
      frames: old.db.prepare('SELECT * FROM reference_video_frames ORDER BY id').all(),
    };
    expect(before.frames).toHaveLength(3);
    old.close();

    const file = openCaseFile(path);
    try {
      const db = file.db;
      expect(file.info.schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
      expect(db.prepare('SELECT * FROM reference_videos ORDER BY id').all()).toEqual(before.videos);
      expect(db.prepare('SELECT * FROM reference_video_frames ORDER BY id').all()).toEqual(
        before.frames,
      );
      expect(db.prepare('SELECT count(*) FROM reference_video_features').pluck().get()).toBe(0);
      db.prepare(
        'INSERT INTO reference_video_features (video_id, kind, sealed) VALUES (?, ?, ?)',
      ).run(videoId, 'orb512-1s-v1', Buffer.alloc(40, 9));
      db.prepare('DELETE FROM reference_videos WHERE id = ?').run(videoId);
      expect(db.prepare('SELECT count(*) FROM reference_video_features').pluck().get()).toBe(0);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      file.close();
    }
  } finally {
    cleanup();
  }
});
