/**
 * A notice as one self-contained HTML document (inline CSS, images as data: URLs) for the
 * PdfRenderer. Every piece of text is escaped here; the template only ever contributes text.
 */
import type { NoticeBlock, NoticeSpan } from '../../shared/notices-types';
import type { NoticeLabels } from './default-templates';
import { escapeHtml, fontStack, MONO_STACK } from './pdf';

/** One image or video on a reported page. */
export interface NoticeImage {
  url: string;
  /**
   * For a video: the seconds of it that match, as text ("0:12–0:31, 1:02–1:21"; '' when none
   * were recorded); null for an image.
   */
  timeRanges?: string | null;
  sha256: string;
  /** 64 hex digits, or null when the crawler did not keep it. */
  pdq: string | null;
  blockhash: string | null;
}

/** One reported page (one takedown request). */
export interface NoticeItem {
  pageUrl: string;
  /** ISO 8601: when Jium first found the content on this page. */
  firstSeenAt: string;
  images: NoticeImage[];
  /**
   * Blurred evidence pictures as data:image/jpeg URLs (only when asked for), each captioned by
   * what it is: the matched picture, or the page's screenshot.
   */
  evidence: { kind: 'image' | 'snapshot'; src: string }[];
}

export interface NoticeDocument {
  language: string;
  subject: string;
  blocks: NoticeBlock[];
  items: NoticeItem[];
  labels: NoticeLabels;
  includeEvidence: boolean;
}

/** 'YYYY-MM-DD HH:mm UTC': the same in every language, unambiguous for the recipient. */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const spans = (line: NoticeSpan[]): string =>
  line
    .map((s) => (s.bold ? `<strong>${escapeHtml(s.text)}</strong>` : escapeHtml(s.text)))
    .join('');

const lines = (ls: NoticeSpan[][]): string => ls.map(spans).join('<br>');

function itemsHtml(doc: NoticeDocument): string {
  const l = doc.labels;
  const rows = doc.items.map((item, i) => {
    const images = item.images
      .map((img) =>
        img.timeRanges != null
          ? `
        <tr><th>${escapeHtml(l.video)}</th><td class="mono">${escapeHtml(img.url)}</td></tr>
        <tr><th>${escapeHtml(l.timeRanges)}</th><td class="times">${escapeHtml(img.timeRanges || l.noHash)}</td></tr>
        <tr><th>${escapeHtml(l.sha256)}</th><td class="mono">${escapeHtml(img.sha256)}</td></tr>`
          : `
        <tr><th>${escapeHtml(l.image)}</th><td class="mono">${escapeHtml(img.url)}</td></tr>
        <tr><th>${escapeHtml(l.sha256)}</th><td class="mono">${escapeHtml(img.sha256)}</td></tr>
        <tr><th>${escapeHtml(l.pdq)}</th><td class="mono">${escapeHtml(img.pdq ?? l.noHash)}</td></tr>
        <tr><th>${escapeHtml(l.blockhash)}</th><td class="mono">${escapeHtml(img.blockhash ?? l.noHash)}</td></tr>`,
      )
      .join('<tr class="gap"><td colspan="2"></td></tr>');
    return `
      <section class="item">
        <div class="item-no">${escapeHtml(l.item)} ${i + 1}</div>
        <table>
          <tr><th>${escapeHtml(l.page)}</th><td class="mono url">${escapeHtml(item.pageUrl)}</td></tr>
          <tr><th>${escapeHtml(l.firstSeen)}</th><td>${escapeHtml(formatUtc(item.firstSeenAt))}</td></tr>
          ${images}
        </table>
      </section>`;
  });
  return `<div class="items">${rows.join('')}</div>`;
}

function evidenceHtml(doc: NoticeDocument): string {
  if (!doc.includeEvidence) return '';
  const figures = doc.items.flatMap((item, i) =>
    item.evidence
      .filter((e) => e.src.startsWith('data:image/jpeg;base64,'))
      .map(
        (e) =>
          `<figure><img src="${escapeHtml(e.src)}" alt=""><figcaption>${escapeHtml(doc.labels.item)} ${i + 1} · ${escapeHtml(e.kind === 'image' ? doc.labels.matchedPicture : doc.labels.pageScreenshot)}</figcaption></figure>`,
      ),
  );
  if (figures.length === 0) return '';
  return `<section class="evidence"><h2>${escapeHtml(doc.labels.evidence)}</h2>
    <p class="note">${escapeHtml(doc.labels.evidenceNote)}</p>
    <div class="figures">${figures.join('')}</div></section>`;
}

/** The whole document. */
export function noticeHtml(doc: NoticeDocument): string {
  let evidenceShown = false;
  const body = doc.blocks
    .map((b) => {
      switch (b.kind) {
        case 'h1':
          return `<h1>${lines(b.lines)}</h1>`;
        case 'h2':
          return `<h2>${lines(b.lines)}</h2>`;
        case 'p':
          return `<p>${lines(b.lines)}</p>`;
        case 'ul':
          return `<ul>${b.items.map((i) => `<li>${spans(i)}</li>`).join('')}</ul>`;
        case 'items':
          return itemsHtml(doc);
        case 'evidence':
          evidenceShown = true;
          return evidenceHtml(doc);
      }
      return '';
    })
    .join('\n');
  // A template without {{evidence}} still gets the evidence when it was asked for: at the end.
  const tail = evidenceShown ? '' : evidenceHtml(doc);
  const lang = escapeHtml(doc.language);
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${escapeHtml(doc.subject)}</title>
<style>
  @page { size: A4; }
  html { font-family: ${fontStack(doc.language)}; font-size: 10pt; color: #1d1d1b; }
  body { margin: 0; line-height: 1.6; overflow-wrap: anywhere; }
  /* Korean breaks between words; Japanese and Chinese between characters. */
  html:lang(ko) body { word-break: keep-all; }
  h1 { font-size: 17pt; line-height: 1.3; margin: 0 0 14pt; font-weight: 700; color: #111; }
  h2 { font-size: 12pt; margin: 18pt 0 8pt; font-weight: 700; border-bottom: 0.6pt solid #999; padding-bottom: 3pt; }
  p { margin: 0 0 9pt; }
  ul { margin: 0 0 9pt; padding-left: 16pt; }
  li { margin-bottom: 3pt; }
  strong { font-weight: 700; }
  .items { margin: 4pt 0 10pt; }
  .item { border: 0.6pt solid #bbb; border-radius: 3pt; padding: 6pt 8pt; margin-bottom: 8pt; break-inside: avoid; }
  .item-no { font-weight: 700; font-size: 9.5pt; margin-bottom: 3pt; }
  table { border-collapse: collapse; width: 100%; table-layout: fixed; }
  th { text-align: left; vertical-align: top; font-weight: 400; color: #555; width: 26mm; font-size: 8.5pt; padding: 1.5pt 6pt 1.5pt 0; }
  td { vertical-align: top; font-size: 8.5pt; padding: 1.5pt 0; }
  .mono { font-family: ${MONO_STACK}; font-size: 8pt; word-break: break-all; overflow-wrap: anywhere; }
  .url { font-weight: 700; }
  .times { font-weight: 700; font-variant-numeric: tabular-nums; }
  tr.gap td { height: 4pt; border-bottom: 0.4pt dotted #ccc; }
  .evidence { break-inside: avoid; margin-bottom: 14pt; }
  .note { color: #555; font-size: 8.5pt; }
  .figures { display: flex; flex-wrap: wrap; gap: 8pt; }
  figure { margin: 0; width: 38mm; break-inside: avoid; }
  figure img { width: 38mm; height: 38mm; object-fit: contain; background: #f2f2f2; border: 0.6pt solid #bbb; display: block; }
  figcaption { font-size: 8pt; color: #555; margin-top: 2pt; }
</style>
</head>
<body>
${body}
${tail}
</body>
</html>`;
}
