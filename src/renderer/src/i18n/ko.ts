/** Korean strings: the same keys as en.ts (its type says so; i18n.test.ts checks it too). */
import type { Messages } from './en';
import { crawlsKo } from '../pages/crawls/crawls-ko';
import { manageKo } from '../pages/accounts/manage-ko';
import { reviewKo } from '../pages/review/review-ko';
import { noticesKo } from '../pages/notices/notices-ko';
import { exchangeKo } from '../pages/exchange/exchange-ko';
import { reportsKo } from '../pages/reports/reports-ko';
import { takedownsKo } from '../pages/takedowns/takedowns-ko';

export const ko: Messages = {
  app: {
    name: 'Jium',
    nameKo: '지움',
    title: 'Jium 지움',
    loading: '지움을 여는 중…',
  },
  language: {
    label: '언어',
    ko: '한국어',
    en: 'English',
    menuLabel: '언어 바꾸기',
  },
  roles: {
    admin: '관리자',
    counsellor: '상담원',
    monitor: '모니터링 담당',
    staff: '삭제지원 담당',
  },
  noToken: {
    title: '지움이 알려 준 주소로 열어 주세요',
    body: '이 페이지는 지움을 시작할 때 출력된 전용 주소로 열어야 합니다. 그 주소가 없으면 이 브라우저가 접속해도 되는지 확인할 수 없습니다.',
    step1: '<code>jium serve</code>를 실행한 터미널을 찾으세요.',
    step2: '<code>Open:</code>으로 시작하는 줄 전체를 <code>?token=…</code> 부분까지 복사하세요.',
    step3: '이 브라우저의 주소창에 붙여 넣으세요.',
    note: '이 주소는 이 컴퓨터에서, 그 지움이 실행 중일 때만 쓸 수 있습니다.',
    example: 'Open: http://127.0.0.1:…/?token=…',
  },
  unreachable: {
    title: '지움이 응답하지 않습니다',
    body: '이 페이지를 연 지움에 연결할 수 없습니다. 지움이 종료되었을 수 있습니다. 다시 시작한 뒤 새로 출력된 주소로 열어 주세요.',
    retry: '다시 시도',
  },
  setup: {
    title: '사건 파일 설정',
    intro:
      '첫 관리자 계정을 만드세요. 상담원, 모니터링 담당, 삭제지원 담당 계정은 로그인한 뒤 추가할 수 있습니다.',
    caseFile: '사건 파일',
    submit: '관리자 계정 만들고 로그인',
    fields: {
      displayName: {
        label: '이름',
        description: '동료에게 보이고 감사 기록에 남는 이름입니다.',
        invalid: '80자 이내로 이름을 입력하세요.',
      },
      username: {
        label: '아이디',
        description: '영문 소문자, 숫자, 마침표, 하이픈, 밑줄로 3~40자.',
        invalid: '영문 소문자, 숫자, 마침표, 하이픈, 밑줄로 3~40자를 입력하세요.',
      },
      password: {
        label: '비밀번호',
        description: '10자 이상. 긴 문장형 비밀번호가 기억하기 쉽습니다.',
        invalid: '비밀번호는 10자 이상이어야 합니다.',
      },
      confirm: {
        label: '비밀번호 확인',
        mismatch: '두 비밀번호가 서로 다릅니다.',
      },
    },
  },
  signIn: {
    title: '로그인',
    intro: '관리자에게 받은 계정으로 로그인하세요.',
    submit: '로그인',
    wrong: '아이디 또는 비밀번호가 맞지 않거나, 사용이 중지된 계정입니다.',
    fields: {
      username: { label: '아이디' },
      password: { label: '비밀번호' },
    },
  },
  errors: {
    validation: '확인이 필요한 항목이 있습니다.',
    unauthenticated: '세션이 끝났습니다. 다시 로그인해 주세요.',
    forbidden: '현재 역할로는 할 수 없는 작업입니다.',
    'not-found': '해당 기록을 찾을 수 없습니다.',
    conflict: '그사이에 내용이 바뀌었습니다. 새로 고친 뒤 다시 시도하세요.',
    'unknown-method': '이 버전의 지움은 이 작업을 지원하지 않습니다.',
    'case-file':
      '사건 파일을 사용할 수 없습니다. 더 새로운 버전의 지움에서 만들어졌거나, 손상되었거나, 다른 곳에서 사용 중일 수 있습니다.',
    internal: '지움 내부에서 문제가 생겼습니다. 다시 시도해 주세요.',
    setupConflict: '이 사건 파일에는 이미 관리자가 있습니다. 로그인해 주세요.',
  },
  nav: {
    label: '메뉴',
    cases: '사건',
    crawls: '크롤링',
    review: '검토',
    takedowns: '삭제 요청',
    settings: '설정',
  },
  header: {
    caseFile: '사건 파일',
    signOut: '로그아웃',
    signedInAs: '{{name}} 님으로 로그인됨',
  },
  areas: {
    cases: {
      title: '아직 등록된 사건이 없습니다',
      description:
        '지원하는 피해자마다 사건이 하나씩 만들어지며, 가명 코드와 피해자가 동의한 참조 이미지가 함께 보관됩니다. 첫 사건을 등록하는 것부터 시작하세요.',
      hint: '피해자의 신원은 상담원만 볼 수 있고, 다른 사람에게는 사건 코드만 보입니다.',
    },
    crawls: {
      title: '아직 실행한 크롤링이 없습니다',
      description:
        '크롤링은 지정한 사이트에서 등록된 이미지의 재유포를 찾습니다. 살펴볼 사이트를 추가한 뒤 첫 크롤링을 실행하세요.',
      hint: '크롤링은 백그라운드에서 실행되므로 그동안 다른 일을 계속할 수 있습니다.',
    },
    review: {
      title: '검토할 항목이 없습니다',
      description:
        '크롤링에서 찾은 유사 이미지가 판단을 기다리며 이곳에 모입니다. 크롤링이 무언가를 찾으면 가장 먼저 여기에 나타납니다.',
      hint: '미리보기는 직접 자세히 보기를 선택하기 전까지 흐림·흑백으로 표시됩니다.',
    },
    takedowns: {
      title: '아직 삭제 요청이 없습니다',
      description:
        '확인된 일치 항목은 플랫폼에 보내는 삭제 요청이 됩니다. 검토에서 확인한 항목에서 시작하며, 각 요청은 콘텐츠가 사라질 때까지 여기에서 추적됩니다.',
      hint: '요청에는 피해자의 신원이 절대 포함되지 않습니다.',
    },
  },
  settings: {
    title: '설정',
    language: {
      title: '언어',
      description: '여기에서 직접 고르기 전까지는 컴퓨터의 언어 설정을 따릅니다.',
    },
    caseFile: {
      title: '사건 파일',
      description: '이 센터의 모든 사건, 일치 항목, 감사 기록이 이 파일 하나에 보관됩니다.',
      path: '위치',
      schemaVersion: '형식 버전',
      createdAt: '만든 날짜',
      fileId: '파일 ID',
    },
    wellbeing: {
      title: '나를 돌보기',
      description:
        '이미지 미리보기는 기본적으로 흐림·흑백으로 표시되며, 더 자세히 볼지는 직접 정합니다. 검토가 긴 날에는 짧고 규칙적인 휴식이 도움이 됩니다.',
    },
    about: {
      title: '정보',
      version: '버전',
      host: '실행 방식',
      hostElectron: '데스크톱 앱',
      hostHeadless: '헤드리스 호스트 (브라우저)',
    },
  },
  cases: {
    new: '새 사례',
    create: '사례 등록',
    cancel: '취소',
    search: '사례 번호로 찾기',
    searchWithName: '사례 번호나 이름으로 찾기',
    allStatuses: '모든 상태',
    none: '아직 사례가 없습니다.',
    code: '사례',
    statusLabel: '상태',
    counsellor: '상담원',
    images: '원본 이미지',
    consentLabel: '동의',
    status: { open: '접수', monitoring: '모니터링', closed: '종결' },
    consent: {
      searchWeb: '웹에서 이미지 검색',
      fileTakedowns: '피해자를 대신해 삭제 요청',
      storageLabel: '원본 이미지',
      storage: {
        originals: '원본 보관 (암호화)',
        'hashes-only': '지문(해시)만 보관',
      },
      searchShort: '검색',
      takedownShort: '삭제 요청',
      note: '오늘 날짜와 작성자 이름으로 기록됩니다.',
      recorded: '{{at}}, {{by}} 기록',
      edit: '동의 변경',
      save: '동의 저장',
    },
    identity: {
      title: '피해자',
      name: '이름',
      contact: '연락처',
      notes: '메모',
      sealedNote: '이 컴퓨터에서 암호화되며 상담원만 볼 수 있습니다.',
      show: '신원 보기',
      hide: '숨기기',
      hiddenNote: '숨겨져 있습니다. 열람하면 감사 기록에 남습니다.',
      notForRole: '피해자 신원은 상담원만 볼 수 있습니다. 이 사례는 사례 번호로만 표시됩니다.',
    },
    timeline: {
      title: '연락 기록',
      placeholder: '전화, 메시지, 면담…',
      add: '추가',
    },
    add: {
      drop: '이미지 파일이나 폴더를 여기에 끌어다 놓으세요',
      privacy: '이미지는 이 컴퓨터에서 지문을 만들며 업로드되지 않습니다.',
      pickFiles: '파일 선택',
      pickFolder: '폴더 선택',
      summary:
        '{{total}}개 중 {{done}}개: 지문 생성 {{added}}, 이미 있음 {{duplicate}}, 사용 불가 {{rejected}}',
      alsoIn: '{{codes}}에도 있음',
      status: {
        added: '지문 생성',
        duplicate: '이미 추가됨',
        rejected: '사용 불가',
        error: '실패',
      },
      reason: {
        'not-an-image': '이미지 파일이 아닙니다',
        truncated: '파일이 잘려 있습니다 (다운로드 중단?)',
        corrupt: '이미지 데이터가 손상되었습니다',
        'too-large': '파일이 너무 큽니다',
        'too-many-pixels': '이미지 픽셀 수가 너무 많습니다',
        'unsupported-format': '지원하지 않는 이미지 형식입니다',
        'not-a-file': '파일이 아닙니다(장치, 파이프 또는 폴더): 이미지 파일을 선택하세요',
        'io-error': '파일을 읽을 수 없습니다',
      },
    },
    imageGrid: {
      hashOnly: '지문만 보관 (원본 없음)',
      reveal: '원본 보기 (기록됨)',
      countOnly: '원본 이미지 {{count}}개 (이 역할에는 표시되지 않음)',
    },
    delete: {
      button: '사례 삭제',
      title: '{{code}}을(를) 삭제할까요?',
      body: '사례 키가 파기되어 신원, 연락 기록, 이미지와 지문을 더는 읽을 수 없습니다. 되돌릴 수 없습니다. 삭제 사실은 감사 기록에 남습니다.',
      confirm: '확인하려면 {{code}}을(를) 입력하세요',
      submit: '영구 삭제',
    },
  },
  accounts: {
    title: '계정',
    new: '새 계정',
    role: '역할',
    create: '계정 만들기',
    created: '계정을 만들었습니다.',
    active: '사용',
  },
  audit: {
    title: '감사 기록',
    verify: '체인 검사',
    ok: '체인이 온전합니다: {{count}}개 항목, 변경·누락 없음.',
    broken: '{{seq}}번 항목에서 체인이 끊어졌습니다: {{reason}}',
    when: '시각',
    who: '사용자',
    what: '작업',
    record: '대상',
  },
  crawls: crawlsKo,
  review: reviewKo,
  takedowns: takedownsKo,
  reports: reportsKo,
  exchange: exchangeKo,
  notices: noticesKo,
  manage: manageKo,
  lock: {
    title: '잠김',
    body: '한동안 사용하지 않아 지움이 잠겼습니다. {{name}} 님, 계속하려면 비밀번호를 입력하세요.',
    unlock: '잠금 해제',
    wrong: '비밀번호가 틀렸습니다.',
    signOut: '대신 로그아웃',
  },
};
