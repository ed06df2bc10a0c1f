/** Korean strings of the account and case follow-ups (spread into ko.ts as `manage`). */
export const manageKo = {
  password: {
    title: '내 비밀번호',
    description: '로그인할 때 쓰는 비밀번호를 바꿉니다. 10자 이상으로 정하세요.',
    current: '현재 비밀번호',
    next: '새 비밀번호',
    repeat: '새 비밀번호 확인',
    mismatch: '새 비밀번호 두 개가 서로 다릅니다.',
    save: '비밀번호 변경',
    saved: '비밀번호를 바꿨습니다.',
    wrongCurrent: '현재 비밀번호가 틀립니다.',
    tooShort: '10자 이상으로 정하세요.',
  },
  accounts: {
    roleChanged: '역할을 바꿨습니다. {{name}} 님은 모든 곳에서 로그아웃되었습니다.',
    reset: '비밀번호 재설정',
    resetTitle: '{{name}} 님의 새 비밀번호',
    resetBody: '새 비밀번호는 {{name}} 님에게 직접 전달하세요. 설정에서 다시 바꿀 수 있습니다.',
    resetSave: '새 비밀번호 설정',
    resetDone: '{{name}} 님의 비밀번호를 재설정했습니다.',
    you: '나',
    lastAdmin: '마지막 활성 관리자는 비활성화하거나 다른 역할로 바꿀 수 없습니다.',
  },
  idle: {
    title: '계속 사용 중이신가요?',
    body: '한동안 아무 작업이 없어 {{seconds}}초 후에 Jium이 잠깁니다. 자리를 비운 사이 피해자 정보를 보호하기 위한 조치입니다.',
    stay: '계속 로그인 유지',
    lockNow: '지금 잠그기',
  },
  assign: {
    label: '담당 상담원',
    done: '이 사례의 담당자를 {{name}} 님으로 바꿨습니다.',
  },
  identity: {
    edit: '수정',
    save: '신원 정보 저장',
    cancel: '취소',
    saved: '신원 정보를 저장했습니다.',
  },
  image: {
    remove: '삭제',
    title: '이 기준 이미지를 삭제할까요?',
    body: '이미지의 지문과 암호화된 원본이 데이터 파일에서 삭제되고, 이후 크롤링에서 더 이상 찾지 않습니다. 이 이미지로 이미 찾은 일치 항목도 함께 삭제됩니다. 감사 기록에 기록되며 되돌릴 수 없습니다.',
    confirm: '이미지 삭제',
    cancel: '유지',
  },
};
