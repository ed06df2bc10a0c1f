import { describe, expect, it } from 'vitest';
import { NEW_SITTING, summarise, withDecision, withUndo } from './sitting';

const result = (batchId: number, decided: number, requests: number[], opened: number[]) => ({
  batchId,
  decided,
  takedownRequestIds: requests,
  openedRequestIds: opened,
});

describe('a sitting’s tally', () => {
  it('counts requests opened once, extensions of others, rejects and unsures; undo takes a batch out', () => {
    let s = withDecision(NEW_SITTING, 'confirm', result(1, 2, [10, 11], [10, 11]));
    s = withDecision(s, 'reject', result(2, 3, [], []));
    // A later confirm on a page of request 10 (opened in this sitting) and one already open (7).
    s = withDecision(s, 'confirm', result(3, 2, [7, 10], []));
    s = withDecision(s, 'unsure', result(4, 1, [], []));
    expect(summarise(s)).toEqual({ opened: 2, extended: 1, rejected: 3, unsure: 1, decided: 8 });
    s = withUndo(s, 4);
    s = withUndo(s, 3);
    expect(summarise(s)).toEqual({ opened: 2, extended: 0, rejected: 3, unsure: 0, decided: 5 });
    // An undo of a batch from before this sitting leaves the tally as it is.
    expect(withUndo(s, 99)).toBe(s);
    expect(summarise(NEW_SITTING)).toEqual({
      opened: 0,
      extended: 0,
      rejected: 0,
      unsure: 0,
      decided: 0,
    });
  });
});
