import type { JiumBridge } from '../shared/bridge';
import type { DeskBridge } from '../shared/desk-types';

declare global {
  interface Window {
    /** Present in the Electron app (the preload); absent in a browser on the headless host. */
    jium?: JiumBridge;
    /** The desktop app's first-start question (open here, or connect to the centre); Electron only. */
    jiumDesk?: DeskBridge;
  }
}
export {};
