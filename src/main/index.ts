/**
 * main/ is the thin Electron host: lifecycle, window, menu, dialogs, secure defaults and the IPC
 * binding of the contract. All product logic lives in the engine (src/engine).
 */
import { app, BrowserWindow } from 'electron';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CASE_FILE_NAME, Engine } from '../engine';
import { ElectronPdfRenderer } from './electron-pdf';
import { bindIpc } from './ipc';
import { bindDeskIpc, deskChoice, deskFile, pinCentre } from './desk';
import { buildMenu } from './menu';
import { handleMediaProtocol, registerMediaScheme } from './protocol';
import { safeStorageKeyProvider } from './safe-storage-key';
import { allowCentreOrigin, installSecurityDefaults } from './security';

/** The folder of the built main bundle (out/main): ESM has no __dirname. */
const here = dirname(fileURLToPath(import.meta.url));

// Secure defaults first, before anything can create web contents.
installSecurityDefaults();
registerMediaScheme();

let engine: Engine | null = null;
const getEngine = (): Engine => {
  if (!engine) throw new Error('The engine is not started yet.');
  return engine;
};

/**
 * The window: the app's own pages with the preload (a desk with its case file here, or the
 * first-start question at #desk), or the pinned centre's pages without it (they speak HTTPS).
 */
function createWindow(page: 'app' | 'desk' | { centre: string }): BrowserWindow {
  const remote = typeof page === 'object';
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Jium',
    // Window and task-bar icon on Linux and Windows (macOS takes the bundle's).
    icon: join(here, '../../resources/icon.png'),
    backgroundColor: '#f7f8fa',
    webPreferences: {
      preload: remote ? undefined : join(here, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('destroyed', () => engine?.disconnect(`wc:${win.webContents.id}`));
  const hash = page === 'desk' ? 'desk' : undefined;
  if (remote) void win.loadURL(`${page.centre}/`);
  else if (process.env.ELECTRON_RENDERER_URL)
    void win.loadURL(`${process.env.ELECTRON_RENDERER_URL}${hash ? `#${hash}` : ''}`);
  else void win.loadFile(join(here, '../renderer/index.html'), { hash });
  return win;
}

/** Forgets this desk's choice and starts again at the first-start question. */
function changeDesk(): void {
  rmSync(deskFile(), { force: true });
  app.relaunch();
  app.exit(0);
}

app.whenReady().then(() => {
  bindDeskIpc();
  // JIUM_CASE_FILE (tests, scripted use) means this computer, as before the question existed.
  const choice = process.env.JIUM_CASE_FILE ? { kind: 'local' as const } : deskChoice();
  if (choice === null) {
    buildMenu(null, changeDesk);
    createWindow('desk');
    return;
  }
  if (choice.kind === 'centre') {
    pinCentre(choice.origin, choice.fingerprint);
    allowCentreOrigin(choice.origin);
    buildMenu(null, changeDesk);
    createWindow({ centre: choice.origin });
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow({ centre: choice.origin });
    });
    return;
  }
  const caseFilePath =
    process.env.JIUM_CASE_FILE || join(app.getPath('userData'), DEFAULT_CASE_FILE_NAME);
  engine = new Engine({
    caseFilePath,
    host: 'electron',
    version: app.getVersion(),
    masterKey: safeStorageKeyProvider(),
    pdf: new ElectronPdfRenderer(),
  });
  // Scheduled crawls run while the app is open, whether or not anyone opens the Crawls page.
  void engine.startCrawlSchedules();
  handleMediaProtocol(() => join(app.getPath('userData'), 'media'));
  bindIpc(getEngine);
  buildMenu(getEngine, changeDesk);
  createWindow('app');
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow('app');
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => engine?.close());
