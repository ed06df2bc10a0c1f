/**
 * Who may receive a pushed event. Events carry ids and counts, never names or pictures, but what
 * they point to is role-bound, and a desk that opened the app page without signing in (or a locked
 * one) must learn nothing: a broadcast event goes only to a signed-in, unlocked person whose role
 * may call the method that reads what the event points to (the same access lists the calls use).
 * An event addressed to one caller (its own session, its own upload's progress) goes to that caller
 * alone. Both hosts (Electron windows, the HTTP host's streams) ask this before writing an event.
 */
import type { EventName, MethodName, MethodSpec } from '../../shared/contract';
import { contract } from '../../shared/contract';
import type { SessionInfo } from '../../shared/types';
import { allowed } from './dispatch';
import { isOperator } from './operator';
import { isWorker } from '../workers/session';

/** For each data event, the call whose access list decides who hears of it. */
const READ_BY: Partial<Record<EventName, MethodName>> = {
  'crawl.progress': 'crawls.list',
  'crawl.match': 'review.list',
  'review.changed': 'review.counts',
  'takedowns.changed': 'takedowns.list',
};

/**
 * Events about the app itself, not the case file's content: every connected window hears them. A
 * broadcast session.changed is the null of everyone signed out (another case file was opened).
 */
const ANYONE: ReadonlySet<EventName> = new Set([
  'ui.language',
  'caseFile.changed',
  'session.changed',
]);

export function mayReceive(
  session: SessionInfo | null,
  event: EventName,
  to: string | undefined,
  caller: string,
): boolean {
  if (to !== undefined) return to === caller;
  if (ANYONE.has(event)) return true;
  const reader = READ_BY[event];
  if (!reader || !session || session.locked || isOperator(session) || isWorker(session))
    return false;
  return allowed((contract[reader] as MethodSpec).access, session, reader) === 'ok';
}
