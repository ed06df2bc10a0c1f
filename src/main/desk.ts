/**
 * The desk's first-start question in the desktop app (issue 16): open a case file on this computer,
 * or connect to the centre's server. The answer is remembered in the settings folder
 * (src/host/desk-choice.ts checks and saves it, tested below the window). A centre desk loads the
 * centre's own pages in a window without the preload (they talk HTTPS to their server, never IPC),
 * and Electron accepts the centre's certificate only when it carries the pinned key.
 */
import { app, ipcMain, session } from 'electron';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { loadDeskChoice, matchesPin, type DeskChoice } from '../host/centre/desk-link';
import { answerDesk } from '../host/desk-choice';
import { IPC_DESK } from '../shared/ipc-channels';
import { isAppUrl } from './security';

/** Where the choice is kept: the app's settings folder. */
export const deskFile = (): string => join(app.getPath('userData'), 'desk.json');

/** The remembered choice; null on first start (or after "Change desk…"). */
export const deskChoice = (): DeskChoice | null => loadDeskChoice(deskFile());

/**
 * Answers the desk-choice page. Only the app's own pages may ask; once a choice is saved the app
 * starts again in that mode (a clean start: no engine half-opened for a desk that turned remote).
 */
export function bindDeskIpc(): void {
  ipcMain.handle(IPC_DESK, async (event, request: unknown) => {
    if (!event.senderFrame || !isAppUrl(event.senderFrame.url))
      return { ok: false, problem: 'bad-request' };
    const answer = await answerDesk(deskFile(), request);
    const kind = (request as { kind?: unknown }).kind;
    if (answer.ok && (kind === 'choose-local' || kind === 'choose-centre')) {
      setTimeout(() => {
        app.relaunch();
        app.exit(0);
      }, 400);
    }
    return answer;
  });
}

/**
 * Pins the centre: its certificate is accepted only when it carries the remembered key (whatever
 * any authority says), and this desk's windows reach no other address.
 */
export function pinCentre(origin: string, fingerprint: string): void {
  const host = new URL(origin).hostname.replace(/^\[|\]$/g, '');
  session.defaultSession.setCertificateVerifyProc((request, callback) => {
    let pinned: boolean;
    try {
      pinned =
        request.hostname === host &&
        matchesPin(new X509Certificate(request.certificate.data).raw, fingerprint);
    } catch {
      pinned = false; // a certificate Node cannot read is not the pinned one
    }
    callback(pinned ? 0 : -2); // 0: trusted; -2: refused
  });
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const url = details.url;
    const allowed =
      url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:');
    callback({ cancel: !allowed });
  });
}
