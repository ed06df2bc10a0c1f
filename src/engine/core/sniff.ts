/**
 * The engine's one magic-byte sniffer: what a file or a response is from its first bytes, whatever
 * its name or Content-Type says — an image format (the fingerprint engine's decoder and the
 * crawler), a video container (video registration and the crawler), or an HTML page. A web page
 * saved under an image or video name is reported as what it is before any decoder sees it.
 */

/** Image formats recognised from their first bytes. */
export type ImageKind = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif' | 'heic' | 'bmp' | 'tiff';

/** Video containers recognised from their first bytes. */
export type SniffedVideo = 'mp4' | 'webm' | 'mkv' | 'avi' | '3gp' | 'mov';

/** The bytes `from`..`to` (clipped to `b`) as Latin-1 text. */
function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));
}

function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  return sig.every((v, i) => b[at + i] === v);
}

/** Brands of the still-image formats that share ISO BMFF's `ftyp` box with MP4. */
const AVIF_BRANDS = /^(avif|avis)$/;
const HEIC_BRANDS = /^(heic|heix|hevc|heim|heis|mif1|msf1)$/;

/** An `ftyp` box's major brand, then its compatible brands (within the first 64 bytes). */
function ftypBrands(b: Uint8Array): string[] {
  if (ascii(b, 4, 8) !== 'ftyp') return [];
  const boxSize =
    (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
  const end = Math.min(boxSize || 64, b.length, 64);
  const brands = [ascii(b, 8, 12)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(b, at, at + 4));
  return brands;
}

/**
 * The image format named by the first bytes, or null when they match no image format. An HEIF
 * file that lists AVIF among its brands is AVIF (its major brand may be the generic `mif1`).
 */
export function sniffImage(b: Uint8Array): ImageKind | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (/^GIF8[79]a$/.test(ascii(b, 0, 6))) return 'gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  const brands = ftypBrands(b);
  if (brands.some((x) => AVIF_BRANDS.test(x))) return 'avif';
  if (brands.some((x) => HEIC_BRANDS.test(x))) return 'heic';
  if (ascii(b, 0, 2) === 'BM') return 'bmp';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) {
    return 'tiff';
  }
  return null;
}

/**
 * Whether a file of a known format ends before its container says it does: JPEG without its
 * end-of-image marker, PNG without IEND, GIF without its trailer, WebP/RIFF shorter than declared.
 * libvips' own message is not reliable for this: its error buffer is shared between concurrent
 * decodes, so a failing decode can come back as "Unknown error".
 */
export function looksTruncated(b: Uint8Array, format: ImageKind): boolean {
  let end = b.length;
  while (end > 0 && (b[end - 1] === 0x00 || b[end - 1] === 0x0a || b[end - 1] === 0x0d)) end--;
  switch (format) {
    case 'jpeg':
      return !(b[end - 2] === 0xff && b[end - 1] === 0xd9);
    case 'png':
      return ascii(b, Math.max(0, end - 8), end - 4) !== 'IEND';
    case 'gif':
      return b[end - 1] !== 0x3b;
    case 'webp': {
      const declared =
        ((b[4] ?? 0) | ((b[5] ?? 0) << 8) | ((b[6] ?? 0) << 16)) + (b[7] ?? 0) * 2 ** 24;
      return b.length < declared + 8;
    }
    default:
      return false;
  }
}

/** The EBML DocType ("webm" or "matroska") in the first bytes of a Matroska file, if any. */
function ebmlDocType(b: Uint8Array): string | undefined {
  // DocType element id 0x4282, then a one-byte size with the marker bit (0x80 | n).
  for (let i = 4; i + 3 < Math.min(b.length, 64); i++) {
    if (b[i] === 0x42 && b[i + 1] === 0x82) {
      const size = (b[i + 2] ?? 0) & 0x7f;
      return ascii(b, i + 3, i + 3 + size);
    }
  }
  return undefined;
}

/**
 * The video container named by a file's first bytes (at least 32 are needed; 64 is plenty), or
 * null when they match none of the formats Jium takes.
 */
export function sniffVideo(head: Uint8Array): SniffedVideo | null {
  if (head.length < 12) return null;
  if (ascii(head, 4, 8) === 'ftyp') {
    const major = ascii(head, 8, 12);
    if (major.startsWith('3g')) return '3gp';
    if (major === 'qt  ') return 'mov';
    // Image brands (HEIC, AVIF) use ftyp too: those are stills, not videos.
    if (AVIF_BRANDS.test(major) || HEIC_BRANDS.test(major)) return null;
    return 'mp4';
  }
  // QuickTime files without ftyp start with a moov, mdat, wide, free or skip atom.
  if (/^(moov|mdat|wide|free|skip|pnot)$/.test(ascii(head, 4, 8))) return 'mov';
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) {
    return ebmlDocType(head) === 'webm' ? 'webm' : 'mkv';
  }
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'AVI ') return 'avi';
  return null;
}

/** Whether a body looks like HTML (WHATWG MIME sniffing's HTML signatures, after whitespace). */
export function looksLikeHtml(b: Uint8Array): boolean {
  const head = Buffer.from(b.subarray(0, 1024)).toString('latin1').trimStart().toLowerCase();
  return /^(<!doctype html|<html|<head|<body|<script|<iframe|<h1|<div|<font|<table|<a|<style|<title|<b|<br|<p|<!--)[\s>]/.test(
    head,
  );
}
