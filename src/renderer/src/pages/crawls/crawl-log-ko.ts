/** Korean words of the crawl log's kinds and the progress bar (keys as crawl-log-en.ts). */
import type { crawlLogEn } from './crawl-log-en';

export const crawlLogKo: typeof crawlLogEn = {
  title: '일어난 일',
  count_one: '{{count}}건',
  count_other: '{{count}}건',
  showRaw: '기록 보기',
  hideRaw: '기록 숨기기',
  raw: '코드',
  progress: '알려진 주소 {{known}}개 중 {{done}}개 처리',
  running: '{{time}} 동안 실행 중',
  ran: '{{time}} 동안 실행함',
  rate: '분당 {{rate}}개',
  kinds: {
    'blocked-address': {
      title: '차단된 주소',
      body: '주소 보호 기능이 사설 또는 로컬 주소를 막았습니다(지움은 센터 내부망을 크롤링하지 않습니다).',
    },
    timeout: {
      title: '응답 시간 초과',
      body: '서버가 제때 응답하지 않았습니다. 몇 번 다시 시도했습니다.',
    },
    network: {
      title: '연결 실패',
      body: '연결이 끊겼거나 안전하지 않았습니다.',
    },
    'http-missing': {
      title: '페이지 없음',
      body: '서버가 페이지나 이미지가 없다고 답했습니다(404 또는 410).',
    },
    'http-refused': {
      title: '서버가 거부함',
      body: '서버가 요청을 거부했습니다(예: 403, 로그인이 필요할 수 있음).',
    },
    'http-server': {
      title: '서버 과부하 또는 오류',
      body: '서버가 바쁘거나 오류가 났습니다(429 또는 5xx). 기다렸다가 다시 시도했습니다.',
    },
    robots: {
      title: 'robots.txt가 허용하지 않음',
      body: '사이트가 크롤러에게 이 주소를 읽지 말라고 요청했고, 이 사이트 설정은 그 요청을 따릅니다.',
    },
    'out-of-scope': {
      title: '사이트 범위 밖',
      body: '사이트에서 허용한 호스트나 경로가 아니거나, 웹 주소가 아닙니다.',
    },
    'not-an-image': {
      title: '이미지가 아님',
      body: '받은 내용이 그림이 아니었습니다(대개 웹 페이지가 대신 옴).',
    },
    decoder: {
      title: '이미지를 읽을 수 없음',
      body: '이미지가 손상되었거나 중간에 끊겼거나, 지움이 읽을 수 없는 형식입니다.',
    },
    'too-large': {
      title: '너무 큼',
      body: '파일이나 이미지가 한도보다 커서 읽지 않았습니다.',
    },
    trap: {
      title: '끝없는 링크 건너뜀',
      body: '링크 함정(달력, 끝없는 목록)처럼 보이는 주소는 따라가지 않았습니다.',
    },
    limit: {
      title: '페이지 한도 도달',
      body: '사이트의 페이지 수 또는 깊이 한도에 도달해 더 이상 따라가지 않았습니다.',
    },
    video: {
      title: '동영상 문제',
      body: '동영상이나 그 일부를 읽지 못했습니다.',
    },
    browser: {
      title: '브라우저 문제',
      body: '내장 브라우저가 페이지를 열거나 화면을 캡처하지 못했습니다.',
    },
    'failed-run': {
      title: '크롤링을 시작하지 못함',
      body: '시작 페이지를 하나도 가져오지 못했습니다.',
    },
    match: {
      title: '일치 항목 발견',
      body: '사례의 기준 이미지와 일치하는 이미지입니다. 검토에서 기다립니다.',
    },
    fetched: {
      title: '읽음',
      body: '읽은 페이지와 이미지(또는 이미 알고 있고 바뀌지 않은 것)입니다.',
    },
    run: {
      title: '크롤링 시작·일시 정지·종료',
      body: '크롤링 자체의 상태 변화입니다.',
    },
    other: {
      title: '기타',
      body: '아직 쉬운 설명이 없는 기록입니다. 코드를 함께 보여 줍니다.',
    },
  },
};
