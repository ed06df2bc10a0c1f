import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCaseFile, type CaseFile } from '../db/case-file';
import { fingerprint } from '../fingerprint';
import { demoReference } from '../../../e2e/fixture-site/images';
import { fileChunks, importHashList, textChunks, type ImportSummary } from './import-list';
import { loadHashLists } from './list-set';

const A = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
const B = '58d871ceecf4e84d82368232078f27f0b76e26f592621e9d33e6338d4e9c9b22';
const S = 'a'.repeat(64);

describe('importing hash lists', () => {
  let dir: string;
  let file: CaseFile;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jium-lists-'));
    file = openCaseFile(join(dir, 'case.jium'));
  });
  afterEach(() => {
    file.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (text: string, name = 'list'): ImportSummary =>
    importHashList(file.db, {
      name,
      source: 'test',
      chunks: textChunks(text, 7), // tiny chunks: lines cross chunk boundaries
      userId: null,
      now: new Date(),
    });
  const entries = () =>
    file.db
      .prepare(
        `SELECT nullif(hex(pdq), '') AS pdq, pdq_quality, nullif(hex(blockhash), '') AS bh, sha256, line
         FROM hash_list_entries ORDER BY id`,
      )
      .all() as {
      pdq: string | null;
      pdq_quality: number | null;
      bh: string | null;
      sha256: string | null;
      line: number;
    }[];

  it("reads Jium's CSV, reports bad rows by line and imports the rest, merging duplicates", () => {
    const text = [
      '\ufeffpdq,pdq_quality,blockhash,sha256',
      `${A},100,${B},${S}`,
      `${A.toUpperCase()},90,,`, // same PDQ, other case: merged
      'nothex,50,,',
      `${B},101,,`,
      `${B},,,`,
      ',,,',
      `,,,${'b'.repeat(64)}`,
      `,,,${'b'.repeat(64)}`,
      '# a comment',
      '',
    ].join('\r\n');
    const s = run(text);
    expect(s).toMatchObject({ format: 'csv', entries: 3, merged: 2, rejected: 3 });
    expect(s.errors.map((e) => e.line)).toEqual([4, 5, 7]);
    expect(s.errors.map((e) => e.code)).toEqual(['bad-pdq', 'bad-quality', 'no-hash']);
    expect(s.errors[0]!.message).toMatch(/PDQ hash is not 64 hexadecimal digits: "nothex"/);
    expect(s.errors[1]!.message).toMatch(/quality must be a whole number from 0 to 100/);
    expect(s.errors[2]!.message).toMatch(/needs a PDQ hash or a SHA-256/);
    const rows = entries();
    expect(rows[0]).toMatchObject({
      pdq: A.toUpperCase(),
      pdq_quality: 100,
      bh: B.toUpperCase(),
      sha256: S,
      line: 2,
    });
    expect(rows[1]).toMatchObject({ pdq: B.toUpperCase(), pdq_quality: null, line: 6 });
    expect(rows[2]).toMatchObject({ pdq: null, sha256: 'b'.repeat(64), line: 8 });
  });

  it('reads the PDQ tools, python-threatexchange and bare-hash forms', () => {
    expect(run(`${A},100,photo.jpg\n${B},42,other.jpg\n`, 'tools')).toMatchObject({
      format: 'pdq-quality',
      entries: 2,
    });
    expect(run(`pdq ${A}\npdq ${B}\nmd5 0123\n`, 'te')).toMatchObject({
      format: 'signal-lines',
      entries: 2,
      rejected: 1,
    });
    expect(run(`${A}\n${B}\n${A}\n`, 'bare')).toMatchObject({
      format: 'pdq-lines',
      entries: 2,
      merged: 1,
    });
    expect(
      run(`signal_type,signal\npdq,${A}\nsha256,${S}\nvideo_md5,x\n`, 'signals'),
    ).toMatchObject({
      format: 'csv',
      entries: 2,
      rejected: 1,
    });
  });

  it('refuses a file with no hash at all, and a second list of the same name, keeping nothing', () => {
    expect(() => run('hello\nworld\n')).toThrow(/No hash could be read: line 1/);
    expect(() => run('')).toThrow(/holds no hashes/);
    run(`${A}\n`);
    expect(() => run(`${B}\n`)).toThrow(/exists already/);
    expect(file.db.prepare('SELECT count(*) AS n FROM hash_lists').get()).toEqual({ n: 1 });
    expect(entries()).toHaveLength(1);
  });

  it('streams a large file from disk in one transaction', () => {
    const path = join(dir, 'big.txt');
    const n = 200_000;
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(`${randomBytes(32).toString('hex')},80`);
    out.splice(1234, 0, 'garbage');
    writeFileSync(path, out.join('\n'));
    const s = importHashList(file.db, {
      name: 'big',
      source: 'disk',
      chunks: fileChunks(path, 64 * 1024),
      userId: null,
      now: new Date(),
    });
    expect(s).toMatchObject({ entries: n, rejected: 1, format: 'pdq-quality' });
    expect(s.errors).toEqual([
      {
        line: 1235,
        code: 'bad-pdq',
        value: 'garbage',
        message: expect.stringContaining('garbage'),
      },
    ]);
    expect(loadHashLists(file.db).size).toBe(n);
  }, 120_000);

  it('matches a copy of a listed picture, and not an unrelated one', async () => {
    const original = await demoReference(0);
    const ref = await fingerprint(original, { role: 'candidate' });
    const copy = await fingerprint(
      await sharp(original).resize({ width: 300 }).jpeg({ quality: 60 }).toBuffer(),
      { role: 'candidate' },
    );
    const other = await fingerprint(await demoReference(1), { role: 'candidate' });
    run(`${ref.pdq.hex},${ref.pdq.quality}\n`);
    const set = loadHashLists(file.db);
    expect(set.match(ref)).toMatchObject({ listName: 'list', algo: 'pdq', distance: 0 });
    const hit = set.match(copy);
    expect(hit?.algo).toBe('pdq');
    expect(hit!.distance).toBeGreaterThan(0);
    expect(hit!.distance).toBeLessThanOrEqual(20);
    expect(set.match(other)).toBeUndefined();
  });

  it('never matches a low-quality entry by PDQ, but still by its exact bytes', async () => {
    const fp = await fingerprint(await demoReference(2), { role: 'candidate' });
    run(`pdq,pdq_quality,sha256\n${fp.pdq.hex},30,\n${B},30,${fp.sha256}\n`);
    const set = loadHashLists(file.db);
    expect(set.size).toBe(0);
    expect(set.match(fp)).toMatchObject({ algo: 'sha256', distance: 0 });
    const edited = { ...fp, sha256: 'f'.repeat(64) };
    expect(set.match(edited)).toBeUndefined();
    file.db.prepare('UPDATE hash_lists SET enabled = 0').run();
    expect(loadHashLists(file.db).match(fp)).toBeUndefined();
  });
});
