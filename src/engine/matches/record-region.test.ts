/**
 * The verified region of an image match (issue 13 item 7, decision 0021): recorded with the match
 * through the one door, read back by the review item as the outline to draw; refused when it is
 * not 4 finite corners, or when the found media is a video.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTakedownTestFile, type TakedownTestFile } from '../takedowns/test-support';
import { recordMatch } from './record';
import type { NewMatch } from './types';

let f: TakedownTestFile;
beforeEach(() => {
  f = createTakedownTestFile();
});
afterEach(() => f.cleanup());

const match = (region: number[] | null, kind: 'image' | 'video' = 'image'): NewMatch => ({
  found: {
    kind,
    runId: null,
    siteId: null,
    pageUrl: 'https://host.example/p/1',
    url: 'https://host.example/i/1.jpg',
    sha256: 'cd'.repeat(32),
    foundAt: '2026-12-07T00:30:00.000Z',
    httpStatus: 200,
    httpHeaders: {},
    redirectChain: [],
    serverIp: '127.0.0.1',
  },
  target: { source: 'case-image', caseId: f.caseId, referenceImageId: f.referenceId },
  evidence: { algo: 'verified', distance: 88, transform: 'identity', region },
  sealed: { image: Buffer.from([1]), snapshot: null, snapshotKind: null },
});

const regionOf = (id: number) =>
  f.db.prepare('SELECT region FROM crawl_matches WHERE id = ?').pluck().get(id);

it('keeps the region of a verified image match, rounded to 4 decimals', () => {
  const id = recordMatch(f.db, match([0.21111111, 0.2, 0.8, 0.2, 0.8, 0.75, 0.2, 0.75]))!;
  expect(JSON.parse(regionOf(id) as string)).toEqual([0.2111, 0.2, 0.8, 0.2, 0.8, 0.75, 0.2, 0.75]);
});

it('stores no region for a match decided by hashes alone', () => {
  expect(regionOf(recordMatch(f.db, match(null))!)).toBeNull();
});

it('refuses a region that is not 4 finite corners, or one given for a video', () => {
  expect(() => recordMatch(f.db, match([0, 0, 1, 1]))).toThrow(/region/);
  expect(() => recordMatch(f.db, match([0, 0, 1, 0, 1, 1, 0, NaN]))).toThrow(/region/);
  expect(() => recordMatch(f.db, match([0, 0, 1, 0, 1, 1, 0, 1], 'video'))).toThrow(/region/);
  expect(
    f.db.prepare('SELECT count(*) FROM crawl_matches WHERE algo = ?').pluck().get('verified'),
  ).toBe(0);
});
