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

/** A centre desk's server (its pages are this desk's app); null on a desk with a local case file. */
let centreOrigin: string | null = null;

/** Lets this desk's windows show the centre's pages (src/main/desk.ts pins its certificate). */
export function allowCentreOrigin(origin: string): void {
  centreOrigin = origin;
}

/** Where a window may navigate: the app's pages, or the pinned centre's. */
function isNavigable(url: string): boolean {
  return isAppUrl(url) || (centreOrigin !== null && url.startsWith(`${centreOrigin}/`));
}

function harden(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isNavigable(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigable(url)) event.preventDefault();
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
