import type { workersEn } from './workers-en';

/** Korean strings of Settings → Crawl workers (spread into ko.ts as `workers`). */
export const workersKo: typeof workersEn = {
  title: '크롤링 작업기',
  intro:
    '크롤링 작업기는 이 센터 서버를 위해 사이트를 크롤링하는 다른 컴퓨터입니다. 작업기는 사이트 설정과 기준 이미지의 지문(해시)만 받으며, 이름·사진·사례 번호·검토·삭제 요청은 받지 않습니다.',
  notCentre:
    '작업기는 센터 서버(jium serve --listen 주소:포트, TLS)에만 연결합니다. 이 Jium은 센터 서버로 실행 중이 아니어서 여기서는 코드를 쓸 수 없습니다.',
  label: '작업기 이름',
  labelHint: '작업기가 있는 곳, 예: 크롤링 컴퓨터 2',
  create: '일회용 코드 만들기',
  code: {
    title: '{{label}}의 일회용 코드',
    once: '이 코드는 지금 한 번만 표시됩니다. 작업기 하나를 등록하며 {{expires}}에 만료됩니다.',
    command: '작업기 컴퓨터에서 다음을 실행하세요:',
    fingerprint: '이 서버의 키 지문(SHA-256): 작업기는 다른 키를 가진 서버를 거부합니다.',
    done: '완료',
  },
  list: {
    title: '등록된 작업기',
    none: '아직 등록된 작업기가 없습니다.',
    name: '이름',
    enrolled: '등록일',
    lastSeen: '마지막 연결',
    never: '아직 없음',
    state: '상태',
    active: '사용 중',
    revoked: '{{at}} 해지됨',
    revoke: '해지',
  },
  revoke: {
    title: '{{label}}을(를) 해지할까요?',
    body: '이 서버에 대한 다음 호출부터 거부되며, 이전 자격 증명으로 다시 등록할 수 없습니다. 그 컴퓨터를 다시 쓰려면 새 코드를 만드세요. 대기열 Redis의 비밀번호도 바꾸세요: 해지된 작업기가 Redis에 닿으면 작업을 가져갈 수 있습니다.',
    confirm: '작업기 해지',
    cancel: '취소',
    done: '{{label}}을(를) 해지했습니다.',
  },
};
