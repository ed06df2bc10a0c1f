/** Korean strings of hash-list items in the one review screen (spread into review-ko.ts as `lists`). */
import type { listReviewEn } from './list-review-en';

export const listReviewKo: typeof listReviewEn = {
  fromList: '해시 목록: {{name}}',
  fields: {
    page: '페이지',
    image: '이미지',
    match: '일치',
    found: '발견 시각',
    server: '서버',
  },
  matchValue: '{{algo}}, 거리 {{distance}}',
  noPicture:
    '해시 목록 일치는 이미지를 보관하지 않습니다. 해시와 주소만 저장됩니다. 이미지를 확인해야 하면 이미지 주소를 브라우저에서 여세요.',
  empty: '검토할 항목이 없습니다. 크롤링이 가져온 목록의 이미지를 찾으면 여기에 나타납니다.',
  noLists: '가져온 해시 목록이 없습니다. 직원이 삭제 요청 → 해시 목록에서 가져올 수 있습니다.',
  decidedReject: '일치하지 않음으로 표시했습니다.',
};
