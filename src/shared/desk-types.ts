/**
 * The desktop app's first-start question, between the window and the Electron host: open a case
 * file on this computer, or connect to the centre's server (its address and the certificate
 * fingerprint the server printed). Answered below the window by src/host/desk-choice.ts.
 */

/** What the desk-choice page asks the host. */
export type DeskRequest =
  | { kind: 'probe'; address: string; fingerprint: string }
  | { kind: 'choose-local' }
  | { kind: 'choose-centre'; address: string; fingerprint: string };

/** Why a centre address or fingerprint was not accepted. */
export type DeskProblem =
  | 'empty'
  | 'not-https'
  | 'has-path'
  | 'bad-address'
  | 'bad-fingerprint'
  | 'wrong-certificate'
  | 'unreachable'
  | 'bad-request';

export type DeskAnswer =
  | { ok: true; origin?: string; fingerprint?: string }
  | { ok: false; problem: DeskProblem; seen?: string; detail?: string };

/** The host's side of the page, on `window.jiumDesk` (Electron's preload; absent in browsers). */
export interface DeskBridge {
  ask(request: DeskRequest): Promise<DeskAnswer>;
}
