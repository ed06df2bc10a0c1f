/**
 * Saves a file the engine made (report, notice PDF, export, hash list) through the browser's
 * download: a Blob URL clicked as a link. In Electron the host shows its save dialog for it.
 * The one save-as of the renderer (reports and notices each had a copy).
 */

/** Saves a file whose bytes come base64-encoded. */
export function saveBase64File(file: { fileName: string; mimeType: string; data: string }): void {
  const bytes = Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0));
  saveBlob(new Blob([bytes], { type: file.mimeType }), file.fileName);
}

/** Saves text as a UTF-8 file. */
export function saveTextFile(text: string, fileName: string, mimeType: string): void {
  saveBlob(new Blob([text], { type: `${mimeType};charset=utf-8` }), fileName);
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the download (and the host's save dialog) time to take the bytes before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
