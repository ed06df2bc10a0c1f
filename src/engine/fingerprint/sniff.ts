/**
 * Magic-byte sniffing, so that a web page or a text file saved under an image name is reported as
 * not-an-image before any decoder sees it.
 */

/** Formats recognised from their first bytes. */
export type SniffedFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif' | 'heic' | 'tiff' | 'bmp';

function startsWith(b: Uint8Array, sig: number[], at = 0): boolean {
  return sig.every((v, i) => b[at + i] === v);
}

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, to));
}

/** The format named by the first bytes, or undefined when they match no image format. */
export function sniffFormat(b: Uint8Array): SniffedFormat | undefined {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(b, 0, 4) === 'GIF8') return 'gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) {
    return 'tiff';
  }
  if (ascii(b, 0, 2) === 'BM') return 'bmp';
  if (ascii(b, 4, 8) === 'ftyp') {
    const brands = ascii(b, 8, Math.min(b.length, 32));
    if (/avif|avis/.test(brands)) return 'avif';
    if (/heic|heix|hevc|heim|heis|mif1|msf1/.test(brands)) return 'heic';
  }
  return undefined;
}

/**
 * Whether a file of a known format ends before its container says it does: JPEG without its
 * end-of-image marker, PNG without IEND, GIF without its trailer, WebP/RIFF shorter than declared.
 * libvips' own message is not reliable for this: its error buffer is shared between concurrent
 * decodes, so a failing decode can come back as "Unknown error".
 */
export function looksTruncated(b: Uint8Array, format: SniffedFormat): boolean {
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
