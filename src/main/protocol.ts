import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { containedPath } from '../engine';

/** The scheme case images are shown through: jium-media://media/<path inside the media root>. */
export const MEDIA_SCHEME = 'jium-media';

/** Must run before app ready. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true } },
  ]);
}

/** Serves files under root through the media scheme; everything outside is refused with 403. */
export function handleMediaProtocol(getRoot: () => string): void {
  protocol.handle(MEDIA_SCHEME, (request) => {
    const url = new URL(request.url);
    const file = url.host === 'media' ? containedPath(getRoot(), url.pathname) : null;
    if (!file) return new Response('Forbidden', { status: 403 });
    return net.fetch(pathToFileURL(file).toString());
  });
}
