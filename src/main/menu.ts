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
  },
  ko: {
    file: '파일',
    newFile: '새 사건 파일…',
    open: '사건 파일 열기…',
    language: '언어',
    quit: 'Jium 종료',
    failed: '사건 파일을 열 수 없습니다',
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

/** The application menu: New/Open case file, language, quit (plus the standard Edit/View roles). */
export function buildMenu(getEngine: () => Engine): void {
  const l = LABELS[app.getLocale().startsWith('ko') ? 'ko' : 'en'];
  const language = (lang: 'ko' | 'en') => () => getEngine().emit('ui.language', { language: lang });
  const template: MenuItemConstructorOptions[] = [
    {
      label: l.file,
      submenu: [
        {
          label: l.newFile,
          accelerator: 'CmdOrCtrl+N',
          click: () => void switchTo(getEngine, true),
        },
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
        { label: l.quit, role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
