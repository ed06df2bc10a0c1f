/**
 * A reported video in notices and exports (issue 15 item 6): the notice lists the video's URL and
 * the seconds of it that match; CSV, XLSX and JSON exports carry the same.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertReferenceVideo, insertVideoMatch } from '../crawl/video-test-routes';
import { openTakedownForMatch } from '../takedowns/open-request';
import { createTakedownTestFile, sha, type TakedownTestFile } from '../takedowns/test-support';
import { EXPORT_COLUMNS, exportRows, loadExportRequests } from './export-requests';
import { BUILT_IN } from './default-templates';
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

  it('is described by what it carries: SHA-256 and time ranges, no perceptual hashes', () => {
    // The notices said every item had "perceptual hashes (PDQ and blockhash)" and spoke of
    // images only, over a video item that carries its SHA-256 and time ranges.
    const text = (language: string, route: 'ncii' | 'copyright') =>
      composeNotice(t.db, { requestIds: [requestId], language, route, includeEvidence: false }, NOW)
        .document.blocks.flatMap((b) => ('lines' in b ? b.lines : 'items' in b ? b.items : []))
        .map((line) => line.map((s) => s.text).join(''))
        .join('\n');
    const en = text('en', 'ncii');
    expect(en).not.toContain(
      'Each item is identified by its address, the time we first found it, its',
    );
    expect(en).toContain('intimate images or videos');
    expect(en).toContain(
      'a video by its address, its SHA-256 checksum and the time ranges of it that match',
    );
    expect(text('en', 'copyright')).toContain('a video also by the time ranges of it');
    const ko = text('ko', 'ncii');
    expect(ko).not.toContain('각 항목은 주소, 최초 발견 시각, SHA-256 값과 지각 해시');
    expect(ko).toContain('영상은 주소, SHA-256 값과 일치하는 구간');
    expect(text('ko', 'copyright')).toContain('사진 및 영상');
    // Every built-in notice says what a video item carries.
    const videoWords = { en: 'a video', ko: '영상은', ja: '動画は', zh: '视频' } as const;
    for (const [language, pack] of Object.entries(BUILT_IN))
      for (const route of ['ncii', 'copyright'] as const)
        expect(pack[route].body, `${language} ${route}`).toContain(
          videoWords[language as keyof typeof videoWords],
        );
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
