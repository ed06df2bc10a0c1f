import { execFileSync } from 'node:child_process';
import {
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fingerprintBatch, fingerprintFile, type BatchResult } from './batch';
import { DEFAULT_LIMITS } from './decode';
import { readImageFile } from './read-file';
import { vectorsDir } from './test-support';

let dir: string;
const photo = () =>
  readFileSync(path.join(vectorsDir, 'pdq/data/reg-test-input/dih/bridge-1-original.jpg'));

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'jium-read-file-'));
  writeFileSync(path.join(dir, 'photo.jpg'), photo());
  symlinkSync(path.join(dir, 'photo.jpg'), path.join(dir, 'link-to-photo.jpg'));
  symlinkSync('/dev/zero', path.join(dir, 'zero.jpg'));
  execFileSync('mkfifo', [path.join(dir, 'fifo.jpg')]);
  // Sparse: 3 GiB long, no block written, so the test costs no disk.
  writeFileSync(path.join(dir, 'huge.jpg'), '');
  truncateSync(path.join(dir, 'huge.jpg'), 3 * 1024 ** 3);
  writeFileSync(path.join(dir, 'small-cap.jpg'), Buffer.alloc(2048, 1));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const failure = (r: BatchResult) => (r.ok ? 'ok' : r.error.code);

describe('reading a named image file, bounded', () => {
  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    expect(failure(await fingerprintFile('fifo.jpg', dir, { role: 'candidate' }))).toBe(
      'not-a-file',
    );
  });

  it('refuses a symlink to /dev/zero without reading it', async () => {
    const r = await fingerprintFile('zero.jpg', dir, { role: 'candidate' });
    expect(failure(r)).toBe('not-a-file');
    expect(r.ok ? '' : r.error.message).toMatch(/device/);
  });

  it('refuses a regular file over the cap by its size, before reading any byte', async () => {
    const r = await fingerprintFile('huge.jpg', dir, { role: 'candidate' });
    expect(failure(r)).toBe('too-large');
    expect(r.ok ? '' : r.error.message).toBe(
      `${3 * 1024 ** 3} bytes, over the limit of ${DEFAULT_LIMITS.maxInputBytes}`,
    );
    await expect(readImageFile(path.join(dir, 'small-cap.jpg'), 2047)).rejects.toMatchObject({
      code: 'too-large',
    });
    expect((await readImageFile(path.join(dir, 'small-cap.jpg'), 2048)).length).toBe(2048);
  });

  it('follows a symlink to a regular file, and reads it whole', async () => {
    const r = await fingerprintFile('link-to-photo.jpg', dir, { role: 'candidate' });
    expect(r.ok).toBe(true);
    expect(await readImageFile(path.join(dir, 'link-to-photo.jpg'))).toEqual(photo());
  });

  it('a batch reports each refusal by its code and goes on', async () => {
    const got: string[] = [];
    await fingerprintBatch(
      ['fifo.jpg', 'zero.jpg', 'huge.jpg', 'photo.jpg', 'missing.jpg'],
      dir,
      { role: 'candidate' },
      (r) => got.push(`${r.path} ${failure(r)}`),
    );
    expect(got).toEqual([
      'fifo.jpg not-a-file',
      'zero.jpg not-a-file',
      'huge.jpg too-large',
      'photo.jpg ok',
      'missing.jpg io-error',
    ]);
  });
});
