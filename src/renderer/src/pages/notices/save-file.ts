/**
 * Saves a file the engine made (notice PDF, export) through the browser's download: a Blob URL
 * clicked as a link. In Electron the host shows its save dialog for it.
 */
import type { ExportedFile } from '../../../../shared/notices-types';

export function saveFile(file: ExportedFile): void {
  const bytes = Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the download a moment to start before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
