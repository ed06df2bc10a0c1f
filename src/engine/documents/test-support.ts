/** Test support for documents: the text of a PDF through poppler's pdftotext. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function withPdf<T>(pdf: Buffer, run: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'jium-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    return run(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Text of a PDF, through poppler's pdftotext. */
export function pdfText(pdf: Buffer, layout = false): string {
  return withPdf(pdf, (file) =>
    execFileSync('pdftotext', ['-enc', 'UTF-8', ...(layout ? ['-layout'] : []), file, '-'], {
      encoding: 'utf8',
    }),
  );
}

/** The font table of a PDF, through poppler's pdffonts. */
export function pdfFonts(pdf: Buffer): string {
  return withPdf(pdf, (file) => execFileSync('pdffonts', [file], { encoding: 'utf8' }));
}
