import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutraliseCell, parseCsv, toCsv } from './csv';

describe('formula injection (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `'=HYPERLINK("http://evil.example","x")`],
    ['+1+cmd|"/C calc"!A0', `'+1+cmd|"/C calc"!A0`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1:A2)', `'@SUM(A1:A2)`],
    ['\t=1', `'\t=1`],
    ['\r=1', `'\r=1`],
    ['＝1+1', `'＝1+1`],
  ])('neutralises %j', (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });

  it.each(['https://example.com/a?b=1', '불법촬영물', '2026-11-30T09:00:00.000Z', 'a=b', ''])(
    'leaves %j alone',
    (input) => expect(neutraliseCell(input)).toBe(input),
  );

  it('no cell of an exported file starts with a formula character', () => {
    const csv = toCsv([['=1+1', '+x', '-y', '@z', '\tq', '\rr', 'ok']]);
    for (const cell of parseCsv(csv)[0]!) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('CSV (RFC 4180)', () => {
  it('starts with a BOM, ends lines with CRLF, quotes what needs quoting', () => {
    const csv = toCsv([
      ['id', 'note'],
      [1, 'a, "quoted" word\nand a line'],
    ]);
    expect(csv).toBe('\uFEFFid,note\r\n1,"a, ""quoted"" word\nand a line"\r\n');
  });

  it('round-trips Korean, Japanese and Chinese text, quotes, commas and line breaks', () => {
    const rows = [
      ['id', 'url', 'notes'],
      ['1', 'https://예시.kr/게시물?id=1,2', '피해자 지원 "긴급"\r\n다음 줄'],
      ['2', 'https://example.jp/画像', '削除依頼, 至急'],
      ['3', '', '删除通知'],
    ];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });

  it('round-trips any text that does not start with a formula character', () => {
    const safe = fc
      .string({ unit: 'grapheme' })
      .filter((s) => !/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(s));
    fc.assert(
      fc.property(
        fc.array(fc.array(safe, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          // A row of one empty field is an empty line; give it a second column.
          const table = rows.map((r) => (r.length === 1 && r[0] === '' ? ['', ''] : r));
          expect(parseCsv(toCsv(table))).toEqual(table);
        },
      ),
    );
  });

  it('refuses an unclosed quote with the line number', () => {
    expect(() => parseCsv('a,b\r\n"c,d\r\n')).toThrow(/line 2: a quoted field is not closed/);
  });
});
