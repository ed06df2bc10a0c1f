import { describe, expect, it } from 'vitest';
import type { ReviewCounts } from '../../../../shared/review-types';
import { countsAfterDecision, dailyAfterDecision } from './decided-counts';

const counts: ReviewCounts = {
  states: { pending: 5, unsure: 1, confirmed: 0, rejected: 2 },
  cases: [
    { id: 1, code: 'A-1', count: 3 },
    { id: 2, code: 'B-2', count: 1 },
  ],
  sites: [{ id: 9, name: 'Site', count: 5 }],
  hosts: [{ host: 'a.example', count: 5 }],
  algos: [
    { algo: 'pdq', count: 4 },
    { algo: 'sha256', count: 1 },
  ],
  lists: [{ id: 7, name: 'Partner', count: 1 }],
  sources: { case: 4, list: 1 },
};
const caseItem = (caseId: number, algo: string) =>
  ({ source: 'case', caseId, listId: null, algo }) as const;

describe('counts the moment a decision is written', () => {
  it('moves the decided items from the filter’s state to the decision’s, and out of each facet', () => {
    const after = countsAfterDecision(counts, 'pending', 'confirm', 2, [
      caseItem(1, 'pdq'),
      caseItem(2, 'sha256'),
    ]);
    expect(after.states).toEqual({ pending: 3, unsure: 1, confirmed: 2, rejected: 2 });
    expect(after.sources).toEqual({ case: 2, list: 1 });
    expect(after.cases).toEqual([{ id: 1, code: 'A-1', count: 2 }]);
    expect(after.algos).toEqual([{ algo: 'pdq', count: 3 }]);
    expect(after.lists).toEqual(counts.lists);
    // Hosts and sites wait for the reload (an item counts under each host of its pages).
    expect(after.hosts).toBe(counts.hosts);
  });

  it('moves only the states when the decided rows are not all known', () => {
    const after = countsAfterDecision(counts, 'pending', 'reject', 3, [caseItem(1, 'pdq')]);
    expect(after.states).toEqual({ pending: 2, unsure: 1, confirmed: 0, rejected: 5 });
    expect(after.cases).toBe(counts.cases);
    expect(after.sources).toBe(counts.sources);
  });

  it('changes nothing when the item stays in its state (unsure under the unsure filter)', () => {
    expect(countsAfterDecision(counts, 'unsure', 'unsure', 1, null)).toBe(counts);
  });

  it('adds the decisions to today’s', () => {
    const today = { confirmed: 0, rejected: 1, unsure: 0, total: 1 };
    expect(dailyAfterDecision(today, 'confirm', 1)).toEqual({
      confirmed: 1,
      rejected: 1,
      unsure: 0,
      total: 2,
    });
  });
});
