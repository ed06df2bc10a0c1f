/**
 * Magic-byte sniffing of video containers, so that a web page or a text file saved under a video
 * name is reported as not-a-video before FFmpeg sees it.
 */
import type { SniffedVideo } from './types';

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));
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
    if (/^(avif|avis|heic|heix|hevc|heim|heis|mif1|msf1)$/.test(major)) return null;
    return 'mp4';
  }
  // QuickTime files without ftyp start with a moov, mdat, wide, free or skip atom.
  if (/^(moov|mdat|wide|free|skip|pnot)$/.test(ascii(head, 4, 8))) return 'mov';
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) {
    return ebmlDocType(head) === 'webm' ? 'webm' : 'mkv';
  }
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'AVI ') return 'avi';
  return null;
}
