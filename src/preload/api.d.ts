import type { JiumBridge } from '../shared/bridge';

declare global {
  interface Window {
    /** Present in the Electron app (the preload); absent in a browser on the headless host. */
    jium?: JiumBridge;
  }
}
export {};
