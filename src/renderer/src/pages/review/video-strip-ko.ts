/** Korean strings of a video match's segment strip (spread into review-ko.ts as `videoStrip`). */
import type { videoStripEn } from './video-strip-en';

export const videoStripKo: typeof videoStripEn = {
  title: '일치하는 구간',
  segment: '업로드 영상 {{upload}} ↔ 원본 영상 {{reference}}',
  segmentLocal: '업로드 영상 {{upload}} ↔ 원본 영상 약 {{reference}}',
  localNote:
    '국소 특징으로 찾았습니다. 확인된 장면마다 원본 영상의 핵심 장면과 짝지었고 그 시간 차이는 3초 안에서 일치합니다. 원본 영상의 시간은 업로드 영상의 시간을 그 차이의 중앙값만큼 옮긴 것이므로 대략적입니다.',
  frameAt: '업로드 영상 {{time}} 장면',
  holdHint:
    '장면 하나를 마우스로 누르고 있으면 흐림 없이 보입니다. 영상은 재생되지 않고 소리도 나지 않습니다.',
  noFrames: '이 일치 항목에는 보관된 장면이 없습니다(저장된 지문으로 찾았습니다).',
  sampled: '영상이 사이트 한도보다 크거나 길어서 앞부분만 확인했습니다.',
  shares:
    '업로드 영상 장면의 {{query}}%가 원본에 있고, 원본 영상 장면의 {{compare}}%가 업로드 영상에 있습니다.',
  video: '영상',
};
