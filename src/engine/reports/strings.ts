/**
 * The words of the period report in Korean and English. They live in the engine because the PDF
 * and the chart SVGs are made here; the report page's own strings are in the renderer.
 */
import type { ReportLanguage } from '../../shared/report-types';

export interface ReportStrings {
  title: string;
  period: string;
  generated: string;
  sent: string;
  removed: string;
  pending: string;
  overdue: string;
  refused: string;
  expired: string;
  reuploads: string;
  removedBeforeSending: string;
  median: string;
  p90: string;
  compliance: string;
  outcomeTitle: string;
  timelineTitle: Record<'day' | 'week' | 'month', string>;
  bandsTitle: string;
  hostsTitle: string;
  /** Time to removal per host (median and 90th percentile), and its labels. */
  hostTimesTitle: string;
  deadline48: string;
  noRemovals: string;
  host: string;
  notJudged: string;
  noData: string;
  /** Requests were opened in the period but none was sent: say what is true. */
  noneSent: (opened: number, drafts: number) => string;
  /** Whose days the period counts, e.g. 'Days run midnight to midnight, Asia/Seoul.' */
  days: (timeZone: string) => string;
  hours: (h: number) => string;
  band: (upTo: number | null, from: number) => string;
  definitions: string;
  pendingInTime: string;
  /** The audit chain's anchor printed on the report (decision 0043): entries, then the hash. */
  auditAnchor: (entries: number) => string;
  /** Short column heads of the host table. */
  columns: { median: string; p90: string; compliance: string };
}

/** One decimal at most: 2.25 → 2.3, 0.0004 → 0, 12 → 12. */
const num = (n: number) => String(Math.round(n * 10) / 10);

export const REPORT_STRINGS: Record<ReportLanguage, ReportStrings> = {
  en: {
    title: 'Takedown report',
    period: 'Period',
    generated: 'Generated',
    sent: 'Requests sent',
    removed: 'Removed',
    pending: 'Pending',
    overdue: 'Overdue',
    refused: 'Refused',
    expired: 'Expired',
    reuploads: 'Re-uploads',
    removedBeforeSending: 'Gone before a request was sent',
    median: 'Median time to removal',
    p90: '90th percentile time to removal',
    compliance: 'Removed by the deadline',
    outcomeTitle: 'Outcome of the requests sent',
    timelineTitle: {
      day: 'Sent and removed per day',
      week: 'Sent and removed per week',
      month: 'Sent and removed per month',
    },
    bandsTitle: 'Time to removal',
    hostsTitle: 'Removed by the deadline, per host',
    hostTimesTitle: 'Time to removal, per host',
    deadline48: '48 h deadline',
    noRemovals: 'Nothing sent in this period has been removed yet.',
    host: 'Host',
    notJudged: 'not judged yet',
    noData: 'No requests were opened in this period.',
    noneSent: (opened, drafts) =>
      `${opened} ${opened === 1 ? 'request was' : 'requests were'} opened in this period and none has been sent yet (${drafts} still ${drafts === 1 ? 'a draft' : 'drafts'}).`,
    days: (tz) => `Days run from midnight to midnight in ${tz}.`,
    hours: (h) => (h < 48 ? `${num(h)} h` : `${num(h / 24)} d`),
    band: (upTo, from) =>
      upTo === null ? `over ${from / 24} d` : upTo <= 72 ? `≤ ${upTo} h` : `≤ ${upTo / 24} d`,
    definitions:
      'Time to removal runs from the first sending of a request to its verified removal. ' +
      'Removed by the deadline = requests removed by their deadline ÷ requests whose outcome ' +
      'against the deadline is known (removed, refused, expired, or open past the deadline). ' +
      'A request belongs to the period in which it was opened.',
    pendingInTime: 'Pending, within deadline',
    auditAnchor: (n) =>
      `Audit log when this report was made: ${n} entries; hash of the last entry (keep it to check the log later)`,
    columns: { median: 'Median', p90: '90th percentile', compliance: 'By deadline' },
  },
  ko: {
    title: '삭제 요청 보고서',
    period: '기간',
    generated: '작성',
    sent: '보낸 요청',
    removed: '삭제됨',
    pending: '대기 중',
    overdue: '기한 초과',
    refused: '거부됨',
    expired: '만료됨',
    reuploads: '재유포',
    removedBeforeSending: '요청 전에 삭제됨',
    median: '삭제까지 걸린 시간 (중앙값)',
    p90: '삭제까지 걸린 시간 (90번째 백분위수)',
    compliance: '기한 내 삭제율',
    outcomeTitle: '보낸 요청의 결과',
    timelineTitle: {
      day: '일별 보낸 요청과 삭제',
      week: '주별 보낸 요청과 삭제',
      month: '월별 보낸 요청과 삭제',
    },
    bandsTitle: '삭제까지 걸린 시간',
    hostsTitle: '호스트별 기한 내 삭제율',
    hostTimesTitle: '호스트별 삭제까지 걸린 시간',
    deadline48: '48시간 기한',
    noRemovals: '이 기간에 보낸 요청 중 아직 삭제된 것이 없습니다.',
    host: '호스트',
    notJudged: '아직 판단 전',
    noData: '이 기간에 접수된 요청이 없습니다.',
    noneSent: (opened, drafts) =>
      `이 기간에 요청 ${opened}건이 접수되었지만 아직 보낸 요청은 없습니다(초안 ${drafts}건).`,
    days: (tz) => `하루는 ${tz} 시간대의 자정부터 자정까지입니다.`,
    hours: (h) => (h < 48 ? `${num(h)}시간` : `${num(h / 24)}일`),
    band: (upTo, from) =>
      upTo === null
        ? `${from / 24}일 초과`
        : upTo <= 72
          ? `${upTo}시간 이내`
          : `${upTo / 24}일 이내`,
    definitions:
      '삭제까지 걸린 시간은 요청을 처음 보낸 때부터 삭제가 확인된 때까지입니다. ' +
      '기한 내 삭제율은 기한에 대한 결과가 정해진 요청(삭제, 거부, 만료, 기한이 지난 대기) 중 ' +
      '기한 안에 삭제된 요청의 비율입니다. 요청은 접수된 기간에 속합니다.',
    pendingInTime: '대기 중 (기한 내)',
    auditAnchor: (n) =>
      `이 보고서 작성 시점의 감사 기록: 항목 ${n}개, 마지막 항목의 해시 (나중에 기록을 확인할 수 있도록 보관하세요)`,
    columns: { median: '중앙값', p90: '90번째 백분위수', compliance: '기한 내 삭제율' },
  },
};
