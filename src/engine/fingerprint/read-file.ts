/**
 * Reading an image file named by a person (the CLI's files, a folder's entries) with bounds: only a
 * regular file (a symlink is followed; one to a device such as /dev/zero, a FIFO or a socket is
 * refused), its size checked before any byte is read, and at most `maxBytes + 1` bytes read from
 * the one descriptor that was checked, so a file that grows, or is swapped for another after the
 * check, still cannot make the read unbounded.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

import { DEFAULT_LIMITS } from './decode';
import { FingerprintError } from './errors';

/** How a file that is not a regular file is named in the error message. */
function kindOf(s: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads a whole regular file of at most `maxBytes` (default: the decoder's input limit). Throws
 * FingerprintError `not-a-file` (device, FIFO, socket, folder), `too-large` (before reading when
 * the size says so, or when more than `maxBytes` arrive) or `io-error`.
 */
export async function readImageFile(
  file: string,
  maxBytes: number = DEFAULT_LIMITS.maxInputBytes,
): Promise<Buffer> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    throw new FingerprintError('io-error', (e as Error).message.split('\n')[0] ?? 'cannot open');
  }
  try {
    const s = await handle.stat();
    if (!s.isFile()) throw new FingerprintError('not-a-file', `${kindOf(s)}, not an image file`);
    if (s.size > maxBytes) {
      throw new FingerprintError('too-large', `${s.size} bytes, over the limit of ${maxBytes}`);
    }
    // One byte more than its size tells a file that grew since the check: never read past the cap.
    const buf = Buffer.allocUnsafe(Math.min(s.size, maxBytes) + 1);
    let got = 0;
    for (;;) {
      const room = buf.length - got;
      if (room === 0) break;
      const { bytesRead } = await handle.read(buf, got, room, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    if (got > maxBytes) {
      throw new FingerprintError('too-large', `more than ${maxBytes} bytes (the file grew)`);
    }
    if (got > s.size) {
      throw new FingerprintError('io-error', 'the file grew while it was read; try again');
    }
    return buf.subarray(0, got);
  } catch (e) {
    if (e instanceof FingerprintError) throw e;
    throw new FingerprintError('io-error', (e as Error).message.split('\n')[0] ?? 'cannot read');
  } finally {
    await handle.close();
  }
}
