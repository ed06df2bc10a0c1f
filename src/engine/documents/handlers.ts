/**
 * Contract handlers of notices and exports. Every notice and every export is an audit event
 * (what, how many, which host — never content); template and centre edits are audited too.
 */
import type { NoticePreview } from '../../shared/notices-types';
import { audit } from '../audit/record';
import { asyncHandler, type HandlerMap } from '../core/context';
import { builtInTemplate } from './default-templates';
import { exportFile, loadExportRequests } from './export-requests';
import { attachEvidence, composeNotice, noticeDate, noticeDocumentHtml } from './notice';
import {
  assertValidTemplate,
  findTemplate,
  centreIn,
  getCentre,
  listTemplates,
  resetTemplate,
  saveCentre,
  saveTemplate,
} from './template-store';
import { fillText, renderTemplate } from './template';
import { ApiError } from '../../shared/errors';

export const noticeHandlers: HandlerMap<
  | 'notices.templates'
  | 'notices.saveTemplate'
  | 'notices.resetTemplate'
  | 'notices.preview'
  | 'notices.centre'
  | 'notices.saveCentre'
  | 'notices.pdf'
  | 'notices.exportRequests'
> = {
  'notices.templates': (_input, ctx) => listTemplates(ctx.db),

  'notices.saveTemplate': (input, ctx) => {
    const saved = saveTemplate(ctx.db, input, ctx.session!.userId, ctx.now());
    audit(
      ctx,
      'notices.template.save',
      { type: 'notice-template', id: `${input.language}/${input.route}` },
      {
        language: input.language,
        route: input.route,
        builtIn: saved.builtIn,
      },
    );
    return saved;
  },

  'notices.resetTemplate': (input, ctx) => {
    const result = resetTemplate(ctx.db, input.language, input.route);
    audit(
      ctx,
      'notices.template.reset',
      { type: 'notice-template', id: `${input.language}/${input.route}` },
      {
        language: input.language,
        route: input.route,
        removed: result === null,
      },
    );
    return result;
  },

  'notices.preview': (input, ctx): NoticePreview => {
    const stored =
      findTemplate(ctx.db, input.language, input.route) ?? builtInTemplate('en', input.route)!;
    const body = input.body ?? stored.body;
    const subject = input.subject ?? stored.subject;
    assertValidTemplate(body, subject);
    const centre = centreIn(getCentre(ctx.db), input.language);
    const now = ctx.now();
    const values = {
      date: noticeDate(input.language, now),
      reference: `JIUM-${now.toISOString().slice(0, 10).replace(/-/g, '')}-1`,
      platform: 'Example Platform',
      host: 'images.example.com',
      count: '2',
      serviceLevelHours: '48',
      'centre.name': centre.name,
      'centre.address': centre.address,
      'centre.email': centre.email,
      'centre.phone': centre.phone,
      'centre.website': centre.website,
      'centre.signatory': centre.signatory,
    };
    return { subject: fillText(subject, values), blocks: renderTemplate(body, values) };
  },

  'notices.centre': (_input, ctx) => getCentre(ctx.db),

  'notices.saveCentre': (input, ctx) => {
    const saved = saveCentre(ctx.db, input, ctx.now());
    audit(ctx, 'notices.centre.save', { type: 'notice-centre', id: 1 });
    return saved;
  },

  'notices.pdf': asyncHandler<'notices.pdf'>(async (input, ctx) => {
    const now = ctx.now();
    const notice = composeNotice(ctx.db, input, now);
    if (input.includeEvidence) await attachEvidence(ctx, notice);
    const pdf = await ctx.pdf.htmlToPdf(noticeDocumentHtml(notice), {
      footerText: notice.reference,
    });
    ctx.db.transaction(() =>
      audit(
        ctx,
        'notices.export',
        { type: 'takedown-host', id: notice.host },
        {
          requests: notice.document.items.length,
          requestIds: input.requestIds.slice(0, 100).join(','),
          language: notice.language,
          route: notice.route,
          evidence: input.includeEvidence,
          reference: notice.reference,
        },
      ),
    )();
    const day = now.toISOString().slice(0, 10);
    const safeHost = notice.host.replace(/[^a-z0-9.-]/gi, '_');
    return {
      fileName: `notice-${safeHost}-${notice.language}-${notice.route}-${day}.pdf`,
      mimeType: 'application/pdf',
      data: pdf.toString('base64'),
      count: notice.document.items.length,
    };
  }),

  'notices.exportRequests': (input, ctx) => {
    const now = ctx.now();
    const requests = loadExportRequests(ctx.db, input, now);
    if (input.requestIds?.length) {
      const found = new Set(requests.map((r) => r.id));
      const missing = input.requestIds.filter((id) => !found.has(id));
      if (missing.length && !input.states?.length && !input.host)
        throw new ApiError('not-found', `There is no takedown request ${missing.join(', ')}.`);
    }
    const file = exportFile(requests, input.format, now);
    audit(ctx, 'takedowns.export', null, {
      format: input.format,
      requests: requests.length,
      ...(input.host ? { host: input.host } : {}),
      ...(input.states?.length ? { states: input.states.join(',') } : {}),
    });
    return file;
  },
};
