/**
 * The engine's PdfRenderer in the desktop app: Electron's own Chromium, `webContents.printToPDF`
 * of a hidden window, instead of starting Debian's Chromium through playwright-core. Same rules as
 * the engine's renderer (documents/pdf.ts): the document is self-contained, scripts are off, and
 * the window's session refuses every request other than the document file itself.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session, type Session } from 'electron';
import { footerOptions, pageMargins, type PdfOptions, type PdfRenderer } from '../engine';

/** CSS length in mm/cm/in/px → inches, as printToPDF wants them. */
export function toInches(length: string): number {
  const m = /^([\d.]+)\s*(mm|cm|in|px)?$/.exec(length.trim());
  if (!m) return 0.7;
  const n = Number(m[1]);
  switch (m[2]) {
    case 'mm':
      return n / 25.4;
    case 'cm':
      return n / 2.54;
    case 'px':
      return n / 96;
    default:
      return n;
  }
}

export class ElectronPdfRenderer implements PdfRenderer {
  private ses: Session | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'jium-pdf-'));

  private session(): Session {
    if (this.ses) return this.ses;
    // An in-memory partition of its own: nothing shared with the app's windows, nothing kept.
    const ses = session.fromPartition('jium-pdf-documents', { cache: false });
    ses.enableNetworkEmulation({ offline: true });
    const allowed = pathToFileURL(this.dir).href;
    ses.webRequest.onBeforeRequest((details, callback) =>
      callback({ cancel: !(details.url.startsWith(allowed) || details.url.startsWith('data:')) }),
    );
    ses.setPermissionRequestHandler((_wc, _permission, cb) => cb(false));
    this.ses = ses;
    return ses;
  }

  async htmlToPdf(html: string, options: PdfOptions = {}): Promise<Buffer> {
    // A file, not a data: URL: documents with evidence pictures exceed Chromium's URL limit.
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = join(this.dir, `${Date.now()}-${Math.random().toString(36).slice(2)}.html`);
    writeFileSync(file, html, { mode: 0o600 });
    const win = new BrowserWindow({
      show: false,
      webPreferences: {
        session: this.session(),
        javascript: false,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    try {
      await win.loadFile(file);
      const margin = pageMargins(options);
      return await win.webContents.printToPDF({
        pageSize: options.format ?? 'A4',
        landscape: options.landscape ?? false,
        printBackground: true,
        margins: {
          top: toInches(margin.top),
          right: toInches(margin.right),
          bottom: toInches(margin.bottom),
          left: toInches(margin.left),
        },
        ...footerOptions(options),
      });
    } finally {
      win.destroy();
      rmSync(file, { force: true });
    }
  }

  async close(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
