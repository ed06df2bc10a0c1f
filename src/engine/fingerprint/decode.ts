/**
 * Decoding with sharp, two ways. The matcher's working image: small, sRGB, EXIF orientation
 * applied, alpha flattened on white (what a viewer sees), first frame of animations. The exchange
 * image: the stored pixels at full resolution, alpha dropped, no orientation or colour-profile
 * transform, as python-threatexchange reads a file (decision 0015). Limits on bytes and pixels are
 * checked from the header before any pixel is decoded, so a decompression bomb costs nothing.
 */
import sharp from 'sharp';
import type { Metadata, Sharp } from 'sharp';

import { FingerprintError, asFingerprintError } from './errors';
import { looksTruncated, sniffImage, type ImageKind } from '../core/sniff';

/** Limits and working size for decoding. */
export interface DecodeLimits {
  /** Largest accepted input, in bytes. */
  maxInputBytes: number;
  /** Largest accepted width x height (as declared in the header). */
  maxPixels: number;
  /** The working image fits inside this square (PDQ's reference tools use 512). */
  workingSize: number;
}

/** Defaults: 64 MiB, 100 megapixels, 512 px working size. */
export const DEFAULT_LIMITS: DecodeLimits = {
  maxInputBytes: 64 * 1024 * 1024,
  maxPixels: 100_000_000,
  workingSize: 512,
};

/** A decoded image: its original size and format, and an 8-bit RGB working copy. */
export interface DecodedImage {
  /** Detected container format, e.g. `jpeg`, `png`, `webp`, `gif`, `avif`, `tiff`. */
  format: string;
  /** Original width and height after EXIF orientation. */
  width: number;
  height: number;
  /** Interleaved RGB, `workWidth` x `workHeight`. */
  rgb: Uint8Array;
  workWidth: number;
  workHeight: number;
}

/** Maps libvips' messages to our codes; the text of these messages is stable across versions. */
function classify(e: unknown, bytes: Uint8Array, format: ImageKind): FingerprintError {
  const msg = e instanceof Error ? e.message : String(e);
  if (/pixel limit/i.test(msg)) return new FingerprintError('too-many-pixels', msg);
  if (/premature end|truncat|unexpected end|end of (file|stream|data)|not enough data/i.test(msg)) {
    return new FingerprintError('truncated', msg.split('\n')[0] ?? msg);
  }
  if (/unsupported image format|no decoder|compression format has not been built in/i.test(msg)) {
    return new FingerprintError('unsupported-format', msg.split('\n')[0] ?? msg);
  }
  if (looksTruncated(bytes, format)) {
    return new FingerprintError(
      'truncated',
      `the ${format} data ends early (${msg.split('\n')[0]})`,
    );
  }
  return asFingerprintError(e, 'corrupt');
}

/** A part of the oriented picture, in its own pixels. */
export interface PixelRegion {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Creates the sharp pipeline that every decode (and the decode-only benchmark) uses. With a
 * `region`, that part of the oriented picture alone becomes the working image (a page
 * reference's located picture: picture-features.ts).
 */
export function workingPipeline(
  bytes: Uint8Array,
  limits: DecodeLimits,
  region?: PixelRegion,
): Sharp {
  const oriented = sharp(bytes, {
    limitInputPixels: limits.maxPixels,
    failOn: 'truncated',
    page: 0,
  }).autoOrient();
  return (region ? oriented.extract(region) : oriented)
    .resize(limits.workingSize, limits.workingSize, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw({ depth: 'uchar' });
}

/** Checks size, magic bytes and header dimensions; returns the header and the sniffed format. */
async function checkedHeader(
  bytes: Uint8Array,
  limits: DecodeLimits,
): Promise<{ meta: Metadata; sniffed: ImageKind }> {
  if (bytes.length === 0) throw new FingerprintError('not-an-image', 'empty file');
  if (bytes.length > limits.maxInputBytes) {
    throw new FingerprintError(
      'too-large',
      `${bytes.length} bytes is over the limit of ${limits.maxInputBytes}`,
    );
  }
  const sniffed = sniffImage(bytes);
  if (sniffed === null) {
    throw new FingerprintError('not-an-image', 'no known image signature in the first bytes');
  }
  if (sniffed === 'heic' && !sharp.format.heif.input.fileSuffix?.includes('.heic')) {
    throw new FingerprintError(
      'unsupported-format',
      'HEIC is not supported by this build of sharp',
    );
  }
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw classify(e, bytes, sniffed);
  }
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (w * h > limits.maxPixels) {
    throw new FingerprintError(
      'too-many-pixels',
      `${w}x${h} is over the limit of ${limits.maxPixels} pixels`,
    );
  }
  if (w === 0 || h === 0) throw new FingerprintError('corrupt', 'image declares no pixels');
  return { meta, sniffed };
}

/**
 * Decodes image bytes to the working image, or throws a {@link FingerprintError}.
 * Checks, in order: size, magic bytes, header dimensions, then decodes.
 */
export async function decodeImage(
  bytes: Uint8Array,
  limits: DecodeLimits = DEFAULT_LIMITS,
): Promise<DecodedImage> {
  const { meta, sniffed } = await checkedHeader(bytes, limits);
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  const swap = (meta.orientation ?? 1) >= 5;
  try {
    const { data, info } = await workingPipeline(bytes, limits).toBuffer({
      resolveWithObject: true,
    });
    return {
      format: meta.format ?? sniffed,
      width: swap ? h : w,
      height: swap ? w : h,
      rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      workWidth: info.width,
      workHeight: info.height,
    };
  } catch (e) {
    throw classify(e, bytes, sniffed);
  }
}

/** The stored pixels of an image, 8 bits per channel, 1 (grey) or 3 (colour) channels. */
export interface ExchangePixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/**
 * Decodes image bytes as the hash-exchange tools read a file (python-threatexchange: PIL, full
 * resolution, alpha dropped, no EXIF orientation, no colour-profile transform), with the same
 * checks and error codes as {@link decodeImage}. Palette images come out as their colours.
 */
export async function decodeExchangePixels(
  bytes: Uint8Array,
  limits: DecodeLimits = DEFAULT_LIMITS,
): Promise<ExchangePixels> {
  const { sniffed } = await checkedHeader(bytes, limits);
  try {
    const { data, info } = await sharp(bytes, {
      limitInputPixels: limits.maxPixels,
      failOn: 'truncated',
      page: 0,
      ignoreIcc: true,
    })
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      channels: info.channels,
    };
  } catch (e) {
    throw classify(e, bytes, sniffed);
  }
}
