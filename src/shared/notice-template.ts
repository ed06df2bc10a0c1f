/**
 * Notice templates: plain text with a little markdown-like structure and placeholders, never HTML.
 *
 * - `# Title`, `## Section` — headings (one line each)
 * - `- item` — list items (consecutive lines form one list)
 * - other lines — paragraphs; blank lines separate them, single line breaks are kept
 * - `**bold**` — bold text
 * - `{{centre.name}}` and the other NOTICE_TEXT_PLACEHOLDERS — replaced by their values
 * - `{{items}}`, `{{evidence}}` alone on a line — the table of URLs and hashes, the blurred evidence
 *
 * Values are substituted after the structure is parsed, so a value can never add markup, and every
 * piece of text is escaped when the blocks become HTML. A line whose placeholders all came out
 * empty (say the centre has no phone number) is dropped.
 *
 * Pure TypeScript, shared: the engine fills templates for PDFs, Settings previews them live.
 */
import {
  NOTICE_BLOCK_PLACEHOLDERS,
  NOTICE_TEXT_PLACEHOLDERS,
  type NoticeBlock,
  type NoticeSpan,
} from './notices-types';

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z.]*)\s*\}\}/g;
const TEXT_NAMES = new Set<string>(NOTICE_TEXT_PLACEHOLDERS);
const BLOCK_NAMES = new Set<string>(NOTICE_BLOCK_PLACEHOLDERS);

export type TemplateValues = Partial<Record<(typeof NOTICE_TEXT_PLACEHOLDERS)[number], string>>;

/** A problem of a template, as a code the UI words in its own language. */
export type TemplateProblem =
  | { code: 'unknown-placeholder'; line: number; name: string }
  | { code: 'block-not-alone'; line: number; name: string }
  | { code: 'missing-items' }
  | { code: 'items-twice' };

/** What is wrong with a template (empty when it is fine). */
export function templateProblems(body: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const lines = normalise(body).split('\n');
  let items = 0;
  lines.forEach((line, i) => {
    for (const m of line.matchAll(PLACEHOLDER)) {
      const name = m[1]!;
      if (BLOCK_NAMES.has(name)) {
        if (line.trim() !== m[0]) problems.push({ code: 'block-not-alone', line: i + 1, name });
        if (name === 'items') items++;
      } else if (!TEXT_NAMES.has(name)) {
        problems.push({ code: 'unknown-placeholder', line: i + 1, name });
      }
    }
  });
  if (items === 0) problems.push({ code: 'missing-items' });
  if (items > 1) problems.push({ code: 'items-twice' });
  return problems;
}

/** Replaces text placeholders; unknown ones stay as written (checkTemplate reports them). */
export function fillText(text: string, values: TemplateValues): string {
  return text.replace(PLACEHOLDER, (all, name: string) =>
    TEXT_NAMES.has(name) ? (values[name as keyof TemplateValues] ?? '') : all,
  );
}

/** Parses a template and fills its placeholders into blocks. */
export function renderTemplate(body: string, values: TemplateValues): NoticeBlock[] {
  const blocks: NoticeBlock[] = [];
  let paragraph: NoticeSpan[][] = [];
  let list: NoticeSpan[][] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'p', lines: paragraph });
    if (list.length) blocks.push({ kind: 'ul', items: list });
    paragraph = [];
    list = [];
  };
  for (const raw of normalise(body).split('\n')) {
    const line = raw.trimEnd();
    const block = /^\s*\{\{\s*(items|evidence)\s*\}\}\s*$/.exec(line);
    if (block) {
      flush();
      blocks.push({ kind: block[1] as 'items' | 'evidence' });
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    const filled = fillLine(line, values);
    if (filled === null) continue;
    const heading = /^(#{1,2})\s+(.*)$/.exec(filled.text);
    if (heading) {
      flush();
      blocks.push({ kind: heading[1] === '#' ? 'h1' : 'h2', lines: [filled.spans(heading[2]!)] });
      continue;
    }
    const item = /^\s*[-*]\s+(.*)$/.exec(filled.text);
    if (item) {
      if (paragraph.length) {
        blocks.push({ kind: 'p', lines: paragraph });
        paragraph = [];
      }
      list.push(filled.spans(item[1]!));
      continue;
    }
    if (list.length && /^\s{2,}\S/.test(line)) {
      // An indented line continues the list item above it.
      list[list.length - 1]!.push({ text: ' ' }, ...filled.spans(filled.text.trim()));
      continue;
    }
    if (list.length) {
      blocks.push({ kind: 'ul', items: list });
      list = [];
    }
    paragraph.push(filled.spans(filled.text));
  }
  flush();
  return blocks;
}

/**
 * Structure first, values second: the markers (`#`, `-`, `**`) are found in the template's own
 * text, and only then are the placeholders inside each piece replaced. Returns null when the line
 * had placeholders and all of them were empty.
 */
function fillLine(
  line: string,
  values: TemplateValues,
): { text: string; spans: (part: string) => NoticeSpan[] } | null {
  const names = [...line.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  if (names.length > 0 && names.every((n) => TEXT_NAMES.has(n) && !fillText(`{{${n}}}`, values))) {
    return null;
  }
  return {
    // Structural markers are read from the template text, before any value is in it.
    text: line,
    spans: (part) =>
      splitBold(part)
        .map((s) => ({ ...s, text: fillText(s.text, values) }))
        .filter((s) => s.text !== ''),
  };
}

function splitBold(text: string): NoticeSpan[] {
  const spans: NoticeSpan[] = [];
  const re = /\*\*(.+?)\*\*/g;
  let at = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > at) spans.push({ text: text.slice(at, m.index) });
    spans.push({ text: m[1]!, bold: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) spans.push({ text: text.slice(at) });
  return spans;
}

function normalise(body: string): string {
  return body.replace(/\r\n?/g, '\n');
}
