/**
 * Writing one task's outcome (inside its batch's transaction, outcome-queue.ts): the task's own
 * writes (hashes, sighting, match), then its frontier row — done, failed, skipped, or queued again
 * with back-off (Retry-After first) — its counters and its log line.
 */
import type { CrawlEnv } from './crawl-env';
import type { FrontierRow } from './frontier';
import { backoffMs, MAX_ATTEMPTS, retryAfterMs, type HostState } from './politeness';
import type { TaskOutcome } from './task-outcome';

/**
 * Retries of a body that did not arrive within the site's time limit (a slow drip), per URL in a
 * run: one. Each attempt costs the whole timeout, and a server dripping once drips again (issue 18
 * item 6: 3-4 attempts at 15 s each). `row.attempts` counts the attempts before this one.
 */
const BODY_TIMEOUT_RETRIES = 1;

/**
 * Writes a task's outcome; `onMatchId` hears the id of a match it recorded (none when the same
 * match was recorded before: the outcome's code then ends in `-known`).
 */
export function recordOutcome(
  env: CrawlEnv,
  row: FrontierRow,
  h: HostState,
  outcome: TaskOutcome,
  onMatchId: (id: number) => void,
): void {
  const { frontier, store } = env;
  const delta = { ...outcome.delta };
  if (outcome.write) {
    const { matchId } = outcome.write();
    if (matchId !== null) {
      delta.matches = (delta.matches ?? 0) + 1;
      onMatchId(matchId);
    } else if (outcome.code === 'match' || outcome.code === 'video-match') {
      outcome = { ...outcome, code: `${outcome.code}-known` };
    }
  }
  if (outcome.state === 'retry') {
    const now = Date.now();
    const asked = retryAfterMs(outcome.retryAfter, now);
    const retries = outcome.code === 'timeout-body' ? BODY_TIMEOUT_RETRIES : MAX_ATTEMPTS;
    if (row.attempts < retries) {
      const wait = asked ?? backoffMs(row.attempts);
      if (asked !== null) h.nextAt = Math.max(h.nextAt, now + asked); // the host asked to slow down
      frontier.retryAt(row.id, now + wait, outcome.code);
      store.log(
        'warn',
        outcome.code,
        row.url,
        `retry ${row.attempts}/${MAX_ATTEMPTS} in ${wait} ms`,
      );
      return;
    }
    outcome = { ...outcome, state: 'failed', delta: { errors: 1 } };
    delta.errors = 1;
  }
  frontier.finish(row.id, outcome.state as 'done' | 'failed' | 'skipped', outcome.code);
  store.addCounters(delta);
  const level =
    outcome.state === 'failed' ? 'error' : outcome.state === 'skipped' ? 'warn' : 'info';
  if (
    row.kind === 'page' ||
    level !== 'info' ||
    /^(list-|video-)?match$/.test(outcome.code) ||
    (row.kind === 'video' && outcome.message)
  ) {
    store.log(level, outcome.code, row.url, outcome.message ?? '');
  }
}
