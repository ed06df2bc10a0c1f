/** English strings of a video match's segment strip (spread into review-en.ts as `videoStrip`). */
export const videoStripEn = {
  title: 'Matched seconds',
  segment: '{{upload}} of the upload ↔ {{reference}} of the reference',
  segmentLocal: '{{upload}} of the upload ↔ about {{reference}} of the reference',
  localNote:
    'Found by local features: each frame that verified was paired with a keyframe of the reference, their time offsets agreeing within 3 s. The reference’s times are the upload’s shifted by the pairs’ median offset, so they are approximate.',
  frameAt: 'Frame at {{time}} of the upload',
  holdHint: 'Hold the mouse on one frame to see it unblurred. Nothing plays and there is no sound.',
  noFrames: 'No frames were kept for this match (it was found from stored fingerprints).',
  sampled: 'The video was larger or longer than the site’s limit: only its first part was checked.',
  shares:
    '{{query}}% of the upload’s frames are in the reference; {{compare}}% of the reference’s frames are in the upload.',
  video: 'Video',
};
