/**
 * Documents domain: HTML → PDF (the PdfRenderer seam, Chromium by default, Electron's printToPDF
 * in the desktop host), takedown notices per host and language from editable templates, and
 * exports of takedown requests as CSV, XLSX and JSON. See docs/decisions/0070-0079.
 */
export {
  ChromiumPdfRenderer,
  escapeHtml,
  fontStack,
  footerOptions,
  footerTemplate,
  pageMargins,
  MONO_STACK,
  type ChromiumPdfOptions,
  type PdfOptions,
  type PdfRenderer,
} from './pdf';
export { noticeHandlers } from './handlers';
export { composeNotice, attachEvidence, noticeDocumentHtml } from './notice';
export { exportFile, loadExportRequests } from './export-requests';
export { toCsv, parseCsv, neutraliseCell } from './csv';
export { toXlsx } from './xlsx';
