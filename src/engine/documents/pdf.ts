/**
 * HTML → PDF for notices and reports.
 *
 * The engine only knows the {@link PdfRenderer} interface. The default implementation drives
 * Debian's Chromium through playwright-core (the same browser the crawler's browser mode uses);
 * the Electron host may pass its own implementation built on `webContents.printToPDF` of a hidden,
 * offline window instead (see `src/main/electron-pdf.ts`), as DESIGN asks of everything
 * Electron-specific.
 *
 * Documents are rendered fully offline: the HTML must be self-contained (inline CSS and SVG,
 * images as `data:` URLs). Every network request the page tries is aborted, scripts are disabled,
 * and the context is marked offline. Fonts come from the system: name the families explicitly per
 * language ({@link fontStack}) so Korean, Japanese and Chinese text renders with real glyphs; Chromium
 * embeds (subsets of) the fonts it used in the PDF.
 */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS } from '../core/chromium-args';

/** Page setup of one document. Defaults: A4 portrait, 18 mm margins, backgrounds printed. */
export interface PdfOptions {
  format?: 'A4' | 'Letter';
  landscape?: boolean;
  /** CSS lengths, e.g. '18mm'. */
  margin?: { top?: string; right?: string; bottom?: string; left?: string };
  /**
   * A footer with "page / pages" at the bottom centre of every page. The text before the numbers
   * is escaped here (it may be the case code or a document title).
   */
  footerText?: string;
}

/**
 * Turns a self-contained HTML document into PDF bytes. Implementations must not fetch anything:
 * the HTML carries everything it shows.
 *
 * - Engine / headless host / tests: {@link ChromiumPdfRenderer} (playwright-core + Debian Chromium).
 * - Electron host: a renderer over a hidden offline `BrowserWindow` and `webContents.printToPDF`,
 *   passed to the engine at start-up.
 */
export interface PdfRenderer {
  htmlToPdf(html: string, options?: PdfOptions): Promise<Buffer>;
  /** Releases the browser, if any. Rendering again afterwards starts a new one. */
  close(): Promise<void>;
}

/** Languages the documents are written in, and the system font families that cover them. */
const FONT_FAMILIES: Record<string, readonly string[]> = {
  ko: ['Noto Sans CJK KR'],
  ja: ['Noto Sans CJK JP'],
  zh: ['Noto Sans CJK SC'],
  'zh-CN': ['Noto Sans CJK SC'],
  'zh-Hans': ['Noto Sans CJK SC'],
  'zh-TW': ['Noto Sans CJK TC'],
  'zh-HK': ['Noto Sans CJK HK'],
  'zh-Hant': ['Noto Sans CJK TC'],
};

/**
 * A CSS `font-family` value for text in `lang` (BCP 47). The language's own CJK face comes first
 * (Han characters differ between Korean, Japanese and Chinese typography), then Latin faces, then
 * the other CJK faces as fallbacks for quoted foreign text.
 */
export function fontStack(lang: string): string {
  const own = FONT_FAMILIES[lang] ?? FONT_FAMILIES[lang.split('-')[0] ?? ''] ?? [];
  const all = ['Noto Sans CJK KR', 'Noto Sans CJK JP', 'Noto Sans CJK SC', 'Noto Sans CJK TC'];
  // The CJK face also carries Latin letters and digits: putting it first keeps a line in one font.
  const families = [...own, 'Noto Sans', 'DejaVu Sans', ...all.filter((f) => !own.includes(f))];
  return [...families.map((f) => `'${f}'`), 'sans-serif'].join(', ');
}

/** A monospace stack for hashes and URLs. */
export const MONO_STACK =
  "'Noto Sans Mono', 'DejaVu Sans Mono', 'Noto Sans Mono CJK KR', monospace";

export interface ChromiumPdfOptions {
  /** Defaults to $JIUM_CHROMIUM, then /usr/bin/chromium. */
  executablePath?: string;
  /** Closes the browser after this long without a document (default 30 s). */
  idleMs?: number;
  /** Per document (default 60 s). */
  timeoutMs?: number;
}

/**
 * The default {@link PdfRenderer}: one Chromium, started on first use, shared by every document
 * and closed when idle. Documents render one page each, concurrently.
 */
export class ChromiumPdfRenderer implements PdfRenderer {
  private opening: Promise<{ browser: Browser; context: BrowserContext }> | null = null;
  private active = 0;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: ChromiumPdfOptions = {}) {}

  async htmlToPdf(html: string, options: PdfOptions = {}): Promise<Buffer> {
    this.active++;
    this.clearIdle();
    try {
      const { context } = await this.open();
      const page = await context.newPage();
      try {
        const timeout = this.options.timeoutMs ?? 60_000;
        page.setDefaultTimeout(timeout);
        await page.setContent(html, { waitUntil: 'load', timeout });
        const margin = pageMargins(options);
        return await page.pdf({
          format: options.format ?? 'A4',
          landscape: options.landscape ?? false,
          printBackground: true,
          preferCSSPageSize: false,
          margin,
          ...footerOptions(options),
        });
      } finally {
        await page.close().catch(() => undefined);
      }
    } finally {
      this.active--;
      this.scheduleIdle();
    }
  }

  async close(): Promise<void> {
    this.clearIdle();
    const opening = this.opening;
    this.opening = null;
    if (!opening) return;
    const { browser, context } = await opening.catch(() => ({ browser: null, context: null }));
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
  }

  private open(): Promise<{ browser: Browser; context: BrowserContext }> {
    if (!this.opening) {
      const opening = launch(this.options.executablePath);
      this.opening = opening;
      opening.then(
        ({ browser }) =>
          browser.on('disconnected', () => {
            if (this.opening === opening) this.opening = null;
          }),
        () => {
          if (this.opening === opening) this.opening = null;
        },
      );
    }
    return this.opening;
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private scheduleIdle(): void {
    if (this.active > 0) return;
    this.clearIdle();
    this.idleTimer = setTimeout(() => {
      if (this.active === 0) void this.close();
    }, this.options.idleMs ?? 30_000);
    this.idleTimer.unref();
  }
}

async function launch(
  executablePath: string | undefined,
): Promise<{ browser: Browser; context: BrowserContext }> {
  const browser = await chromium.launch({
    executablePath: executablePath ?? process.env['JIUM_CHROMIUM'] ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext({
      offline: true,
      javaScriptEnabled: false,
      serviceWorkers: 'block',
      acceptDownloads: false,
      bypassCSP: false,
    });
    // Content is inline; nothing may leave the machine, not even a favicon or a font request.
    await context.route('**/*', (route) => route.abort('blockedbyclient'));
    return { browser, context };
  } catch (e) {
    await browser.close().catch(() => undefined);
    throw e;
  }
}

/** The page margins of a document (CSS lengths): 18 mm, with room for the footer when there is one. */
export function pageMargins(options: PdfOptions): Required<NonNullable<PdfOptions['margin']>> {
  return {
    top: '18mm',
    right: '18mm',
    bottom: options.footerText === undefined ? '18mm' : '22mm',
    left: '18mm',
    ...options.margin,
  };
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * The print options that put {@link footerTemplate} on every page (none without a footer text):
 * the same names in Playwright's page.pdf and Electron's printToPDF.
 */
export function footerOptions(options: PdfOptions) {
  return options.footerText === undefined
    ? {}
    : {
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: footerTemplate(options.footerText),
      };
}

/** The footer of every page: the given text, and "page / pages". Shared with Electron's printToPDF. */
export function footerTemplate(text: string): string {
  // Chromium's header/footer templates use their own tiny document: fonts and size set inline.
  return (
    `<div style="width:100%;font-size:8px;color:#666;padding:0 18mm;` +
    `font-family:${escapeHtml(fontStack('ko'))};display:flex;justify-content:space-between">` +
    `<span>${escapeHtml(text)}</span>` +
    `<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`
  );
}
