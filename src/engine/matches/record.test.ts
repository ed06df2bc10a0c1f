/**
 * The one door (decision 0091): a match of each source and media kind is one row of the one
 * table, recorded once however often it is found again, with its evidence as given; evidence
 * that does not fit what was found is refused before anything is written.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTakedownTestFile, type TakedownTestFile } from '../takedowns/test-support';
import { recordMatch } from './record';
import type { FoundMedia, NewMatch } from './types';

let f: TakedownTestFile;
beforeEach(() => {
  f = createTakedownTestFile();
});
afterEach(() => f.cleanup());

const found = (over: Partial<FoundMedia> = {}): FoundMedia => ({
  kind: 'image',
  runId: null,
  siteId: null,
  pageUrl: 'https://host.example/p/1',
  url: 'https://host.example/i/1.jpg',
  sha256: 'ab'.repeat(32),
  foundAt: '2026-12-07T00:30:00.000Z',
  httpStatus: 200,
  httpHeaders: { 'content-type': 'image/jpeg' },
  redirectChain: [],
  serverIp: '127.0.0.1',
  ...over,
});

function referenceVideo(): number {
  return Number(
    f.db
      .prepare(
        `INSERT INTO reference_videos (case_id, sha256, file_name, format, duration_s, width,
           height, byte_size, sample_every_s, sampled, added_at, added_by)
         VALUES (?, ?, x'00', 'mp4', 30, 640, 360, 1000, 1, 0, ?, ?)`,
      )
      .run(f.caseId, 'ee'.repeat(32), '2026-12-07T00:00:00.000Z', f.userId).lastInsertRowid,
  );
}

function list(): { listId: number; entryId: number } {
  const listId = Number(
    f.db
      .prepare(
        `INSERT INTO hash_lists (name, source, format, enabled, entries, rejected, merged,
           imported_at) VALUES ('Partner', '', 'csv', 1, 1, 0, 0, '2026-12-07T00:00:00.000Z')`,
      )
      .run().lastInsertRowid,
  );
  const entryId = Number(
    f.db
      .prepare('INSERT INTO hash_list_entries (list_id, sha256, line) VALUES (?, ?, 2)')
      .run(listId, 'ab'.repeat(32)).lastInsertRowid,
  );
  return { listId, entryId };
}

const row = (id: number) =>
  f.db
    .prepare(
      `SELECT source, media_kind, case_id, reference_image_id, reference_video_id, list_id,
         list_entry_id, page_url, image_url, distance, algo, transform, segments, ref_time_s,
         query_pct, compare_pct, sampled, evidence_image, http_headers
       FROM crawl_matches WHERE id = ?`,
    )
    .get(id);

describe('recordMatch', () => {
  it('records a case image match once, with its sealed evidence, and queues it for review', () => {
    const m: NewMatch = {
      found: found(),
      target: { source: 'case-image', caseId: f.caseId, referenceImageId: f.referenceId },
      evidence: { algo: 'pdq', distance: 6, transform: 'flip-h' },
      sealed: { image: Buffer.from([1, 2, 3]), snapshot: null, snapshotKind: null },
    };
    const id = recordMatch(f.db, m)!;
    expect(row(id)).toMatchObject({
      source: 'case-image',
      media_kind: 'image',
      case_id: f.caseId,
      reference_image_id: f.referenceId,
      list_id: null,
      distance: 6,
      transform: 'flip-h',
      segments: null,
      sampled: 0,
      evidence_image: Buffer.from([1, 2, 3]),
      http_headers: '{"content-type":"image/jpeg"}',
    });
    expect(recordMatch(f.db, m)).toBeNull();
    expect(
      f.db.prepare('SELECT page_count FROM review_items WHERE best_match_id = ?').pluck().get(id),
    ).toBe(1);
  });

  it('records a found video against a reference video with its segments and sampled flag', () => {
    const referenceVideoId = referenceVideo();
    const segments = [
      { queryStartS: 2, queryEndS: 9.5, refStartS: 0, refEndS: 7.5 },
      { queryStartS: 20, queryEndS: 24, refStartS: 12, refEndS: 16 },
    ];
    const id = recordMatch(f.db, {
      found: found({ kind: 'video', url: 'https://host.example/v/1.mp4' }),
      target: { source: 'case-video', caseId: f.caseId, referenceVideoId },
      evidence: {
        algo: 'pdq-video',
        distance: 18,
        transform: 'identity',
        segments,
        queryPct: 45.5,
        comparePct: 60,
        sampled: true,
      },
    })!;
    expect(row(id)).toMatchObject({
      source: 'case-video',
      media_kind: 'video',
      reference_image_id: null,
      reference_video_id: referenceVideoId,
      query_pct: 45.5,
      compare_pct: 60,
      sampled: 1,
    });
    expect(JSON.parse((row(id) as { segments: string }).segments)).toEqual(segments);
    // The same video on the same page matched to the same reference is the same match.
    expect(
      recordMatch(f.db, {
        found: found({ kind: 'video', url: 'https://host.example/v/1.mp4' }),
        target: { source: 'case-video', caseId: f.caseId, referenceVideoId },
        evidence: { algo: 'pdq-video', distance: 18, transform: 'identity', segments },
      }),
    ).toBeNull();
  });

  it('records a still image that is one frame of a reference video, with the frame time', () => {
    const referenceVideoId = referenceVideo();
    const id = recordMatch(f.db, {
      found: found(),
      target: { source: 'case-video', caseId: f.caseId, referenceVideoId },
      evidence: { algo: 'pdq', distance: 10, transform: 'identity', refTimeS: 12.5 },
    })!;
    expect(row(id)).toMatchObject({ media_kind: 'image', ref_time_s: 12.5, segments: null });
  });

  it('records a hash-list match with no case, beside a case match of the same image', () => {
    const { listId, entryId } = list();
    const caseMatch = recordMatch(f.db, {
      found: found(),
      target: { source: 'case-image', caseId: f.caseId, referenceImageId: f.referenceId },
      evidence: { algo: 'pdq', distance: 6, transform: 'identity' },
    });
    const id = recordMatch(f.db, {
      found: found(),
      target: { source: 'hash-list', listId, entryId },
      evidence: { algo: 'sha256', distance: 0, transform: 'identity' },
    })!;
    expect(id).not.toBe(caseMatch);
    expect(row(id)).toMatchObject({
      source: 'hash-list',
      case_id: null,
      list_id: listId,
      list_entry_id: entryId,
    });
    // In the one queue it is an item of the list, not the case's item for the same image.
    const itemOf = (match: number | null) =>
      f.db
        .prepare(
          `SELECT i.id, i.source, i.case_id, i.list_id FROM review_pages p
           JOIN review_items i ON i.id = p.item_id WHERE p.match_id = ?`,
        )
        .get(match) as { id: number; source: string; case_id: number | null; list_id: number };
    expect(itemOf(id)).toMatchObject({ source: 'list', case_id: null, list_id: listId });
    expect(itemOf(id).id).not.toBe(itemOf(caseMatch).id);
  });

  it('refuses evidence that does not fit what was found, writing nothing', () => {
    const { listId, entryId } = list();
    const target = {
      source: 'case-image',
      caseId: f.caseId,
      referenceImageId: f.referenceId,
    } as const;
    const seg = { queryStartS: 0, queryEndS: 1, refStartS: 0, refEndS: 1 };
    const bad: [string, NewMatch][] = [
      [
        'segments belong',
        {
          found: found(),
          target,
          evidence: { algo: 'pdq', distance: 1, transform: 'identity', segments: [seg] },
        },
      ],
      [
        'only a found video',
        {
          found: found(),
          target,
          evidence: { algo: 'pdq', distance: 1, transform: 'identity', sampled: true },
        },
      ],
      [
        'ends before',
        {
          found: found({ kind: 'video' }),
          target,
          evidence: {
            algo: 'v',
            distance: 1,
            transform: 'identity',
            segments: [{ ...seg, queryStartS: 2 }],
          },
        },
      ],
      [
        '0..100',
        {
          found: found({ kind: 'video' }),
          target,
          evidence: { algo: 'v', distance: 1, transform: 'identity', queryPct: 101 },
        },
      ],
      [
        'whole number',
        { found: found(), target, evidence: { algo: 'pdq', distance: 1.5, transform: 'identity' } },
      ],
      [
        'no sealed bytes',
        {
          found: found(),
          target: { source: 'hash-list', listId, entryId },
          evidence: { algo: 'sha256', distance: 0, transform: 'identity' },
          sealed: { image: Buffer.from([1]), snapshot: null, snapshotKind: null },
        },
      ],
    ];
    for (const [why, m] of bad) expect(() => recordMatch(f.db, m), why).toThrow(why);
    expect(f.db.prepare('SELECT count(*) FROM crawl_matches').pluck().get()).toBe(0);
  });
});
