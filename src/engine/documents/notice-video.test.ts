/**
 * A reported video in notices and exports (issue 15 item 6): the notice lists the video's URL and
 * the seconds of it that match; CSV, XLSX and JSON exports carry the same.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertReferenceVideo, insertVideoMatch } from '../crawl/video-test-routes';
import { openTakedownForMatch } from '../takedowns/open-request';
import { createTakedownTestFile, sha, type TakedownTestFile } from '../takedowns/test-support';
import { EXPORT_COLUMNS, exportRows, loadExportRequests } from './export-requests';
import { composeNotice, noticeDocumentHtml } from './notice';

let t: TakedownTestFile;
let requestId: number;
const NOW = new Date('2026-11-30T09:00:00Z');

beforeEach(() => {
  t = createTakedownTestFile(NOW);
  const videoId = insertReferenceVideo(
    t.db,
    t.caseId,
    { durationS: 120, width: 640, height: 360, sampleEveryS: 0.2, frames: [], sampled: false },
    sha('reference video'),
  );
  const video = insertVideoMatch(t.db, {
    caseId: t.caseId,
    referenceVideoId: videoId,
    pageUrl: 'https://tube.example/watch/9',
    videoUrl: 'https://cdn.tube.example/v/9.mp4',
    sha256: sha('found video'),
    segments: [
      { queryStartS: 62, queryEndS: 81, refStartS: 12, refEndS: 31 },
      { queryStartS: 12.4, queryEndS: 31, refStartS: 62, refEndS: 80.6 },
    ],
  });
  // An image on the same page: the request carries both.
  const image = t.match('https://tube.example/watch/9', 'https://cdn.tube.example/thumb/9.jpg');
  [requestId] = openTakedownForMatch(t.db, video, t.userId, NOW).requestIds as [number];
  expect(openTakedownForMatch(t.db, image, t.userId, NOW).requestIds).toEqual([requestId]);
});
afterEach(() => t.cleanup());

describe('a reported video', () => {
  it('is listed in the notice by its URL and its matched time ranges, in order', () => {
    for (const [language, label, times] of [
      ['en', 'Matched time ranges (of the video)', '0:12–0:31, 1:02–1:21'],
      ['ko', '일치하는 구간(영상 내 시간)', '0:12–0:31, 1:02–1:21'],
    ] as const) {
      const notice = composeNotice(
        t.db,
        { requestIds: [requestId], language, route: 'ncii', includeEvidence: false },
        NOW,
      );
      const [video, image] = notice.document.items[0]!.images;
      expect(video).toMatchObject({ url: 'https://cdn.tube.example/v/9.mp4', timeRanges: times });
      expect(image).toMatchObject({
        url: 'https://cdn.tube.example/thumb/9.jpg',
        timeRanges: null,
      });
      const html = noticeDocumentHtml(notice);
      expect(html).toContain(label);
      expect(html).toContain(times);
      expect(html).toContain('https://cdn.tube.example/v/9.mp4');
      // The image keeps its perceptual-hash rows; the video has none to show.
      expect(html.match(/<th>PDQ<\/th>/g)).toHaveLength(1);
    }
  });

  it('is exported with its time ranges in CSV/XLSX rows and JSON', () => {
    const [r] = loadExportRequests(t.db, { requestIds: [requestId] }, NOW);
    expect(r!.images.map((i) => [i.mediaKind, i.matchedTimes])).toEqual([
      [
        'video',
        [
          { startS: 12.4, endS: 31 },
          { startS: 62, endS: 81 },
        ],
      ],
      ['image', null],
    ]);
    const rows = exportRows([r!]);
    const col = EXPORT_COLUMNS.indexOf('video_time_ranges');
    expect(col).toBeGreaterThan(0);
    expect(rows[1]![col]).toBe('https://cdn.tube.example/v/9.mp4 0:12–0:31, 1:02–1:21');
  });
});
