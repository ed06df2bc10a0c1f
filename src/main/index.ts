/**
 * main/ is the thin Electron host: lifecycle, window, menu, dialogs, secure defaults and the IPC
 * binding of the contract. All product logic lives in the engine (src/engine).
 */
import { app, BrowserWindow } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CASE_FILE_NAME, Engine } from '../engine';
import { ElectronPdfRenderer } from './electron-pdf';
import { bindIpc } from './ipc';
import { buildMenu } from './menu';
import { handleMediaProtocol, registerMediaScheme } from './protocol';
import { safeStorageKeyProvider } from './safe-storage-key';
import { installSecurityDefaults } from './security';

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

function createWindow(): BrowserWindow {
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
      preload: join(here, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('destroyed', () => engine?.disconnect(`wc:${win.webContents.id}`));
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(join(here, '../renderer/index.html'));
  return win;
}

app.whenReady().then(() => {
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
  buildMenu(getEngine);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => engine?.close());
