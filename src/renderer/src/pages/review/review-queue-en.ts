/**
 * English strings of the one review screen's queue (spread into review-en.ts as `queue`): the
 * source filter, the rows, the found page's address, decisions' outcomes by source, the zoomed page
 * screenshot, and the hand-off when the queue empties (issue 17 items 6 and 11).
 */
export const reviewQueueEn = {
  sources: {
    all: 'All matches',
    case: 'Case references',
    list: 'Hash lists',
  },
  listFilter: 'Hash list',
  row: '{{list}} · found {{when}}',
  foundOn: 'Found on',
  openPage: 'Page address',
  zoom: 'Look at the whole page',
  zoomTitle: 'Page screenshot',
  zoomHint: 'Blurred until you hold Space or press and hold on it. Scroll to read the page.',
  /** A decision's outcome names the item it was about: the queue has moved to the next one. */
  decidedAbout: '{{item}}: {{words}}',
  confirmed_one: 'Confirmed. {{count}} draft takedown request opened or extended.',
  confirmed_other: 'Confirmed. {{count}} draft takedown requests opened or extended.',
  confirmedNoRequest:
    'Confirmed. No takedown request was opened: the victim did not consent to takedowns.',
  undoneTo: {
    pending: 'Undone: back to review.',
    unsure: 'Undone: back to unsure.',
    confirmed: 'Undone: confirmed again.',
    rejected: 'Undone: marked not a match again.',
  },
  done: {
    title: 'Nothing left to review here',
    sitting: 'In this sitting:',
    opened_one: '{{count}} takedown request opened',
    opened_other: '{{count}} takedown requests opened',
    extended_one: '{{count}} request already open took the page',
    extended_other: '{{count}} requests already open took the pages',
    rejected_one: '{{count}} not a match',
    rejected_other: '{{count}} not a match',
    unsure_one: '{{count}} left unsure for a second monitor',
    unsure_other: '{{count}} left unsure for a second monitor',
    nothing: 'You have not decided anything in this sitting.',
    nextStaff: 'Next: check the drafts and send each notice from Takedowns.',
    openTakedowns: 'Open Takedowns',
    nextMonitor:
      'Next: staff check the drafts and send each notice from Takedowns. Jium sends nothing itself.',
  },
};
