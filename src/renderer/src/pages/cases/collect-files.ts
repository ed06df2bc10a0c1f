/**
 * Files from a drop, including whole folders (walked recursively through the entries API), and
 * from file inputs. Hidden files (.DS_Store, ._x) are skipped: they are never images.
 */
export interface PickedFile {
  /** Path inside the dropped folder, or the file name. */
  path: string;
  file: File;
}

const hidden = (name: string) => name.startsWith('.');

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (hidden(entry.name)) return;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ path: entry.fullPath.replace(/^\//, ''), file });
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns batches (100 in Chromium) until an empty one.
    for (let batch = await readEntries(reader); batch.length; batch = await readEntries(reader))
      for (const e of batch) await walk(e, out);
  }
}

export async function filesFromDrop(data: DataTransfer): Promise<PickedFile[]> {
  const out: PickedFile[] = [];
  const entries = [...data.items]
    .map((i) => (i.kind === 'file' ? i.webkitGetAsEntry() : null))
    .filter((e): e is FileSystemEntry => e !== null);
  if (entries.length) for (const e of entries) await walk(e, out);
  else for (const f of data.files) out.push({ path: f.name, file: f });
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export function filesFromInput(list: FileList | null): PickedFile[] {
  return [...(list ?? [])]
    .filter((f) => !hidden(f.name))
    .map((f) => ({ path: f.webkitRelativePath || f.name, file: f }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** A file's (or a part's) bytes as base64 (the contract carries file data as base64). */
export function fileBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}
