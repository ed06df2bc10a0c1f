import { describe, expect, it } from 'vitest';
import { settle, statusShown, unsettled } from './status-scope';

describe('the review status line', () => {
  it('is shown with the item the queue moved to after a decision, and leaves with it', () => {
    // Item 7 confirmed: while the write runs the line is shown; the queue moves to item 8.
    let s = unsettled('Confirmed. 1 draft takedown request opened or extended.');
    expect(statusShown(s, 7)).toBe(true);
    expect(settle(s, true, 7)).toBe(s); // still writing: not tied yet
    s = settle(s, false, 8)!;
    expect(statusShown(s, 8)).toBe(true);
    expect(settle(s, false, 8)).toBe(s);
    // The reviewer opens item 9, undecided: the line was about item 7, not shown over it (it
    // stayed there before), and gone for good: coming back to 8 does not bring it back.
    expect(statusShown(s, 9)).toBe(false);
    expect(settle(s, false, 9)).toBeNull();
  });

  it('stays in view when the decision emptied the queue', () => {
    const s = settle(unsettled('Confirmed.'), false, undefined);
    expect(statusShown(s, undefined)).toBe(true);
    expect(statusShown(null, undefined)).toBe(false);
  });
});
