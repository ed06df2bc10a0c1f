/**
 * The small interface the add-images pipeline needs from fingerprinting, so cases do not depend on
 * the fingerprint engine's internals. `defaultFingerprinter` adapts src/engine/fingerprint.
 */
import sharp, { type Metadata } from 'sharp';
import { createHash } from 'node:crypto';
import {
  encodeFeatures,
  fingerprint,
  FingerprintError,
  hexToBytes,
  type Fingerprint,
} from '../fingerprint';

/** One stored perceptual hash of a reference image. */
export interface PrintVariant {
  algo: string;
  region: string;
  transform: string;
  hash: Uint8Array;
  quality?: number | undefined;
}

/** What a case keeps of a reference image besides (maybe) its encrypted original. */
export interface ReferencePrint {
  sha256: string;
  format: string;
  width: number;
  height: number;
  pdq: { hex: string; quality: number } | null;
  blockhash: string | null;
  lowQuality: boolean;
  /** A page with a picture inside it: that picture on its own may be missed (hardToFind). */
  innerPicture?: boolean;
  variants: PrintVariant[];
  /**
   * ORB features for the verification stage, in the stored form (fingerprint's encodeFeatures):
   * sealed with the case key by images.add (cases/reference-features.ts, decision 0017).
   */
  features?: Uint8Array;
}

/** A file that cannot be used as a reference image, with a stable code (e.g. `truncated`). */
export class ImageRejected extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImageRejected';
  }
}

/** Fingerprints one file's bytes; throws ImageRejected for files that are not usable images. */
export type Fingerprinter = (bytes: Uint8Array) => Promise<ReferencePrint>;

/**
 * A decode-check and SHA-256 only (no perceptual hashes): used where the fingerprint engine is not
 * wired, and in tests of the pipeline's error paths. A full decode with failOn 'truncated' is what
 * tells a truncated JPEG from a good one.
 */
export const decodeOnlyFingerprinter: Fingerprinter = async (bytes) => {
  if (bytes.length === 0) throw new ImageRejected('not-an-image', 'The file is empty.');
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { failOn: 'truncated', limitInputPixels: 100_000_000 }).metadata();
    await sharp(bytes, { failOn: 'truncated', limitInputPixels: 100_000_000 }).raw().toBuffer();
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0] ?? '';
    if (/unsupported image format/i.test(msg))
      throw new ImageRejected('not-an-image', 'The file is not an image.');
    if (/premature|truncat|end of|EOF/i.test(msg))
      throw new ImageRejected('truncated', 'The image data ends early (truncated file).');
    throw new ImageRejected('corrupt', 'The image data is damaged.');
  }
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    format: meta.format ?? 'unknown',
    width: meta.width ?? 0,
    height: meta.height ?? 0,
    pdq: null,
    blockhash: null,
    lowQuality: false,
    variants: [],
  };
};

/**
 * The fingerprint engine (src/engine/fingerprint) in reference mode: SHA-256, PDQ and blockhash of
 * the picture plus its orientation and crop variants, and its ORB features (stored sealed, decision
 * 0017). Its error codes (not-an-image, truncated, corrupt, too-large, …) become ImageRejected
 * with the same code.
 */
export const engineFingerprinter: Fingerprinter = async (bytes) => {
  let fp: Fingerprint;
  try {
    fp = await fingerprint(bytes, { role: 'reference' });
  } catch (e) {
    if (e instanceof FingerprintError) throw new ImageRejected(e.code, e.message);
    throw e;
  }
  return {
    sha256: fp.sha256,
    format: fp.format,
    width: fp.width,
    height: fp.height,
    pdq: { hex: fp.pdq.hex, quality: fp.pdq.quality },
    blockhash: fp.blockhash.hex,
    lowQuality: fp.lowQuality,
    ...(fp.hardToFind === 'inner-picture' ? { innerPicture: true } : {}),
    variants: [
      ...fp.variants.map((v) => ({
        algo: v.algo,
        region: v.region,
        transform: String(v.transform),
        hash: v.hash,
        quality: v.quality,
      })),
      // Low-quality pictures: the digest of the working pixels, so that identical pixels match.
      ...(fp.pixels
        ? [{ algo: 'pixels', region: 'full', transform: 'identity', hash: hexToBytes(fp.pixels) }]
        : []),
    ],
    ...(fp.features ? { features: encodeFeatures(fp.features) } : {}),
  };
};
