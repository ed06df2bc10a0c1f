import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TAKEDOWN_STATES, TRANSITIONS, type TakedownState } from '../../shared/takedown-types';
import { canTransition, resend, transition } from './lifecycle';
import { openTakedownForMatch } from './open-request';
import { createTakedownTestFile, type TakedownTestFile } from './test-support';

let f: TakedownTestFile;
beforeEach(() => {
  f = createTakedownTestFile();
});
afterEach(() => f.cleanup());

const H = 3_600_000;
const t0 = Date.parse('2026-11-22T10:00:00Z');
const at = (hours: number) => new Date(t0 + hours * H);
let n = 0;
function draft(): number {
  const page = `https://host.example/p/${++n}`;
  return openTakedownForMatch(f.db, f.match(page, `${page}.jpg`), f.userId, at(0)).requestIds[0]!;
}
/** A request brought to `state` along the shortest manual path. */
function inState(state: TakedownState): number {
  const id = draft();
  const path: Record<TakedownState, TakedownState[]> = {
    draft: [],
    sent: ['sent'],
    acknowledged: ['sent', 'acknowledged'],
    removed: ['sent', 'removed'],
    refused: ['sent', 'refused'],
    expired: ['sent', 'expired'],
  };
  path[state].forEach((s, i) => transition(f.db, id, s, f.userId, at(i + 1)));
  return id;
}
const row = (id: number) =>
  f.db.prepare('SELECT * FROM takedown_requests WHERE id = ?').get(id) as Record<string, unknown>;

describe('lifecycle', () => {
  it('allows exactly the transitions of the table, for every pair of states', () => {
    for (const from of TAKEDOWN_STATES) {
      for (const to of TAKEDOWN_STATES) {
        const id = inState(from);
        const allowed = TRANSITIONS[from].includes(to);
        expect(canTransition(from, to), `${from} → ${to}`).toBe(allowed);
        const attempt = () => transition(f.db, id, to, f.userId, at(10));
        if (allowed) {
          attempt();
          expect(row(id)['state'], `${from} → ${to}`).toBe(to);
        } else {
          expect(attempt, `${from} → ${to}`).toThrow(/cannot become/);
          expect(row(id)['state'], `${from} → ${to} left unchanged`).toBe(from);
        }
      }
    }
  });

  it('stamps the service level at the first sending and keeps it across a re-opening', () => {
    const id = inState('sent');
    expect(row(id)).toMatchObject({
      first_sent_at: at(1).toISOString(),
      last_sent_at: at(1).toISOString(),
      deadline_at: at(49).toISOString(),
      closed_at: null,
    });
    resend(f.db, id, f.userId, at(30), '');
    expect(row(id)['last_sent_at']).toBe(at(30).toISOString());
    transition(f.db, id, 'refused', f.userId, at(40));
    expect(row(id)['closed_at']).toBe(at(40).toISOString());
    expect(() => resend(f.db, id, f.userId, at(41), '')).toThrow(/Only sent or acknowledged/);
    transition(f.db, id, 'sent', f.userId, at(50));
    expect(row(id)).toMatchObject({
      first_sent_at: at(1).toISOString(),
      deadline_at: at(98).toISOString(),
      closed_at: null,
    });
    transition(f.db, id, 'removed', f.userId, at(60));
    expect(row(id)).toMatchObject({
      removed_at: at(60).toISOString(),
      closed_at: at(60).toISOString(),
    });
  });

  it('lets only the re-check (no person) mark a draft removed', () => {
    const id = draft();
    expect(() => transition(f.db, id, 'removed', f.userId, at(1))).toThrow(/cannot become/);
    transition(f.db, id, 'removed', null, at(1), { evidence: 'recheck' });
    expect(row(id)).toMatchObject({ state: 'removed', first_sent_at: null });
    expect(() => transition(f.db, 9999, 'sent', f.userId, at(1))).toThrow(/no such/);
  });
});
