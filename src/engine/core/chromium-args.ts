/**
 * Chromium's command-line flags for the engine's two headless uses, the crawler's browser mode
 * (crawl/browser.ts) and PDF printing (documents/pdf.ts). A module of its own so that documents
 * need not import the crawler (that import closed an import circle through core/context.ts).
 */

/** Chromium flags for a headless crawler on a desktop without a GPU. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Several pages render at once; background pages must not have timers and intersection
  // observers throttled, or their lazy images never load.
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
];
