/**
 * Videos on their way into a case. A video arrives in chunks (far larger than one call carries)
 * and FFmpeg decodes a local file, so its bytes are staged in a private temporary directory
 * (0700, files 0600) only while it is received and fingerprinted, then overwritten with zeros and
 * deleted — whether it was added, refused or cancelled. An upload belongs to the caller that began
 * it; nobody else can add to, read or cancel it. Uploads left idle are swept.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { ApiError } from '../../shared/errors';
import type { CallerKey } from '../core/context';

/** An upload with no chunk for this long is dropped (its bytes wiped). */
export const UPLOAD_IDLE_MS = 15 * 60_000;

export interface Upload {
  id: string;
  caller: CallerKey;
  userId: number;
  caseId: number;
  fileName: string;
  byteSize: number;
  received: number;
  path: string;
  lastActive: number;
  /** Set while `videos.add` works on it: aborting stops FFmpeg. */
  abort: AbortController | null;
}

let stagingDir: string | null = null;

function dir(): string {
  if (!stagingDir) {
    stagingDir = mkdtempSync(join(tmpdir(), 'jium-video-upload-')); // mode 0700
    // A host that exits leaves no victim video behind (best effort: a kill -9 cannot be caught;
    // the next start's tmp cleaner or the sweep below takes it).
    process.once('exit', () => {
      if (stagingDir) rmSync(stagingDir, { recursive: true, force: true });
    });
  }
  return stagingDir;
}

/** Overwrites a staged file with zeros, then deletes it. */
export function wipe(path: string): void {
  try {
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    try {
      const zeros = Buffer.alloc(Math.min(size, 1024 * 1024));
      for (let at = 0; at < size; at += zeros.length)
        writeSync(fd, zeros, 0, Math.min(zeros.length, size - at), at);
    } finally {
      closeSync(fd);
    }
  } catch {
    // already gone
  }
  rmSync(path, { force: true });
}

/** The uploads of one open case file. */
export class VideoUploads {
  private readonly uploads = new Map<string, Upload>();

  begin(u: Omit<Upload, 'id' | 'received' | 'path' | 'lastActive' | 'abort'>): Upload {
    this.sweep();
    const id = randomUUID();
    const path = join(dir(), `${id}.video`);
    closeSync(openSync(path, 'wx', 0o600));
    const upload: Upload = { ...u, id, received: 0, path, lastActive: Date.now(), abort: null };
    this.uploads.set(id, upload);
    return upload;
  }

  /** The caller's upload, or not-found (another caller's upload is not theirs to see). */
  get(id: string, caller: CallerKey): Upload {
    const u = this.uploads.get(id);
    if (!u || u.caller !== caller) throw new ApiError('not-found', 'There is no such upload.');
    u.lastActive = Date.now();
    return u;
  }

  /** Appends the next chunk; chunks must come in order and not exceed the declared size. */
  async append(u: Upload, offset: number, bytes: Buffer): Promise<number> {
    if (u.abort) throw new ApiError('conflict', 'This video is already being fingerprinted.');
    if (offset !== u.received)
      throw new ApiError('validation', `Expected the part at byte ${u.received}.`, [
        { path: 'offset', message: `expected ${u.received}` },
      ]);
    if (u.received + bytes.length > u.byteSize)
      throw new ApiError('validation', 'More bytes than the file size given at the start.', [
        { path: 'data', message: 'beyond the declared size' },
      ]);
    const fh = await openFile(u.path, 'r+');
    try {
      await fh.write(bytes, 0, bytes.length, offset);
    } finally {
      await fh.close();
    }
    u.received += bytes.length;
    return u.received;
  }

  /** Ends an upload: stops its fingerprinting if any, wipes its bytes. */
  drop(u: Upload): void {
    u.abort?.abort();
    this.uploads.delete(u.id);
    wipe(u.path);
  }

  /** Drops every upload (the case file is closing). */
  dropAll(): void {
    for (const u of [...this.uploads.values()]) this.drop(u);
  }

  private sweep(): void {
    const now = Date.now();
    for (const u of [...this.uploads.values()])
      if (!u.abort && now - u.lastActive > UPLOAD_IDLE_MS) this.drop(u);
  }
}

const perFile = new WeakMap<Database.Database, VideoUploads>();

/** The uploads of the case file open on `db`. */
export function videoUploads(db: Database.Database): VideoUploads {
  let u = perFile.get(db);
  if (!u) perFile.set(db, (u = new VideoUploads()));
  return u;
}
