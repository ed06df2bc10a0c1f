import { app, BrowserWindow, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import type { Engine } from '../engine';

/** Menu labels in both languages; the menu follows the OS locale like the UI does at start. */
const LABELS = {
  en: {
    file: 'File',
    newFile: 'New Case File…',
    open: 'Open Case File…',
    language: 'Language',
    quit: 'Quit Jium',
    failed: 'Could not open the case file',
    changeDesk: 'Change Desk (This Computer or Centre)…',
  },
  ko: {
    file: '파일',
    newFile: '새 데이터 파일…',
    open: '데이터 파일 열기…',
    language: '언어',
    quit: 'Jium 종료',
    failed: '데이터 파일을 열 수 없습니다',
    changeDesk: '작업 방식 바꾸기(이 컴퓨터 또는 센터)…',
  },
} as const;

const FILTERS = [{ name: 'Jium case file', extensions: ['jium'] }];

async function switchTo(getEngine: () => Engine, create: boolean): Promise<void> {
  const win = BrowserWindow.getFocusedWindow() ?? undefined;
  const l = LABELS[app.getLocale().startsWith('ko') ? 'ko' : 'en'];
  const picked = create
    ? await (win
        ? dialog.showSaveDialog(win, { filters: FILTERS })
        : dialog.showSaveDialog({ filters: FILTERS }))
    : await (win
        ? dialog.showOpenDialog(win, { filters: FILTERS, properties: ['openFile'] })
        : dialog.showOpenDialog({ filters: FILTERS, properties: ['openFile'] }));
  const path = 'filePath' in picked ? picked.filePath : picked.filePaths[0];
  if (picked.canceled || !path) return;
  try {
    getEngine().switchCaseFile(path, { create });
  } catch (e) {
    dialog.showErrorBox(l.failed, (e as Error).message);
  }
}

/**
 * The application menu: New/Open case file and language (on a desk with its case file here),
 * Change desk, quit (plus the standard Edit/View roles). A centre desk has no case file of its own:
 * its language switch is in the centre's pages.
 */
export function buildMenu(getEngine: (() => Engine) | null, changeDesk: () => void): void {
  const l = LABELS[app.getLocale().startsWith('ko') ? 'ko' : 'en'];
  const local: MenuItemConstructorOptions[] = [];
  if (getEngine) {
    const language = (lang: 'ko' | 'en') => () =>
      getEngine().emit('ui.language', { language: lang });
    local.push(
      { label: l.newFile, accelerator: 'CmdOrCtrl+N', click: () => void switchTo(getEngine, true) },
      { label: l.open, accelerator: 'CmdOrCtrl+O', click: () => void switchTo(getEngine, false) },
      { type: 'separator' },
      {
        label: l.language,
        submenu: [
          { label: '한국어', click: language('ko') },
          { label: 'English', click: language('en') },
        ],
      },
      { type: 'separator' },
    );
  }
  const template: MenuItemConstructorOptions[] = [
    {
      label: l.file,
      submenu: [
        ...local,
        { label: l.changeDesk, click: changeDesk },
        { type: 'separator' },
        { label: l.quit, role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
