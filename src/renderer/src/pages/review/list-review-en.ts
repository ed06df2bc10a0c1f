/** English strings of hash-list items in the one review screen (spread into review-en.ts as `lists`). */
export const listReviewEn = {
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
  decidedReject: 'Marked as not a match.',
};
