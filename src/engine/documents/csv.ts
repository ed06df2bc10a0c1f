/**
 * CSV as RFC 4180 (comma, CRLF, double quotes doubled, fields with a comma, quote or line break
 * quoted) with a UTF-8 byte order mark, so Excel opens Korean text as UTF-8. Every cell is
 * neutralised against formula injection first (see {@link neutraliseCell}).
 */

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"): = + - @,
 * tab and carriage return — and their full-width forms, which some spreadsheet versions
 * normalise. Such a cell gets a leading apostrophe, so it shows as text and runs nothing.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One cell of an export: text, a number, or empty. */
export type Cell = string | number | null;

function cellText(c: Cell): string {
  if (c === null) return '';
  return neutraliseCell(typeof c === 'number' ? String(c) : c);
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** Rows → CSV text, starting with a BOM. */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return (
    '\uFEFF' + rows.map((r) => r.map((c) => quote(cellText(c))).join(',')).join('\r\n') + '\r\n'
  );
}

/**
 * Parses RFC 4180 CSV (a leading BOM is dropped; CRLF or LF line ends). Throws on a quote that is
 * never closed, or on text after a closing quote.
 */
export function parseCsv(text: string): string[][] {
  const s = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let line = 1;
  let openedAt = 1;
  while (i < s.length) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = s[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n')
          throw new Error(`CSV line ${line}: text after a closing quote`);
        continue;
      }
      if (ch === '\n') line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      openedAt = line;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += ch === '\r' && s[i + 1] === '\n' ? 2 : 1;
      line++;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new Error(`CSV line ${openedAt}: a quoted field is not closed`);
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
