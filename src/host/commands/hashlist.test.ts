import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../engine/audit/chain';
import { openCaseFile } from '../../engine/db/case-file';
import { buildTestCli, runCli } from '../test-cli';

const A = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
const B = '58d871ceecf4e84d82368232078f27f0b76e26f592621e9d33e6338d4e9c9b22';

let cli: string;
let dir: string;
let caseFile: string;
beforeAll(async () => {
  cli = await buildTestCli('hashlist');
  dir = mkdtempSync(join(tmpdir(), 'jium-hashlist-cli-'));
  caseFile = join(dir, 'case.jium');
  openCaseFile(caseFile).close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jium hashlist', () => {
  it('imports a list from disk, reporting bad rows by line, lists it and exports', async () => {
    const file = join(dir, 'partner.txt');
    writeFileSync(file, `# partner dump\n${A}\nnot a hash\n${B}\n${A}\n`);
    const run = runCli(cli, [
      'hashlist',
      'import',
      file,
      '--name',
      'Partner',
      '--case-file',
      caseFile,
    ]);
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toMatch(/^1\tpdq-lines\t2 entries\t1 merged\t1 rejected\t0 seen/);
    expect(run.stderr()).toContain('line 3: PDQ hash is not 64 hexadecimal digits: "not a hash"');

    const again = runCli(cli, [
      'hashlist',
      'import',
      file,
      '--name',
      'Partner',
      '--case-file',
      caseFile,
    ]);
    expect(await again.exit).toBe(1);
    expect(again.stderr()).toContain('exists already');

    const list = runCli(cli, ['hashlist', 'list', '--case-file', caseFile]);
    expect(await list.exit).toBe(0);
    expect(list.stdout()).toBe('1\tPartner\t2\t1\t1\ton\t\tmatch\t20\tok\n');

    const out = runCli(cli, ['hashlist', 'export', '--case-file', caseFile]);
    expect(await out.exit).toBe(0);
    expect(out.stdout()).toBe('pdq,pdq_quality,blockhash,sha256\n');
    expect(out.stderr()).toContain('exported 0 hashes');

    expect(await runCli(cli, ['hashlist', 'import', file, '--case-file', caseFile]).exit).toBe(2);
    expect(
      await runCli(cli, ['hashlist', 'export', '--format', 'xml', '--case-file', caseFile]).exit,
    ).toBe(2);

    const db = openCaseFile(caseFile, { create: false });
    try {
      const actions = listAudit(db.db, { limit: 10 }).map((a) => a.action);
      expect(actions).toEqual(expect.arrayContaining(['exchange.list.import', 'exchange.export']));
      // Through the contract, as the local operator: one import entry (the CLI's copy is gone).
      const imports = listAudit(db.db, { limit: 10, action: 'exchange.list.import' });
      expect(imports).toHaveLength(1);
      expect(imports[0]!.actor).toMatch(/^operator:/);
    } finally {
      db.close();
    }
  }, 60_000);
});
