/**
 * Answers the desk-choice page (src/shared/desk-types.ts) below the window: checks a centre address
 * and fingerprint by connecting to the server (src/host/centre/desk-link.ts pins the key), and
 * remembers the choice only once the server proved it holds the pinned key. The Electron host binds
 * it to IPC; the e2e drives the same function from the page in Chromium.
 */
import type { DeskAnswer, DeskRequest } from '../shared/desk-types';
import { parseCentreAddress, probeCentre, saveDeskChoice } from './centre/desk-link';
import { parseFingerprint } from './centre/tls-identity';

function isDeskRequest(v: unknown): v is DeskRequest {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  if (r['kind'] === 'choose-local') return true;
  return (
    (r['kind'] === 'probe' || r['kind'] === 'choose-centre') &&
    typeof r['address'] === 'string' &&
    typeof r['fingerprint'] === 'string' &&
    r['address'].length <= 300 &&
    r['fingerprint'].length <= 200
  );
}

/** Checks the centre: the address, the fingerprint's form, then the key the server presents. */
async function check(address: string, fingerprint: string, timeoutMs: number): Promise<DeskAnswer> {
  const parsed = parseCentreAddress(address);
  if ('problem' in parsed) return { ok: false, problem: parsed.problem };
  if (!parseFingerprint(fingerprint)) return { ok: false, problem: 'bad-fingerprint' };
  const probe = await probeCentre(parsed.origin, fingerprint, timeoutMs);
  if (probe.ok) return { ok: true, origin: parsed.origin, fingerprint: probe.fingerprint };
  return probe.problem === 'wrong-certificate'
    ? { ok: false, problem: 'wrong-certificate', seen: probe.seen }
    : { ok: false, problem: 'unreachable', detail: probe.detail };
}

/**
 * One request from the page. `file` is where the choice is remembered (the desk's settings
 * folder). A centre is remembered with the fingerprint as the server proved it, never as typed.
 */
export async function answerDesk(
  file: string,
  request: unknown,
  timeoutMs = 10_000,
): Promise<DeskAnswer> {
  if (!isDeskRequest(request)) return { ok: false, problem: 'bad-request' };
  if (request.kind === 'choose-local') {
    saveDeskChoice(file, { kind: 'local' });
    return { ok: true };
  }
  const answer = await check(request.address, request.fingerprint, timeoutMs);
  if (answer.ok && request.kind === 'choose-centre')
    saveDeskChoice(file, {
      kind: 'centre',
      origin: answer.origin!,
      fingerprint: answer.fingerprint!,
    });
  return answer;
}
