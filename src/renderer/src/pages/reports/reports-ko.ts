/** Korean strings of the Reports tab (spread into ko.ts as `reports`). */
export const reportsKo = {
  tab: '보고서',
  intro:
    '기간 동안 센터의 삭제 요청 업무 결과입니다: 보낸 요청, 삭제, 삭제까지 걸린 시간, 호스트별 이행 현황. 보고서에는 사례이나 피해자를 식별하는 정보가 들어가지 않습니다.',
  from: '시작일',
  to: '종료일',
  presets: {
    thisMonth: '이번 달',
    lastMonth: '지난달',
    last90: '최근 90일',
    thisYear: '올해',
  },
  language: '보고서 언어',
  show: '보고서 보기',
  pdf: 'PDF 내려받기',
  pdfSaved: 'PDF를 다운로드 폴더에 저장했습니다.',
  kpi: {
    sent: '보낸 요청',
    removed: '삭제됨',
    pending: '대기 중',
    overdue: '기한 초과',
    median: '삭제까지 걸린 시간 (중앙값)',
    p90: '삭제까지 걸린 시간 (90번째 백분위수)',
    compliance: '기한 내 삭제율',
    reuploads: '재유포',
  },
  hostsTable: '호스트',
  host: '호스트',
  sent: '보냄',
  removed: '삭제됨',
  pending: '대기 중',
  compliance: '기한 내 삭제율',
  median: '중앙값',
  p90: '90번째 백분위수',
  noRequests: '이 기간에 접수된 요청이 없습니다.',
  noneSent:
    '이 기간에 요청 {{opened}}건이 접수되었지만 아직 보낸 요청은 없습니다(초안 {{drafts}}건).',
  dayZone: '하루는 {{zone}} 시간대의 자정부터 자정까지입니다(설정 → 요청서 → 기관 정보).',
  hours: '{{value}}시간',
  days: '{{value}}일',
  definitions:
    '삭제까지 걸린 시간은 요청을 처음 보낸 때부터 삭제가 확인된 때까지입니다. 요청은 접수된 기간에 속합니다.',
};
