/**
 * The hash-list file formats (docs/hash-lists.md, decision 0075): reading rows of the formats other
 * hotlines and platforms exchange, line by line and without holding the file, and writing Jium's.
 *
 * Read: a CSV with a header naming its columns (Jium's `pdq,pdq_quality,blockhash,sha256`, or
 * ThreatExchange-style `signal_type,signal`), the PDQ tools' `hash,quality[,name]` lines, the
 * python-threatexchange file form `pdq <hash>`, and a bare PDQ hex per line (HMA and
 * ThreatExchange dumps). Blank lines and lines starting with `#` are skipped. A `vpdq <signal>`
 * line carries a video's vPDQ in the ThreatExchange text form (vpdq.ts).
 */

import type { HashListRowError } from '../../shared/exchange-types';
import { formatVpdq, parseVpdq } from './vpdq';

/** One valid row: at least a PDQ or a SHA-256, hex in lower case. */
export interface ListRow {
  line: number;
  pdq: string | null;
  quality: number | null;
  blockhash: string | null;
  sha256: string | null;
  /** A video's vPDQ signal, in Jium's normalised text form (vpdq.ts); the row then has no PDQ. */
  vpdq?: string;
}

/** A row that was not imported, with why. */
export interface RowError {
  line: number;
  /** Why, for the UI to say in its language (`value` is the offending cell, shortened). */
  code: RowErrorCode;
  value?: string;
  /** The same in English, for logs and the command line. */
  message: string;
}

export type RowErrorCode = HashListRowError['code'];

class RowProblem extends Error {
  constructor(
    readonly code: RowErrorCode,
    message: string,
    readonly value?: string,
  ) {
    super(message);
  }
}

const HEX_CODES: Record<string, RowErrorCode> = {
  'PDQ hash': 'bad-pdq',
  blockhash: 'bad-blockhash',
  'SHA-256': 'bad-sha256',
};

/** The format a file was read as. */
export type ListFormat = 'csv' | 'pdq-quality' | 'signal-lines' | 'pdq-lines';

/** The columns of Jium's export, in order. */
export const JIUM_COLUMNS = ['pdq', 'pdq_quality', 'blockhash', 'sha256'] as const;

const HEX64 = /^[0-9a-f]{64}$/;
type Field = 'pdq' | 'quality' | 'blockhash' | 'sha256' | 'signal_type' | 'signal';

/** Header names understood, in lower case (other columns are ignored). */
const HEADER_NAMES: Record<string, Field> = {
  pdq: 'pdq',
  pdq_hash: 'pdq',
  pdq_hex: 'pdq',
  hash: 'pdq',
  pdq_quality: 'quality',
  quality: 'quality',
  blockhash: 'blockhash',
  sha256: 'sha256',
  sha_256: 'sha256',
  signal_type: 'signal_type',
  signal: 'signal',
  signal_value: 'signal',
};

/** Splits a stream of text chunks into lines (LF or CRLF), keeping no more than one line. */
export function* lines(chunks: Iterable<string>): Generator<string> {
  let rest = '';
  let first = true;
  for (let chunk of chunks) {
    if (first && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    first = false;
    rest += chunk;
    let at: number;
    while ((at = rest.indexOf('\n')) >= 0) {
      yield rest.slice(0, at).replace(/\r$/, '');
      rest = rest.slice(at + 1);
    }
  }
  if (rest.length) yield rest.replace(/\r$/, '');
}

function cells(line: string): string[] {
  return line.split(/[,\t]/).map((c) =>
    c
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim(),
  );
}

function hex(value: string | undefined, what: string): string | null {
  if (value === undefined || value === '') return null;
  const v = value.toLowerCase();
  if (!HEX64.test(v)) {
    const c = clip(value);
    throw new RowProblem(HEX_CODES[what]!, `${what} is not 64 hexadecimal digits: "${c}"`, c);
  }
  return v;
}

function quality(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  if (!/^\d{1,3}$/.test(value) || Number(value) > 100) {
    const c = clip(value);
    throw new RowProblem(
      'bad-quality',
      `quality must be a whole number from 0 to 100, not "${c}"`,
      c,
    );
  }
  return Number(value);
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** Reads rows from lines; `onError` hears every rejected line. Returns the format seen. */
export class ListReader {
  format: ListFormat | null = null;
  private columns: (Field | null)[] | null = null;

  constructor(private readonly onError: (e: RowError) => void) {}

  /** Parses one line; null when it holds no row (blank, comment, header, or an error). */
  read(text: string, line: number): ListRow | null {
    const t = text.trim();
    if (!t || t.startsWith('#')) return null;
    try {
      if (this.format === null) {
        const first = cells(t).map((c) => c.toLowerCase());
        if (first.some((c) => c in HEADER_NAMES) && !first.some((c) => HEX64.test(c))) {
          this.columns = first.map((c) => HEADER_NAMES[c] ?? null);
          this.format = 'csv';
          return null;
        }
      }
      return this.row(t, line);
    } catch (e) {
      if (!(e instanceof RowProblem)) throw e;
      this.onError({
        line,
        code: e.code,
        ...(e.value !== undefined ? { value: e.value } : {}),
        message: e.message,
      });
      return null;
    }
  }

  private row(t: string, line: number): ListRow | null {
    if (this.columns) return this.csvRow(cells(t), line);
    const typed = /^([a-z_][a-z_0-9]{0,31})[ \t]+(\[.*\]|\S+)$/i.exec(t);
    if (typed) {
      this.format ??= 'signal-lines';
      return this.signal(typed[1]!, typed[2]!, line);
    }
    const c = cells(t);
    if (c.length === 1) {
      this.format ??= 'pdq-lines';
      return { line, pdq: hex(c[0], 'PDQ hash'), quality: null, blockhash: null, sha256: null };
    }
    this.format ??= 'pdq-quality';
    return {
      line,
      pdq: hex(c[0], 'PDQ hash'),
      quality: quality(c[1]),
      blockhash: null,
      sha256: null,
    };
  }

  private csvRow(c: string[], line: number): ListRow | null {
    const get = (f: Field) => {
      const i = this.columns!.indexOf(f);
      return i >= 0 ? c[i] : undefined;
    };
    if (this.columns!.includes('signal')) {
      const type = get('signal_type') ?? 'pdq';
      return this.signal(type, get('signal') ?? '', line, quality(get('quality')));
    }
    const row: ListRow = {
      line,
      pdq: hex(get('pdq'), 'PDQ hash'),
      quality: quality(get('quality')),
      blockhash: hex(get('blockhash'), 'blockhash'),
      sha256: hex(get('sha256'), 'SHA-256'),
    };
    if (!row.pdq && !row.sha256) {
      throw new RowProblem('no-hash', 'a row needs a PDQ hash or a SHA-256');
    }
    if (row.quality !== null && !row.pdq) {
      throw new RowProblem('quality-without-pdq', 'a quality without a PDQ hash');
    }
    return row;
  }

  private signal(type: string, value: string, line: number, q: number | null = null): ListRow {
    const kind = type.toLowerCase();
    if (kind === 'pdq')
      return { line, pdq: hex(value, 'PDQ hash'), quality: q, blockhash: null, sha256: null };
    if (kind === 'sha256' || kind === 'photo_sha256') {
      return { line, pdq: null, quality: null, blockhash: null, sha256: hex(value, 'SHA-256') };
    }
    if (kind === 'vpdq' || kind === 'video_vpdq') {
      const fp = parseVpdq(value);
      if (!fp) {
        const c = clip(value);
        throw new RowProblem(
          'bad-vpdq',
          `not a vPDQ signal (a JSON list of "hash,quality,seconds"): "${c}"`,
          c,
        );
      }
      return {
        line,
        pdq: null,
        quality: null,
        blockhash: null,
        sha256: null,
        vpdq: formatVpdq(fp),
      };
    }
    throw new RowProblem(
      'unsupported-signal',
      `signal type "${clip(type)}" is not a hash Jium can match (pdq, sha256, vpdq)`,
      clip(type),
    );
  }
}

/** One line of Jium's CSV (values are hex and digits: nothing to quote, nothing to inject). */
export function csvLine(r: {
  pdq: string | null;
  quality: number | null;
  blockhash: string | null;
  sha256: string | null;
}): string {
  return [r.pdq ?? '', r.quality ?? '', r.blockhash ?? '', r.sha256 ?? ''].join(',');
}
