import { isAbsolute, relative, resolve } from 'node:path';

/**
 * Resolves a request path inside root, or null when it would leave it (.., absolute paths, encoded
 * separators). Used by every host that serves files from disk (the media protocol, the HTTP host).
 */
export function containedPath(root: string, requestPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = resolve(root, '.' + (decoded.startsWith('/') ? decoded : '/' + decoded));
  const rel = relative(root, full);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? full : null;
}
