/**
 * Fingerprinting domain: decoding untrusted image bytes safely (sharp, with limits and specific
 * error codes), perceptual hashes (PDQ written here and checked against Meta's vectors; blockhash
 * via blockhash-core), their variants (orientations, trimmed borders, embedded photos, sub-crops),
 * the decision rule that turns distances into verdicts, the verification stage (ORB + RANSAC
 * homography, decision 0016) that decides weak agreement, and the ReferenceSet seam the index plugs
 * into. It owns no SQL and no Electron; see README.md for the measured decision rule.
 */
export { decodeExchangePixels, decodeImage, DEFAULT_LIMITS, workingPipeline } from './decode';
export type { DecodedImage, DecodeLimits, ExchangePixels } from './decode';
export { exchangePdq } from './exchange-hash';
export type { ExchangePdq } from './exchange-hash';
export { FingerprintError } from './errors';
export type { FingerprintErrorCode } from './errors';
export { bytesToHex, hamming256, hexToBytes, HASH_BYTES } from './hash-bits';
export {
  DIHEDRAL,
  dctDihedral,
  lumaFromPixels,
  pdqBitsFromDct,
  pdqFromLuma,
  pdqFromPixels,
} from './pdq';
export type { Dihedral, PdqDetail, PdqResult } from './pdq';
export { blockhash256 } from './blockhash';
export {
  CROPS,
  fingerprint,
  fingerprintDecoded,
  MIN_SIDE,
  referenceFeatures,
  QUALITY_FLOOR,
  sha256Hex,
} from './fingerprint';
export type {
  Fingerprint,
  FingerprintOptions,
  HashAlgo,
  HashVariant,
  RegionKind,
} from './fingerprint';
export { compare, decide, DEFAULT_RULE, distances, matchedRegion } from './compare';
export type { Comparison, DecisionRule, Distances, Verdict } from './compare';
export { bestMatch, BruteForceReferenceSet, LOCAL_PROPOSAL } from './reference-set';
export { DescriptorIndex } from './descriptor-index';
export type { BestMatch, NearHit, ReferenceSet } from './reference-set';
export { loadVerifier, verifierReady } from './verify';
export type { Features } from './verify';
export {
  decodeFeatures,
  encodeFeatures,
  FEATURES_KIND,
  READABLE_FEATURE_KINDS,
} from './features-codec';
