/**
 * The engine: every service of Jium, free of Electron (DESIGN.md). Hosts (src/main, src/host) and
 * the renderer import from here only — a lint rule in eslint.config.js enforces it; tests and
 * benchmarks may reach inside. Hosts change state only through `Engine.call` (the contract).
 */
export { Engine, type EngineOptions, type EngineEvent } from './core/engine';
export type { CallerKey } from './core/context';
export type { OperatorRole } from './core/operator';
export { openCaseFile, type CaseFile } from './db/case-file';
export { headlessDataDir, defaultCaseFilePath, DEFAULT_CASE_FILE_NAME } from './db/paths';
export { containedPath } from './core/contained-path';
export { passphraseProvider, WrongSecretError, type MasterKeyProvider } from './crypto/master-key';
export { verifyAudit } from './audit/chain';
export {
  ChromiumPdfRenderer,
  footerOptions,
  pageMargins,
  type PdfOptions,
  type PdfRenderer,
} from './documents';
/**
 * Pure computations for `jium fingerprint` and `jium match`: they hash image and video files named
 * on the command line and compare them, touching no case file (decision 0090).
 */
export { bestMatch, bytesToHex, type Fingerprint } from './fingerprint';
export {
  expandInputs,
  fingerprintBatch,
  progressLine,
  type BatchResult,
} from './fingerprint/batch';
export { IndexedReferenceSet } from './similarity/reference-set';
export {
  betterVideoMatch,
  candidateFrames,
  countedMoments,
  decideVideo,
  decisionAlgo,
  decisionTransform,
  fingerprintVideoBatch,
  matchFrameToVideo,
  matchVideo,
  referenceFeatureIndex,
  splitVideoInputs,
  videoVerdict,
  type FrameInVideo,
  type VideoBatchResult,
  type VideoDecision,
  type VideoFingerprint,
} from './video';
export { centreQueueOnRedis, type CentreQueue } from './workers/centre-queue';
export { startCrawlWorker } from './workers/crawl-queue';
