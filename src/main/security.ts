/**
 * Secure defaults for every window and web contents (DESIGN.md): imported first by index.ts.
 * No navigation away from the app, no new windows, no webviews, every permission denied.
 */
import { app, session, shell, type WebContents } from 'electron';

/** True for the app's own pages: the built renderer (file://) or the dev server. */
export function isAppUrl(url: string): boolean {
  const dev = process.env.ELECTRON_RENDERER_URL;
  return (dev !== undefined && url.startsWith(dev)) || url.startsWith('file://');
}

function harden(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the web open in the user's browser only when they are plain https links they clicked.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Installs the defaults; call before any window exists. */
export function installSecurityDefaults(): void {
  app.enableSandbox();
  app.on('web-contents-created', (_e, contents) => harden(contents));
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
      callback(false),
    );
    session.defaultSession.setPermissionCheckHandler(() => false);
  });
}
