/** Saves a file the engine made (base64 bytes) through the browser's download of a Blob URL. */
export function saveBase64File(file: { fileName: string; mimeType: string; data: string }): void {
  const bytes = Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0));
  saveBlob(new Blob([bytes], { type: file.mimeType }), file.fileName);
}

/** Saves text as a file. */
export function saveTextFile(text: string, fileName: string, mimeType: string): void {
  saveBlob(new Blob([text], { type: `${mimeType};charset=utf-8` }), fileName);
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Give the download a moment to start before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
