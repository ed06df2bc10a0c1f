/** Korean words for the engine's errors (spread into ko.ts as `errors`; keys as errors-en.ts). */
import type { errorsEn } from './errors-en';

export const errorsKo: typeof errorsEn = {
  validation: '확인이 필요한 항목이 있습니다.',
  unauthenticated: '세션이 끝났습니다. 다시 로그인해 주세요.',
  forbidden: '현재 역할로는 할 수 없는 작업입니다.',
  'not-found': '해당 기록을 찾을 수 없습니다.',
  conflict: '지금 상태에서는 할 수 없는 작업입니다. 새로 고친 뒤 다시 시도하세요.',
  'unknown-method': '이 버전의 지움은 이 작업을 지원하지 않습니다.',
  'case-file': '지금은 데이터 파일을 사용할 수 없습니다.',
  internal: '지움 내부에서 문제가 생겼습니다. 다시 시도해 주세요.',
  setupConflict: '이 데이터 파일에는 이미 관리자가 있습니다. 로그인해 주세요.',
  checkFields: '빨간색으로 표시된 항목을 확인하세요.',
  reasons: {
    locked: '한동안 사용하지 않아 지움이 잠겼습니다. 비밀번호를 입력해 잠금을 푸세요.',
    'no-master-key':
      '지움이 암호문 없이 시작되어 사례가 잠겨 있습니다. 암호문(JIUM_PASSPHRASE 또는 --passphrase-file)을 주고 다시 시작해야 사례를 열 수 있습니다.',
    'wrong-key': '지움을 시작할 때 준 암호문으로는 이 데이터 파일을 열 수 없습니다.',
    'keys-other-way':
      '이 데이터 파일의 키는 다른 방식(암호문 또는 이 컴퓨터의 키 저장소)으로 보호되어 있습니다. 설정한 방식으로 여세요.',
    'newer-case-file':
      '더 새로운 버전의 지움이 만든 데이터 파일입니다. 지움을 업데이트한 뒤 여세요. 파일은 바뀌지 않았습니다.',
    'username-taken': '이미 사용 중인 아이디입니다. 다른 아이디를 고르세요.',
    'last-admin': '마지막으로 남은 활성 관리자는 비활성화하거나 역할을 바꿀 수 없습니다.',
    'site-name-taken': '같은 이름의 사이트가 이미 있습니다. 다른 이름을 고르세요.',
    'platform-name-taken': '같은 이름의 플랫폼이 이미 있습니다. 다른 이름을 고르세요.',
    'host-taken': '다른 플랫폼에 이미 등록된 호스트가 있습니다.',
    'locked-out':
      '이 계정에 잘못된 비밀번호가 여러 번 입력되어 로그인이 최대 15분 동안 중지됩니다. 관리자는 감사 기록에서 시도 내역을 볼 수 있습니다.',
    'too-many-attempts': '이 컴퓨터에서 비밀번호 시도가 너무 많습니다. 1분 뒤에 다시 시도하세요.',
  },
  issues: {
    required: '입력해 주세요.',
    'too-short': '{{min}}자 이상 입력하세요.',
    'too-long': '{{max}}자 이하로 입력하세요.',
    'too-few': '{{min}}개 이상 입력하세요.',
    'too-many': '{{max}}개 이하로 입력하세요.',
    'too-small': '{{min}} 이상이어야 합니다.',
    'too-big': '{{max}} 이하여야 합니다.',
    email: 'abuse@example.com 같은 이메일 주소를 입력하세요.',
    url: 'http:// 또는 https://로 시작하는 웹 주소를 입력하세요.',
    format: '형식이 맞지 않습니다.',
    choice: '선택지 가운데 하나를 고르세요.',
    type: '값의 종류가 맞지 않습니다.',
    'unknown-key': '지움이 모르는 항목입니다({{keys}}).',
    taken: '이미 사용 중입니다.',
    'refused-address': '주소 보호 기능이 {{value}} 주소를 막습니다.',
    'loopback-only': '이 컴퓨터 자신의 주소(127.0.0.1)만 허용할 수 있습니다.',
    'wrong-password': '현재 비밀번호가 틀렸습니다.',
    invalid: '올바른 값이 아닙니다.',
  },
};
