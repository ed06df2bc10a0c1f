/**
 * The words of one matched segment of a found video: "0:12–0:31 of the upload ↔ 1:02–1:21 of the
 * reference". A segment the crop stage found (vpdq-local, decisions 0104 and 0122) pairs each
 * looked-at frame with a reference keyframe whose offset may lie up to 3 s from the others', so
 * its reference times are only near the truth: they read "about …" there.
 */
import { formatClock } from '../../../../shared/clock';
import type { MatchStripSegment } from '../../../../shared/video-review-types';

const range = (a: number, b: number) => `${formatClock(a)}–${formatClock(b)}`;

/** The i18n key and values of a segment's line; `local` when the crop stage found the match. */
export function segmentWords(
  s: Pick<MatchStripSegment, 'queryStartS' | 'queryEndS' | 'refStartS' | 'refEndS'>,
  local: boolean,
): [
  key: 'review.videoStrip.segment' | 'review.videoStrip.segmentLocal',
  values: { upload: string; reference: string },
] {
  return [
    local ? 'review.videoStrip.segmentLocal' : 'review.videoStrip.segment',
    { upload: range(s.queryStartS, s.queryEndS), reference: range(s.refStartS, s.refEndS) },
  ];
}
