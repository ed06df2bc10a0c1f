import { BrowserWindow, ipcMain, type WebContents } from 'electron';
import type { Engine } from '../engine';
import { IPC_CALL, IPC_EVENT } from '../shared/ipc-channels';
import { isAppUrl } from './security';

/** The caller key of a window's web contents: its session is bound to that window. */
export const callerOf = (contents: WebContents): string => `wc:${contents.id}`;

/**
 * Binds the contract to ipcMain.handle. Calls are accepted only from the app's own windows showing
 * the app's own pages; the engine validates the method name, role and input.
 */
export function bindIpc(getEngine: () => Engine): () => void {
  ipcMain.handle(IPC_CALL, (event, method: unknown, input: unknown) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    if (!win || !event.senderFrame || !isAppUrl(event.senderFrame.url)) {
      return {
        ok: false,
        error: { code: 'forbidden', message: 'Calls are accepted from Jium windows only.' },
      };
    }
    return getEngine().call(callerOf(event.sender), method, input);
  });
  const unsubscribe = getEngine().onEvent((e) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (getEngine().mayReceive(callerOf(win.webContents), e))
        win.webContents.send(IPC_EVENT, e.event, e.payload);
    }
  });
  return () => {
    ipcMain.removeHandler(IPC_CALL);
    unsubscribe();
  };
}
