/**
 * The engine: every service of Jium, free of Electron (DESIGN.md). Hosts import from here only.
 */
export { Engine, type EngineOptions, type EngineEvent } from './core/engine';
export type { CallerKey } from './core/context';
export { openCaseFile, type CaseFile } from './db/case-file';
export { headlessDataDir, defaultCaseFilePath, DEFAULT_CASE_FILE_NAME } from './db/paths';
export { containedPath } from './core/contained-path';
export { passphraseProvider, WrongSecretError, type MasterKeyProvider } from './crypto/master-key';
export { verifyAudit } from './audit/chain';
export {
  ChromiumPdfRenderer,
  footerTemplate,
  pageMargins,
  type PdfOptions,
  type PdfRenderer,
} from './documents';
