/** Korean strings of the desktop app's first-start question (spread into ko.ts as `desk`). */
import type { deskEn } from './desk-en';

export const deskKo: typeof deskEn = {
  title: '이 자리에서는 어디에서 작업하나요?',
  intro:
    '한 번만 고르면 Jium이 기억합니다. 나중에 파일 메뉴의 ‘작업 방식 바꾸기’에서 바꿀 수 있습니다.',
  local: {
    title: '이 컴퓨터에서',
    body: '사례, 크롤링, 삭제 요청이 이 컴퓨터의 데이터 파일에 저장됩니다. 한 자리에서 일하는 센터에 맞습니다.',
    button: '이 컴퓨터 사용',
  },
  centre: {
    title: '센터 서버에 연결',
    body: '여러 자리의 상담원, 모니터링 담당, 삭제지원 담당이 센터의 데이터 파일 하나를 함께 씁니다. 서버 주소와 키 지문은 센터 관리자에게 받으세요(jium serve가 둘 다 출력합니다).',
    address: '서버 주소',
    addressHint: '예: jium.centre.lan:8443 또는 192.168.0.10:8443',
    fingerprint: '키 지문(SHA-256)',
    fingerprintHint: '4F:A2:…처럼 32쌍, 서버가 출력한 그대로',
    check: '연결 확인',
    connect: '연결',
    checking: '서버에 연결하는 중…',
  },
  ok: '서버가 이 지문의 키를 가지고 있습니다. 연결하면 서버의 로그인 화면이 열립니다.',
  restarting: '저장했습니다. 선택한 방식으로 열기 위해 Jium을 다시 시작합니다…',
  problem: {
    empty: '서버 주소를 입력하세요.',
    'not-https': 'Jium은 센터 서버에 HTTPS로만 연결합니다. http:// 없이 주소를 입력하세요.',
    'has-path': '경로 없이 서버 이름이나 주소와 포트만 입력하세요.',
    'bad-address': '서버 주소가 아닙니다. 띄어쓰기나 오타가 없는지 확인하세요.',
    'bad-fingerprint': '지문이 완전하지 않습니다. 지문은 영문자와 숫자 32쌍(64자)입니다.',
    'wrong-certificate':
      '연결하지 마세요. 이 주소의 서버가 다른 키를 보여 줍니다. 누군가 센터를 사칭하고 있거나 서버가 새로 설치되었을 수 있습니다. 센터 관리자에게 문의하세요. 서버가 보여 준 키:',
    unreachable:
      '이 주소의 서버가 응답하지 않습니다. 주소와 서버가 실행 중인지 확인한 뒤 다시 시도하세요.',
    'bad-request': 'Jium이 이 요청을 읽지 못했습니다. Jium을 다시 시작하세요.',
  },
};
