import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import { columnName, toXlsx, xmlText } from './xlsx';
import { crc32 } from './zip';

/** Reads the entries of a ZIP file (as written by zip.ts: deflate, no data descriptors). */
function unzipEntries(buf: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let at = 0;
  while (buf.readUInt32LE(at) === 0x04034b50) {
    const size = buf.readUInt32LE(at + 18);
    const nameLen = buf.readUInt16LE(at + 26);
    const extra = buf.readUInt16LE(at + 28);
    const name = buf.subarray(at + 30, at + 30 + nameLen).toString('utf8');
    const start = at + 30 + nameLen + extra;
    const data = inflateRawSync(buf.subarray(start, start + size));
    expect(crc32(data)).toBe(buf.readUInt32LE(at + 14));
    out.set(name, data.toString('utf8'));
    at = start + size;
  }
  return out;
}

/** The text of each cell of sheet1, row by row. */
function cells(sheet: string): string[][] {
  return [...sheet.matchAll(/<row [^>]*>(.*?)<\/row>/g)].map((row) =>
    [...row[1]!.matchAll(/<c r="[A-Z]+\d+"[^>]*?(?:\/>|>(.*?)<\/c>)/g)].map((c) => {
      const inner = c[1] ?? '';
      const text = /<t[^>]*>(.*?)<\/t>/s.exec(inner)?.[1] ?? /<v>(.*?)<\/v>/.exec(inner)?.[1] ?? '';
      return text
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&');
    }),
  );
}

describe('XLSX', () => {
  const rows = [
    ['id', 'url', 'notes'],
    [1, 'https://예시.kr/게시물', '=HYPERLINK("http://evil.example")'],
    [2, 'https://example.com/<a>&"b"', '@SUM(1)'],
    [3, null, 'bell\u0007 removed'],
  ];

  it('is a valid ZIP that unzip accepts, with the OOXML parts', () => {
    const { dir, cleanup } = tempDir('jium-xlsx-');
    try {
      const file = join(dir, 'requests.xlsx');
      writeFileSync(file, toXlsx(rows, { sheetName: 'Takedown requests' }));
      const test = execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
      expect(test).toMatch(/No errors detected/);
      const list = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n');
      expect(list).toEqual(
        expect.arrayContaining([
          '[Content_Types].xml',
          'xl/workbook.xml',
          'xl/worksheets/sheet1.xml',
        ]),
      );
    } finally {
      cleanup();
    }
  });

  it('keeps text intact, numbers as numbers, and neutralises formula-like text', () => {
    const parts = unzipEntries(toXlsx(rows));
    const sheet = parts.get('xl/worksheets/sheet1.xml')!;
    expect(sheet).not.toMatch(/<f>/); // no formulas at all
    expect(sheet).toContain('<c r="A2"><v>1</v></c>');
    expect(cells(sheet)).toEqual([
      ['id', 'url', 'notes'],
      ['1', 'https://예시.kr/게시물', `'=HYPERLINK("http://evil.example")`],
      ['2', 'https://example.com/<a>&"b"', `'@SUM(1)`],
      ['3', '', 'bell removed'],
    ]);
  });

  it('names columns like a spreadsheet and strips characters XML cannot carry', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    expect(xmlText('a\u0000b\u001Fc<d')).toBe('abc&lt;d');
  });
});
