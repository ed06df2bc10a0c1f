/** Korean strings of the one review screen's queue (spread into review-ko.ts as `queue`). */
import type { reviewQueueEn } from './review-queue-en';

export const reviewQueueKo: typeof reviewQueueEn = {
  sources: {
    all: '전체 일치 항목',
    case: '사례 기준 이미지',
    list: '해시 목록',
  },
  listFilter: '해시 목록',
  row: '{{list}} · {{when}} 발견',
  foundOn: '발견된 페이지',
  openPage: '페이지 주소',
  zoom: '페이지 전체 보기',
  zoomTitle: '페이지 화면',
  zoomHint:
    '스페이스 키나 마우스를 누르고 있는 동안에만 선명하게 보입니다. 스크롤해서 페이지를 읽으세요.',
  decidedAbout: '{{item}} 항목: {{words}}',
  confirmed_one: '확인했습니다. 삭제 요청 초안 {{count}}건을 열거나 추가했습니다.',
  confirmed_other: '확인했습니다. 삭제 요청 초안 {{count}}건을 열거나 추가했습니다.',
  confirmedNoRequest:
    '확인했습니다. 피해자가 삭제 요청에 동의하지 않아 삭제 요청은 열지 않았습니다.',
  undoneTo: {
    pending: '검토 대기로 되돌렸습니다.',
    unsure: '보류로 되돌렸습니다.',
    confirmed: '다시 확인됨으로 되돌렸습니다.',
    rejected: '다시 일치하지 않음으로 되돌렸습니다.',
  },
  done: {
    title: '이곳에는 더 검토할 항목이 없습니다',
    sitting: '이번 검토에서:',
    opened_one: '삭제 요청 {{count}}건을 열었습니다',
    opened_other: '삭제 요청 {{count}}건을 열었습니다',
    extended_one: '이미 열린 요청 {{count}}건에 페이지를 추가했습니다',
    extended_other: '이미 열린 요청 {{count}}건에 페이지를 추가했습니다',
    rejected_one: '일치하지 않음 {{count}}건',
    rejected_other: '일치하지 않음 {{count}}건',
    unsure_one: '다른 담당자를 위해 보류 {{count}}건',
    unsure_other: '다른 담당자를 위해 보류 {{count}}건',
    nothing: '이번 검토에서는 아직 결정한 항목이 없습니다.',
    nextStaff: '다음 단계: 삭제 요청에서 초안을 확인하고 요청서를 보내세요.',
    openTakedowns: '삭제 요청 열기',
    nextMonitor:
      '다음 단계: 삭제지원 담당이 삭제 요청에서 초안을 확인하고 요청서를 보냅니다. 지움은 아무것도 직접 보내지 않습니다.',
  },
};
