/**
 * Specific, stable error codes for images that cannot be fingerprinted. A batch reports these per
 * file and carries on; the CLI prints the code, so scripts can count and filter failures.
 */

/** Why an input could not be fingerprinted. */
export type FingerprintErrorCode =
  | 'not-an-image' // empty, or the bytes are not any image format (e.g. an HTML page saved as .jpg)
  | 'truncated' // a known format whose data ends early (interrupted download)
  | 'corrupt' // a known format whose data is damaged in some other way
  | 'too-large' // more input bytes than the configured limit
  | 'too-many-pixels' // declared dimensions over the pixel limit (decompression bombs)
  | 'unsupported-format' // a real image format this build cannot decode (e.g. HEIC without HEVC)
  | 'not-a-file' // a named path that is a device, FIFO, socket or folder (a symlink is followed)
  | 'io-error'; // the file could not be read

/** An input that cannot be fingerprinted, with a code from {@link FingerprintErrorCode}. */
export class FingerprintError extends Error {
  constructor(
    readonly code: FingerprintErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FingerprintError';
  }
}

/** Wraps any thrown value as a FingerprintError (an unknown failure of a known format is corrupt). */
export function asFingerprintError(e: unknown, fallback: FingerprintErrorCode): FingerprintError {
  if (e instanceof FingerprintError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new FingerprintError(fallback, message.split('\n')[0] ?? message);
}
