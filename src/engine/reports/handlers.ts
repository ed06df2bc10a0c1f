/**
 * Contract handlers of the period report: the figures and charts on screen, and the PDF (audited
 * with its period and language; a report holds hosts and counts, never a case or a victim).
 */
import { readAnchor } from '../audit/anchor';
import { audit } from '../audit/record';
import { asyncHandler, type HandlerMap } from '../core/context';
import { periodReport } from './period';
import { reportHtml } from './report-html';
import { REPORT_STRINGS } from './strings';

export const reportHandlers: HandlerMap<'reports.period' | 'reports.pdf'> = {
  'reports.period': (input, ctx) => periodReport(ctx.db, input, ctx.now()),

  'reports.pdf': asyncHandler<'reports.pdf'>(async (input, ctx) => {
    const report = periodReport(ctx.db, input, ctx.now());
    // The audit anchor as it stands before this export's own entry (decision 0043).
    const pdf = await ctx.pdf.htmlToPdf(reportHtml(report, readAnchor(ctx.db)), {
      footerText: `${REPORT_STRINGS[input.language].title} ${input.from} – ${input.to}`,
    });
    ctx.db.transaction(() =>
      audit(ctx, 'reports.export', null, {
        from: input.from,
        to: input.to,
        language: input.language,
        sent: report.totals.sent,
      }),
    )();
    return {
      fileName: `jium-report-${input.from}-${input.to}-${input.language}.pdf`,
      mimeType: 'application/pdf',
      data: pdf.toString('base64'),
    };
  }),
};
