import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoReference } from '../../../e2e/fixture-site/images';
import { contract, METHOD_NAMES, type MethodSpec } from '../../shared/contract';
import type { WorkerCode, WorkerConfig, WorkerEnrolment } from '../../shared/worker-types';
import { listAudit } from '../audit/chain';
import { hashPassword } from '../auth/password';
import { insertUser } from '../auth/users';
import { Engine } from '../core/engine';
import { createTestCaseFile, type TestCaseFile } from '../crawl/test-case-file';
import { insertSite } from '../crawl/sites';
import { localSite } from '../crawl/test-case-file';

let cf: TestCaseFile;
let engine: Engine;

beforeEach(async () => {
  cf = await createTestCaseFile([await demoReference(0)]);
  insertSite(cf.file.db, localSite('http://127.0.0.1:9'), new Date());
  engine = new Engine({
    caseFilePath: cf.path,
    host: 'headless',
    version: '0.0.0-test',
    logInternalError: (m, e) => console.error(m, e),
  });
  insertUser(engine.db, {
    username: 'admin',
    displayName: 'Admin',
    role: 'admin',
    passwordHash: await hashPassword('correct horse battery'),
    createdAt: new Date().toISOString(),
  });
  const signIn = await engine.call('admin', 'auth.signIn', {
    username: 'admin',
    password: 'correct horse battery',
  });
  expect(signIn.ok).toBe(true);
});
afterEach(() => {
  engine.close();
  cf.cleanup();
});

async function value<T>(caller: string, method: string, input: unknown = {}): Promise<T> {
  const r = await engine.call(caller, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** Enrols a worker with a fresh code and signs it in as `caller`. */
async function enrolledWorker(caller: string): Promise<WorkerEnrolment> {
  const { code } = await value<WorkerCode>('admin', 'workers.createCode', { label: 'rack 2' });
  const enrolment = await value<WorkerEnrolment>(caller, 'workers.enrol', { code });
  await value(caller, 'workers.signIn', { credential: enrolment.credential });
  return enrolment;
}

describe('crawl workers (issue 16, decision 0111)', () => {
  it('enrols once per code, keeps only digests, and reads site settings and hashes only', async () => {
    const { code } = await value<WorkerCode>('admin', 'workers.createCode', { label: 'rack 2' });
    expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    const enrolment = await value<WorkerEnrolment>('w', 'workers.enrol', { code });
    const again = await engine.call('w2', 'workers.enrol', { code });
    expect(again).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    // Neither the code nor the credential is in the case file, only their digests.
    const stored = JSON.stringify([
      engine.db.prepare('SELECT * FROM worker_codes').all(),
      engine.db.prepare('SELECT * FROM worker_enrolments').all(),
    ]);
    expect(stored).not.toContain(code);
    expect(stored).not.toContain(enrolment.credential);

    await value('w', 'workers.signIn', { credential: enrolment.credential });
    const config = await value<WorkerConfig>('w', 'workers.config');
    expect(config.sites).toHaveLength(1);
    expect(config.references).toEqual([
      { id: cf.referenceIds[0], hashes: expect.arrayContaining([expect.any(Object)]) },
    ]);
    expect(config.references[0]!.hashes.every((h) => /^[0-9a-f]{64}$/.test(h.hex))).toBe(true);
    // Nothing that names a case: no case code, no case id, no original's digest.
    const text = JSON.stringify(config);
    expect(text).not.toContain('C-2026-0001');
    expect(text).not.toMatch(/caseId|case_id|sha256/);
    const actions = listAudit(engine.db, { limit: 50 }).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'workers.codeCreated',
        'workers.enrolled',
        'workers.enrol.refused',
        'workers.signedIn',
      ]),
    );
  });

  it('refuses a worker every method that does not name it, and audits each refusal', async () => {
    await enrolledWorker('w');
    const forbidden = METHOD_NAMES.filter((m) => {
      const access = (contract[m] as MethodSpec).access;
      return access !== 'public' && !(Array.isArray(access) && access.includes('worker'));
    });
    expect(forbidden.length).toBeGreaterThan(50);
    const before = listAudit(engine.db, { limit: 1000, action: 'access.refused' }).length;
    for (const method of forbidden) {
      const r = await engine.call('w', method, {});
      expect(r, method).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const refused = listAudit(engine.db, { limit: 1000, action: 'access.refused' });
    expect(refused.length - before).toBe(forbidden.length);
    expect(refused[0]).toMatchObject({ actor: expect.stringMatching(/^worker:\d+$/) });
    expect(refused[0]!.details).toMatchObject({ role: 'worker' });
    // A person's session is refused the worker's methods.
    expect(await engine.call('admin', 'workers.config', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('refuses a revoked worker at its next call, and its credential after', async () => {
    const { workerId, credential } = await enrolledWorker('w');
    expect((await engine.call('w', 'workers.config', {})).ok).toBe(true);
    await value('admin', 'workers.revoke', { id: workerId });
    expect(await engine.call('w', 'workers.config', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated', message: expect.stringContaining('revoked') },
    });
    expect(await engine.call('w', 'workers.signIn', { credential })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(listAudit(engine.db, { limit: 5, action: 'workers.signIn.refused' })).toHaveLength(1);
    const list = await value<{ id: number; revokedAt: string | null }[]>('admin', 'workers.list');
    expect(list).toEqual([
      expect.objectContaining({ id: workerId, revokedAt: expect.any(String) }),
    ]);
  });
});
