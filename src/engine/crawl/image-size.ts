/**
 * Image dimensions from the container header, before any decoder sees the bytes: a pixel bomb (a
 * tiny file declaring 60000 x 60000 pixels) is refused here whether or not its data is complete.
 */
import type { ImageKind } from '../core/sniff';

/** Width and height declared by the header, or null when they cannot be read. */
export function headerSize(b: Buffer, kind: ImageKind): { width: number; height: number } | null {
  try {
    switch (kind) {
      case 'png':
        return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
      case 'gif':
        return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
      case 'bmp':
        return { width: Math.abs(b.readInt32LE(18)), height: Math.abs(b.readInt32LE(22)) };
      case 'webp':
        return webpSize(b);
      case 'jpeg':
        return jpegSize(b);
      default:
        return null; // AVIF/HEIC/TIFF: sharp's header check (limitInputPixels) is the guard
    }
  } catch {
    return null;
  }
}

function jpegSize(b: Buffer): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    const len = b.readUInt16BE(i + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + len;
  }
  return null;
}

function webpSize(b: Buffer): { width: number; height: number } | null {
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8X') return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
  if (chunk === 'VP8 ')
    return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  if (chunk === 'VP8L') {
    const v = b.readUInt32LE(21);
    return { width: 1 + (v & 0x3fff), height: 1 + ((v >> 14) & 0x3fff) };
  }
  return null;
}
