/** English strings of hash-list review in the Review area (spread into review-en.ts as `lists`). */
export const listReviewEn = {
  source: {
    cases: 'Case matches',
    lists: 'Hash-list matches',
  },
  states: {
    pending: 'To review',
    confirmed: 'Confirmed',
    rejected: 'Not a match',
  },
  list: 'Hash list',
  fromList: 'Hash list: {{name}}',
  fields: {
    page: 'Page',
    image: 'Image',
    match: 'Match',
    found: 'Found',
    server: 'Server',
  },
  matchValue: '{{algo}}, distance {{distance}}',
  noPicture:
    'No picture is kept for hash-list matches: only hashes and addresses are stored. Open the image address in a browser if you need to see it.',
  empty: 'Nothing waiting here. Matches appear as crawls find images on an imported list.',
  noLists: 'No hash lists have been imported. Staff import them under Takedowns → Hash lists.',
  reopen: 'Back to review',
  decidedConfirm: 'Confirmed. A draft takedown request is open for the page.',
  decidedReject: 'Marked as not a match.',
  undone: 'Put back to review.',
};
