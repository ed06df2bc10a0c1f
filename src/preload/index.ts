/**
 * The preload: exposes exactly the contract's methods and events on `window.jium`, and the desk
 * question on `window.jiumDesk`, nothing else — no raw ipcRenderer. Names outside the contract are refused here and again in main.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { JiumBridge } from '../shared/bridge';
import type { DeskBridge } from '../shared/desk-types';
import { isEventName, isMethodName } from '../shared/contract';
import { IPC_CALL, IPC_DESK, IPC_EVENT } from '../shared/ipc-channels';

const bridge = {
  call: (method, input) => {
    if (!isMethodName(method)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'unknown-method', message: `There is no method ${String(method)}.` },
      });
    }
    return ipcRenderer.invoke(IPC_CALL, method, input);
  },
  on: (event, listener) => {
    if (!isEventName(event)) throw new Error(`There is no event ${String(event)}.`);
    const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) (listener as (p: unknown) => void)(payload);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => void ipcRenderer.removeListener(IPC_EVENT, handler);
  },
} satisfies JiumBridge;

contextBridge.exposeInMainWorld('jium', bridge);

/** The first-start question (open a case file here, or connect to the centre): one call, checked in main. */
const desk = {
  ask: (request) => ipcRenderer.invoke(IPC_DESK, request),
} satisfies DeskBridge;
contextBridge.exposeInMainWorld('jiumDesk', desk);
