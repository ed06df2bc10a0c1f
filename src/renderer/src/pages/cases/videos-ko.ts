/** Korean strings of a case's reference videos (spread into ko.ts as `videos`). */
import type { videosEn } from './videos-en';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const videosKo: Shape<typeof videosEn> = {
  title: '기준 영상',
  dropNote:
    '영상도 됩니다: mp4, mov, m4v, webm, mkv, avi, 3gp. 소리는 쓰지 않고 화면으로만 지문을 만듭니다.',
  none: '기준 영상이 아직 없습니다.',
  countOnly: '기준 영상 {{count}}개 (이 역할에는 표시되지 않음)',
  details: '{{format}} · {{width}}×{{height}} · 프레임 {{frames}}개',
  sampled: '앞부분만 지문을 만들었습니다 (길이 또는 크기 제한 초과).',
  hashOnly: '지문만 보관 (원본과 프레임 없음)',
  revealHint: '프레임을 누르면 원본으로 보입니다 (기록됨)',
  frameAt: '{{time}} 지점 프레임',
  remove: {
    button: '삭제',
    title: '이 영상을 삭제할까요?',
    body: '지문, 암호화된 원본과 프레임이 사례에서 삭제되고, 이 영상의 복사본은 더 이상 찾지 않습니다. 삭제는 감사 기록에 남습니다.',
    cancel: '취소',
    confirm: '영상 삭제',
  },
  progress: {
    sending: '파일 읽는 중 {{percent}}%',
    fingerprinting: '지문 생성 중 {{done}} / {{total}}',
    keyframes: '미리보기 프레임 추출 중',
    sealing: '암호화하여 저장 중',
    left: '약 {{time}} 남음',
    seconds: '{{n}}초',
    minutes: '{{n}}분',
    cancel: '취소',
    image: '지문 생성 중',
  },
  status: {
    cancelled: '취소됨',
  },
  addedNote: '{{duration}}, 프레임 {{frames}}개',
  reason: {
    'not-a-video': '영상 파일이 아닙니다 (mp4, mov, m4v, webm, mkv, avi, 3gp)',
    'web-page': '영상 이름으로 저장된 웹 페이지(HTML)이며 영상이 아닙니다',
    truncated: '영상이 잘려 있습니다 (다운로드 중단?)',
    'too-large': '영상이 1 GiB보다 큽니다',
    'too-long': '영상이 너무 깁니다',
    'too-many-pixels': '영상 화면 크기가 너무 큽니다',
    timeout: '영상 해독이 너무 오래 걸려 중단했습니다',
    'decoder-failed': '영상 데이터가 손상되었거나 해독할 수 없습니다',
    'no-frames': '파일에 영상 화면이 없습니다 (소리만 있음?)',
    'ffmpeg-missing': '영상을 읽는 FFmpeg가 이 컴퓨터에 설치되어 있지 않습니다',
  },
};
