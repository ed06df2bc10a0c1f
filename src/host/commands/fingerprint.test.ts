import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

import { vectorsDir } from '../../engine/fingerprint/test-support';
import type { CliIO } from '../cli-types';
import { command as fingerprintCommand } from './fingerprint';
import { command as matchCommand } from './match';

let dir: string;

async function run(cmd: typeof fingerprintCommand, args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (d: Buffer) => out.push(d.toString()));
  stderr.on('data', (d: Buffer) => err.push(d.toString()));
  const io: CliIO = { stdout, stderr, stderrIsTTY: false, env: {}, cwd: dir };
  const code = await cmd.run(args, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'jium-fp-cli-'));
  const photo = readFileSync(
    path.join(vectorsDir, 'pdq/data/reg-test-input/dih/bridge-1-original.jpg'),
  );
  const other = readFileSync(
    path.join(vectorsDir, 'pdq/data/reg-test-input/labelme-subset/q0291.jpg'),
  );
  mkdirSync(path.join(dir, 'refs'));
  mkdirSync(path.join(dir, 'batch'));
  writeFileSync(path.join(dir, 'refs/bridge.jpg'), photo);
  writeFileSync(
    path.join(dir, 'batch/a-good.jpg'),
    await sharp(photo).rotate(90).resize(600).jpeg().toBuffer(),
  );
  writeFileSync(path.join(dir, 'batch/b-empty.jpg'), new Uint8Array(0));
  writeFileSync(path.join(dir, 'mirrored.jpg'), await sharp(photo).flop().jpeg().toBuffer());
  writeFileSync(path.join(dir, 'batch/c-page.jpg'), '<!doctype html><title>404</title>');
  writeFileSync(path.join(dir, 'batch/d-cut.jpg'), photo.subarray(0, 20_000));
  writeFileSync(path.join(dir, 'batch/e-other.jpg'), other);
});

describe('jium fingerprint', () => {
  it('prints sha256, pdq and blockhash per image, reports bad files and keeps going', async () => {
    const r = await run(fingerprintCommand, ['batch']);
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(lines.map((l) => l[1])).toEqual([
      'sha256',
      'pdq',
      'blockhash',
      'sha256',
      'pdq',
      'blockhash',
    ]);
    expect(lines[0]?.[0]).toBe(path.join('batch', 'a-good.jpg'));
    expect(lines[3]?.[0]).toBe(path.join('batch', 'e-other.jpg'));
    for (const l of lines) expect(l[2]).toMatch(/^[0-9a-f]{64}$/);
    const errors = r.stderr
      .trim()
      .split('\n')
      .map((l) => l.split('\t').slice(0, 2));
    expect(errors).toEqual([
      [path.join('batch', 'b-empty.jpg'), 'not-an-image'],
      [path.join('batch', 'c-page.jpg'), 'not-an-image'],
      [path.join('batch', 'd-cut.jpg'), 'truncated'],
    ]);
  });

  it('reports a missing path as io-error and prints JSON with --json', async () => {
    const missing = await run(fingerprintCommand, ['nope.jpg']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.jpg\tio-error\t');
    const json = await run(fingerprintCommand, ['--json', 'refs/bridge.jpg']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      path: 'refs/bridge.jpg',
      pdqQuality: 100,
      width: 1600,
    });
  });
});

describe('TSV output of file names (issue 18)', () => {
  it('escapes a newline, tab or backslash in a file name, so each line stays one record', async () => {
    const odd = path.join(dir, 'odd');
    mkdirSync(odd);
    const photo = readFileSync(path.join(dir, 'refs/bridge.jpg'));
    writeFileSync(path.join(odd, 'two\nlines.jpg'), photo);
    writeFileSync(path.join(odd, 'tab\there\\.jpg'), photo);
    writeFileSync(path.join(odd, 'empty\n.jpg'), new Uint8Array(0));
    const r = await run(fingerprintCommand, ['odd']);
    expect(r.code).toBe(1);
    const rows = r.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(row.split('\t')).toHaveLength(3);
    expect(rows.map((row) => row.split('\t')[0])).toEqual([
      ...Array<string>(3).fill(path.join('odd', 'tab\\there\\\\.jpg')),
      ...Array<string>(3).fill(path.join('odd', 'two\\nlines.jpg')),
    ]);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.split('\t').slice(0, 2)).toEqual([
      path.join('odd', 'empty\\n.jpg'),
      'not-an-image',
    ]);
    const m = await run(matchCommand, ['--refs', 'refs', 'odd']);
    const matched = m.stdout.trimEnd().split('\n');
    expect(matched).toHaveLength(3);
    for (const row of matched) expect(row.split('\t')).toHaveLength(6);
    expect(matched.map((row) => row.split('\t')[0])).toContain(path.join('odd', 'two\\nlines.jpg'));
  });
});

describe('jium match', () => {
  it('prints one verdict line per candidate with how it matched, including errors', async () => {
    const r = await run(matchCommand, ['--refs', 'refs', 'batch']);
    expect(r.code).toBe(1);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    const byName = new Map(rows.map((row) => [path.basename(row[0] ?? ''), row]));
    expect(byName.get('a-good.jpg')?.slice(1, 3)).toEqual([
      path.join('refs', 'bridge.jpg'),
      'match',
    ]);
    // The sixth column is the transform, as --json's: a quarter turn is undone by a turn.
    expect(byName.get('a-good.jpg')?.[5]).toMatch(/^rotate(90|270)$/);
    expect(byName.get('e-other.jpg')?.slice(1, 3)).toEqual(['-', 'no-match']);
    expect(byName.get('e-other.jpg')?.[5]).toBe('-');
    expect(byName.get('d-cut.jpg')).toEqual([
      path.join('batch', 'd-cut.jpg'),
      '-',
      'error',
      '-',
      'truncated',
      '-',
    ]);
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row).toHaveLength(6);
  });

  it('says a mirrored find is mirrored', async () => {
    const r = await run(matchCommand, ['--refs', 'refs', 'mirrored.jpg']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\t')).toEqual([
      'mirrored.jpg',
      path.join('refs', 'bridge.jpg'),
      'match',
      expect.stringMatching(/^\d+$/),
      expect.any(String),
      'flip-horizontal',
    ]);
    expect(matchCommand.usage).toContain('transform');
  });

  it('says with --json how each image matched, as jium help describes', async () => {
    const r = await run(matchCommand, ['--refs', 'refs', '--json', 'batch/a-good.jpg']);
    expect(r.code).toBe(0);
    const line = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(line).toMatchObject({
      candidate: path.join('batch', 'a-good.jpg'),
      reference: path.join('refs', 'bridge.jpg'),
      verdict: 'match',
      algo: expect.any(String),
      referenceRegion: expect.any(String),
      candidateRegion: expect.any(String),
    });
    // A quarter turn is undone by turning the reference, and the line says so.
    expect(line.transform).not.toBe('identity');
    for (const key of Object.keys(line)) expect(matchCommand.usage).toContain(key);
  });

  it('asks for --refs', async () => {
    expect((await run(matchCommand, ['batch'])).code).toBe(2);
  });
});
