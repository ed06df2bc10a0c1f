/**
 * The period report as one self-contained HTML document for the PDF renderer: inline CSS, the
 * charts as inline SVG (the same markup the screen shows), no script, no external reference.
 */
import type { PeriodReport } from '../../shared/report-types';
import { fontStack, MONO_STACK } from '../documents/pdf';
import type { AuditAnchor } from '../audit/anchor';
import { emptyText, esc } from './charts';
import { REPORT_STRINGS } from './strings';

/** 'YYYY-MM-DD HH:mm' of an instant in the report's time zone. */
function localTime(iso: string, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);

/**
 * `anchor`: the audit chain's anchor when the report is made (decision 0043), printed at the end
 * so that a printed or saved report witnesses the log's length and head outside the case file.
 */
export function reportHtml(r: PeriodReport, anchor: AuditAnchor | null = null): string {
  const t = REPORT_STRINGS[r.language];
  const hours = (v: number | null) => (v === null ? '–' : t.hours(v));
  const kpi = (label: string, value: string) =>
    `<div class="kpi"><div class="v">${esc(value)}</div><div class="l">${esc(label)}</div></div>`;
  const s = r.totals;
  const rows = r.hosts
    .map(
      (h) =>
        `<tr><td class="mono">${esc(h.host)}</td><td>${h.sent}</td><td>${h.removed}</td>` +
        `<td>${h.pending}</td><td>${pct(h.compliance)}</td><td>${esc(hours(h.medianHours))}</td>` +
        `<td>${esc(hours(h.p90Hours))}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${r.language}"><head><meta charset="utf-8"><title>${esc(t.title)}</title>
<style>
  body { font-family: ${fontStack(r.language)}; color: #212529; font-size: 10.5pt; margin: 0;
    word-break: keep-all; }
  th { white-space: nowrap; }
  h1 { font-size: 18pt; margin: 0 0 2mm; }
  .meta { color: #495057; margin-bottom: 6mm; }
  .kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3mm; margin-bottom: 6mm; }
  .kpi { border: 1px solid #dee2e6; border-radius: 2mm; padding: 2.5mm 3mm; }
  .kpi .v { font-size: 15pt; font-weight: 700; }
  .kpi .l { color: #495057; font-size: 8.5pt; }
  .chart { margin: 0 0 6mm; break-inside: avoid; }
  .chart svg { width: 100%; height: auto; }
  table { border-collapse: collapse; width: 100%; font-size: 9pt; break-inside: auto; }
  th, td { border-bottom: 1px solid #dee2e6; padding: 1.5mm 2mm; text-align: right; }
  th:first-child, td:first-child { text-align: left; }
  th { color: #495057; font-weight: 600; }
  .mono { font-family: ${MONO_STACK}; }
  .note { color: #495057; font-size: 8.5pt; margin-top: 5mm; }
  .empty { color: #495057; margin: 0 0 6mm; }
  /* The host table and its footnote stay together: never a page holding the footnote alone. */
  .end { break-inside: avoid; }
  .note { break-before: avoid; }
  .anchor .mono { word-break: break-all; }
</style></head><body>
<h1>${esc(t.title)}</h1>
<div class="meta">${esc(t.period)}: ${esc(r.from)} – ${esc(r.to)} · ${esc(t.generated)}: ${esc(
    localTime(r.generatedAt, r.timeZone),
  )} (${esc(r.timeZone)})</div>
<div class="kpis">
${kpi(t.sent, String(s.sent))}${kpi(t.removed, String(s.removed))}${kpi(t.pending, String(s.pending))}${kpi(t.overdue, String(s.overdue))}
${kpi(t.median, hours(s.medianHours))}${kpi(t.p90, hours(s.p90Hours))}${kpi(t.compliance, pct(s.compliance))}${kpi(t.reuploads, String(s.reuploads))}
</div>
<div class="chart">${r.charts.outcome}</div>
<div class="chart">${r.charts.timeline}</div>
<div class="chart">${r.charts.bands}</div>
<div class="chart">${r.charts.hosts}</div>
<div class="chart">${r.charts.hostTimes}</div>
${s.sent === 0 ? `<p class="empty">${esc(emptyText(r, t))}</p>` : ''}
<div class="end">
<table><thead><tr><th>${esc(t.host)}</th><th>${esc(t.sent)}</th><th>${esc(t.removed)}</th><th>${esc(
    t.pending,
  )}</th><th>${esc(t.columns.compliance)}</th><th>${esc(t.columns.median)}</th><th>${esc(
    t.columns.p90,
  )}</th></tr></thead>
<tbody>${rows}</tbody></table>
<p class="note">${esc(t.definitions)} ${esc(t.days(r.timeZone))}${
    s.removedBeforeSending ? ` ${esc(t.removedBeforeSending)}: ${s.removedBeforeSending}.` : ''
  }</p>
</div>
${
  anchor
    ? `<p class="note anchor">${esc(t.auditAnchor(anchor.count))}: <span class="mono">${esc(anchor.head)}</span></p>`
    : ''
}
</body></html>`;
}
