/**
 * The report's charts as self-contained SVG (no library, no script, no external reference), so the
 * very same markup is shown on screen and printed into the PDF. Every text is escaped; colours
 * follow the app's palette and stay apart in greyscale print by lightness.
 */
import type { PeriodReport } from '../../shared/report-types';
import { fontStack } from '../documents/pdf';
import { REPORT_STRINGS, type ReportStrings } from './strings';

type ReportData = Omit<PeriodReport, 'charts'>;

const W = 640;
const COLOURS = {
  removed: '#2b8a3e',
  pending: '#74c0fc',
  overdue: '#e8590c',
  refused: '#868e96',
  expired: '#ced4da',
  sent: '#1c7ed6',
  axis: '#adb5bd',
  text: '#212529',
  muted: '#495057',
  bar: '#1c7ed6',
} as const;

/** Escapes text for XML content and attributes. */
export function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function svg(height: number, lang: string, label: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" ` +
    `height="${height}" role="img" aria-label="${esc(label)}" ` +
    `font-family="${esc(fontStack(lang))}" font-size="12" fill="${COLOURS.text}">` +
    `<title>${esc(label)}</title>${body}</svg>`
  );
}

const text = (x: number, y: number, s: string, attrs = '') =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${attrs ? ` ${attrs}` : ''}>${esc(s)}</text>`;
const rect = (x: number, y: number, w: number, h: number, fill: string) =>
  `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0, w).toFixed(1)}" ` +
  `height="${Math.max(0, h).toFixed(1)}" fill="${fill}"/>`;

function legend(items: { label: string; colour: string }[], y: number): string {
  let x = 0;
  return items
    .map((it) => {
      const out = rect(x, y - 9, 10, 10, it.colour) + text(x + 14, y, it.label);
      x += 28 + it.label.length * 7.5;
      return out;
    })
    .join('');
}

/** What a chart with nothing sent says: no request at all, or only drafts so far. */
export function emptyText(r: ReportData, t: ReportStrings): string {
  return r.totals.opened === 0 ? t.noData : t.noneSent(r.totals.opened, r.totals.drafts);
}

/** A stacked bar of what became of the requests sent. */
function outcomeChart(r: ReportData, t: ReportStrings): string {
  const s = r.totals;
  const parts = [
    { label: t.removed, value: s.removed, colour: COLOURS.removed },
    { label: t.pendingInTime, value: s.pending - s.overdue, colour: COLOURS.pending },
    { label: t.overdue, value: s.overdue, colour: COLOURS.overdue },
    { label: t.refused, value: s.refused, colour: COLOURS.refused },
    { label: t.expired, value: s.expired, colour: COLOURS.expired },
  ].filter((p) => p.value > 0);
  const total = parts.reduce((a, p) => a + p.value, 0);
  let body = text(0, 16, t.outcomeTitle, 'font-size="14" font-weight="600"');
  if (total === 0) {
    body += text(0, 52, emptyText(r, t), `fill="${COLOURS.muted}"`);
    return svg(72, r.language, t.outcomeTitle, body);
  }
  let x = 0;
  for (const p of parts) {
    const w = (p.value / total) * W;
    body += rect(x, 30, w, 28, p.colour);
    if (w > 28) body += text(x + w / 2, 49, String(p.value), 'text-anchor="middle" fill="#fff"');
    x += w;
  }
  body += legend(
    parts.map((p) => ({ label: `${p.label} ${p.value}`, colour: p.colour })),
    84,
  );
  return svg(96, r.language, t.outcomeTitle, body);
}

/** Sent and removed per bucket, as paired columns. */
function timelineChart(r: ReportData, t: ReportStrings): string {
  const title = t.timelineTitle[r.granularity];
  const top = 30;
  const h = 150;
  const left = 32;
  const max = Math.max(1, ...r.buckets.flatMap((b) => [b.sent, b.removed]));
  const step = niceStep(max);
  const ceil = Math.ceil(max / step) * step;
  const y = (v: number) => top + h - (v / ceil) * h;
  let body = text(0, 16, title, 'font-size="14" font-weight="600"');
  for (let v = 0; v <= ceil; v += step) {
    body += `<line x1="${left}" x2="${W}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${COLOURS.axis}" stroke-width="${v === 0 ? 1 : 0.5}"/>`;
    body += text(
      left - 6,
      y(v) + 4,
      String(v),
      `text-anchor="end" fill="${COLOURS.muted}" font-size="10"`,
    );
  }
  const n = Math.max(1, r.buckets.length);
  const slot = (W - left) / n;
  const bw = Math.max(1, Math.min(14, slot * 0.38));
  const labelEvery = Math.ceil(n / 10);
  r.buckets.forEach((b, i) => {
    const cx = left + slot * i + slot / 2;
    body += rect(cx - bw, y(b.sent), bw, top + h - y(b.sent), COLOURS.sent);
    body += rect(cx, y(b.removed), bw, top + h - y(b.removed), COLOURS.removed);
    if (i % labelEvery === 0) {
      const label = r.granularity === 'month' ? b.start.slice(0, 7) : b.start.slice(5);
      body += text(
        cx,
        top + h + 14,
        label,
        `text-anchor="middle" fill="${COLOURS.muted}" font-size="10"`,
      );
    }
  });
  body += legend(
    [
      { label: t.sent, colour: COLOURS.sent },
      { label: t.removed, colour: COLOURS.removed },
    ],
    top + h + 36,
  );
  return svg(top + h + 46, r.language, title, body);
}

function niceStep(max: number): number {
  const raw = max / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return Math.max(1, (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p);
}

/** Removals per time-to-removal band, with the median and 90th percentile written beside. */
function bandsChart(r: ReportData, t: ReportStrings): string {
  const left = 110;
  const rowH = 24;
  const max = Math.max(1, ...r.bands.map((b) => b.count));
  let body = text(0, 16, t.bandsTitle, 'font-size="14" font-weight="600"');
  let prev = 0;
  r.bands.forEach((b, i) => {
    const y = 30 + i * rowH;
    const w = (b.count / max) * (W - left - 60);
    // Bands within the 48-hour deadline are green; later ones orange.
    const colour = b.upToHours !== null && b.upToHours <= 48 ? COLOURS.removed : COLOURS.overdue;
    body += text(left - 8, y + 14, t.band(b.upToHours, prev), 'text-anchor="end"');
    body += rect(left, y + 2, w, rowH - 6, colour);
    body += text(left + w + 6, y + 14, String(b.count));
    prev = b.upToHours ?? prev;
  });
  const yNote = 30 + r.bands.length * rowH + 16;
  const fmt = (v: number | null) => (v === null ? '–' : t.hours(v));
  body += text(
    0,
    yNote,
    `${t.median}: ${fmt(r.totals.medianHours)}   ·   ${t.p90}: ${fmt(r.totals.p90Hours)}`,
    `fill="${COLOURS.muted}"`,
  );
  return svg(yNote + 10, r.language, t.bandsTitle, body);
}

/** Compliance per host (the twelve hosts with most requests), as a percentage bar. */
function hostsChart(r: ReportData, t: ReportStrings): string {
  const hosts = r.hosts.slice(0, 12);
  const left = 190;
  const rowH = 24;
  let body = text(0, 16, t.hostsTitle, 'font-size="14" font-weight="600"');
  if (hosts.length === 0) {
    body += text(0, 48, emptyText(r, t), `fill="${COLOURS.muted}"`);
    return svg(64, r.language, t.hostsTitle, body);
  }
  const span = W - left - 120;
  hosts.forEach((h, i) => {
    const y = 30 + i * rowH;
    const name = h.host.length > 28 ? `${h.host.slice(0, 27)}…` : h.host;
    body += text(left - 8, y + 14, name, 'text-anchor="end"');
    body += rect(left, y + 2, span, rowH - 6, '#f1f3f5');
    if (h.compliance !== null) {
      const colour =
        h.compliance >= 0.9
          ? COLOURS.removed
          : h.compliance >= 0.5
            ? COLOURS.pending
            : COLOURS.overdue;
      body += rect(left, y + 2, h.compliance * span, rowH - 6, colour);
    }
    const pct = h.compliance === null ? t.notJudged : `${Math.round(h.compliance * 100)}%`;
    const of = h.judged ? `  (${h.removedInTime}/${h.judged})` : '';
    body += text(left + span + 6, y + 14, `${pct}${of}`);
  });
  return svg(30 + hosts.length * rowH + 8, r.language, t.hostsTitle, body);
}

/** The four charts of a report, labelled in its language. */
/**
 * Time to removal per host (the twelve with most requests sent): a bar to the 90th percentile with
 * the median marked, against the 48-hour deadline line — the figures the host table gave as
 * numbers only.
 */
function hostTimesChart(r: ReportData, t: ReportStrings): string {
  const hosts = r.hosts.filter((h) => h.p90Hours !== null).slice(0, 12);
  const left = 190;
  const rowH = 24;
  let body = text(0, 16, t.hostTimesTitle, 'font-size="14" font-weight="600"');
  if (hosts.length === 0) {
    body += text(0, 48, r.totals.sent ? t.noRemovals : emptyText(r, t), `fill="${COLOURS.muted}"`);
    return svg(64, r.language, t.hostTimesTitle, body);
  }
  const span = W - left - 130;
  const max = Math.max(48, ...hosts.map((h) => h.p90Hours ?? 0));
  const x = (hours: number) => left + (hours / max) * span;
  hosts.forEach((h, i) => {
    const y = 30 + i * rowH;
    const p90 = h.p90Hours ?? 0;
    const median = h.medianHours ?? 0;
    body += text(left - 8, y + 14, h.host, 'text-anchor="end"');
    body += rect(left, y + 4, x(p90) - left, rowH - 10, COLOURS.pending);
    body += rect(left, y + 4, x(median) - left, rowH - 10, COLOURS.sent);
    body += text(
      x(p90) + 6,
      y + 14,
      `${t.hours(median)} · ${t.hours(p90)}`,
      `fill="${COLOURS.muted}"`,
    );
  });
  const bottom = 30 + hosts.length * rowH;
  const dx = x(48);
  body +=
    `<line x1="${dx.toFixed(1)}" y1="26" x2="${dx.toFixed(1)}" y2="${bottom}" ` +
    `stroke="${COLOURS.overdue}" stroke-dasharray="4 3"/>`;
  body += text(
    dx,
    bottom + 14,
    t.deadline48,
    `text-anchor="middle" fill="${COLOURS.overdue}" font-size="10"`,
  );
  body += legend(
    [
      { label: t.columns.median, colour: COLOURS.sent },
      { label: t.columns.p90, colour: COLOURS.pending },
    ],
    bottom + 36,
  );
  return svg(bottom + 46, r.language, t.hostTimesTitle, body);
}

export function renderCharts(r: ReportData): PeriodReport['charts'] {
  const t = REPORT_STRINGS[r.language];
  return {
    outcome: outcomeChart(r, t),
    timeline: timelineChart(r, t),
    bands: bandsChart(r, t),
    hosts: hostsChart(r, t),
    hostTimes: hostTimesChart(r, t),
  };
}
