/**
 * One field of the CLI's tab-separated output. A file name may hold a tab, a newline or a carriage
 * return (all legal on Linux), which would split one record into several; they are written as
 * `\t`, `\n` and `\r`, and a backslash as `\\` so the escaping can be undone (the convention of
 * PostgreSQL's COPY text format and of `mysql --batch`). Everything else is written as it is.
 */
export function tsvField(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) => TSV_ESCAPES[c]!);
}

const TSV_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
