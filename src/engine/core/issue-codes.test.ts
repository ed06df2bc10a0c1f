/**
 * Issue 17 item 3: the engine's errors carry what the screen needs to say them specifically — a
 * reason with its own sentence, and each refused field's exact input path with an issue code.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiErrorData } from '../../shared/errors';
import { tempDir } from '../../test-support/temp-dir';
import { Engine } from './engine';

let cleanup: () => void;
let engine: Engine;
beforeEach(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  // No master key provider: a headless host started without a passphrase.
  engine = new Engine({
    caseFilePath: join(dir, 'c.jium'),
    host: 'headless',
    version: '0.0.0-test',
    logInternalError: () => {},
  });
  await engine.call('a', 'auth.setup', {
    username: 'admin',
    displayName: 'Admin',
    password: 'correct horse battery',
  });
});
afterEach(() => {
  engine.close();
  cleanup();
});

async function failure(method: string, input: unknown): Promise<ApiErrorData> {
  const r = await engine.call('a', method, input);
  if (r.ok) throw new Error(`${method} succeeded`);
  return r.error;
}

const platform = {
  name: 'Example',
  hosts: ['images.example.com'],
  abuseEmail: 'not an address',
  formUrl: null,
  preferredChannel: 'email',
  language: 'en',
  notes: '',
};

describe('engine errors for the screen', () => {
  it('names only the bad e-mail of a registry entry, with its issue code', async () => {
    const e = await failure('platforms.create', { platform });
    expect(e.code).toBe('validation');
    expect(e.issues).toEqual([
      expect.objectContaining({ path: 'platform.abuseEmail', code: 'email' }),
    ]);
  });

  it('says a taken username is taken, on the username field', async () => {
    const account = {
      username: 'admin',
      displayName: 'Other',
      role: 'staff',
      password: 'long enough pw',
    };
    const e = await failure('accounts.create', account);
    expect(e).toMatchObject({
      code: 'conflict',
      reason: 'username-taken',
      issues: [{ path: 'username', code: 'taken' }],
    });
  });

  it('gives the sizes a field needs, and tells a missing field from a wrong one', async () => {
    const e = await failure('accounts.create', {
      username: 'ab',
      role: 'staff',
      password: 'short',
    });
    const byPath = Object.fromEntries((e.issues ?? []).map((i) => [i.path, i]));
    expect(byPath.username).toMatchObject({ code: 'too-short', params: { min: 3 } });
    expect(byPath.password).toMatchObject({ code: 'too-short', params: { min: 10 } });
    expect(byPath.displayName).toMatchObject({ code: 'required' });
  });

  it('says a case file without a master key is locked for that reason', async () => {
    await engine.call('a', 'accounts.create', {
      username: 'cora',
      displayName: 'Cora',
      role: 'counsellor',
      password: 'counsellor password',
    });
    await engine.call('c', 'auth.signIn', { username: 'cora', password: 'counsellor password' });
    const r = await engine.call('c', 'cases.create', {
      identity: { name: 'Test Person', contact: '', notes: '' },
      consent: { searchWeb: true, fileTakedowns: true, storage: 'hashes-only' },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'case-file', reason: 'no-master-key' });
  });
});
