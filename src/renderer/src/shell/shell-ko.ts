/** Korean strings of the settings sections and the first-run checklist (keys as shell-en.ts). */
import type { shellEn } from './shell-en';

export const shellKo: typeof shellEn = {
  settingsSections: {
    label: '설정 항목',
    general: '일반',
    accounts: '계정',
    centre: '기관 정보',
    'time-zone': '시간대',
    notices: '요청서',
    review: '검토',
    audit: '감사 기록',
    workers: '크롤링 작업기',
  },
  firstRun: {
    nav: '시작하기',
    title: '시작하기',
    intro:
      '센터가 첫 주를 시작하려면 네 가지를 준비하면 됩니다. 마치면 저절로 표시되고, 네 가지를 모두 마치면 이 목록은 사라집니다.',
    progress: '{{total}}개 중 {{done}}개 완료',
    done: '완료',
    steps: {
      accounts: {
        title: '팀원 계정 만들기',
        body: '한 사람에 계정 하나씩: 상담원은 사례를 등록하고, 모니터링 담당은 크롤링과 검토를, 삭제지원 담당은 삭제 요청을 보냅니다.',
        action: '계정 열기',
      },
      centre: {
        title: '기관 정보 입력하기',
        body: '요청서를 보내는 언어마다 이름, 주소, 연락처를 적습니다. 모든 삭제 요청서에 인쇄됩니다.',
        action: '기관 정보 열기',
      },
      site: {
        title: '살펴볼 첫 사이트 추가하기',
        body: '모니터링 담당(또는 관리자)이 사이트를 추가하고 첫 크롤링을 실행합니다.',
        action: '크롤링 열기',
      },
      case: {
        title: '첫 사례 등록하기',
        body: '상담원이 피해자의 동의와 기준 이미지로 첫 사례를 등록합니다.',
        action: '사례 열기',
      },
    },
  },
};
