/**
 * Test helpers for cases: an engine on a real case file with a passphrase-protected master key,
 * signed-in users of every role, and benign generated images (noise and gradients via sharp).
 */
import { join } from 'node:path';
import sharp from 'sharp';
import { expect } from 'vitest';
import type { MethodInput, MethodName, MethodResult } from '../../shared/contract';
import type { Role } from '../../shared/roles';
import { tempDir } from '../../test-support/temp-dir';
import { Engine, type EngineOptions } from '../core/engine';
import { passphraseProvider } from '../crypto/master-key';

export const PASSPHRASE = 'test passphrase of the case file';

/** A clock tests can move. */
export function testClock(start = '2026-11-22T09:00:00Z') {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

export interface TestEngine {
  engine: Engine;
  dir: string;
  path: string;
  clock: ReturnType<typeof testClock>;
  /** Calls as a caller and returns the value, failing the test on an error envelope. */
  ok<M extends MethodName>(
    caller: string,
    method: M,
    input: MethodInput<M>,
  ): Promise<MethodResult<M>>;
  /** Calls and returns the error code (the test fails if the call succeeds). */
  err(caller: string, method: MethodName, input: unknown): Promise<string>;
  close(): void;
}

export async function startTestEngine(options: Partial<EngineOptions> = {}): Promise<TestEngine> {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'centre.jium');
  const clock = testClock();
  const engine = new Engine({
    caseFilePath: path,
    host: 'headless',
    version: '0.0.0-test',
    logInternalError: (m, e) => console.error(m, e),
    masterKey: passphraseProvider(PASSPHRASE),
    now: clock.now,
    ...options,
  });
  const t: TestEngine = {
    engine,
    dir,
    path,
    clock,
    async ok(caller, method, input) {
      const r = await engine.call(caller, method, input);
      if (!r.ok) expect.fail(`${method} as ${caller}: ${r.error.code} ${r.error.message}`);
      return r.value as never;
    },
    async err(caller, method, input) {
      const r = await engine.call(caller, method, input);
      if (r.ok) expect.fail(`${method} as ${caller} should have failed`);
      return r.error.code;
    },
    close() {
      engine.close();
      cleanup();
    },
  };
  return t;
}

/** Sets up an admin (caller 'admin') and signs in one user per other role (caller = role name). */
export async function withUsers(t: TestEngine, roles: Role[] = ['counsellor', 'monitor', 'staff']) {
  await t.ok('admin', 'auth.setup', {
    username: 'admin',
    displayName: 'Admin',
    password: 'admin password 1',
  });
  const ids: Partial<Record<Role, number>> = {};
  for (const role of roles) {
    const a = await t.ok('admin', 'accounts.create', {
      username: role,
      displayName: `${role} one`,
      role,
      password: `${role} password 1`,
    });
    ids[role] = a.id;
    await t.ok(role, 'auth.signIn', { username: role, password: `${role} password 1` });
  }
  return ids;
}

/** A benign noise-textured JPEG (different for each seed). */
export async function noiseJpeg(seed: number, width = 320, height = 240): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const px = (i / 3) | 0;
    raw[i] = ((px % width) + ((px / width) | 0) + (x >>> 24)) & 0xff;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** Reads the raw bytes of a case file and its -wal and -shm companions. */
export async function rawFiles(path: string): Promise<Buffer> {
  const { existsSync, readFileSync } = await import('node:fs');
  return Buffer.concat(
    [path, `${path}-wal`, `${path}-shm`].filter((p) => existsSync(p)).map((p) => readFileSync(p)),
  );
}
