/**
 * Templates and centre details in the case file (migration 7). A stored row overrides the built-in
 * template of its language and route; languages without a built-in exist only as rows.
 */
import type Database from 'better-sqlite3';
import { ApiError } from '../../shared/errors';
import {
  NOTICE_ROUTES,
  type CentreContact,
  type CentreLocalized,
  type NoticeRoute,
  type NoticeTemplateInfo,
} from '../../shared/notices-types';
import { all, get, run, runEach, sql } from '../db/sql';
import { BUILT_IN, builtInTemplate, type TemplateText } from './default-templates';
import { problemText, templateProblems } from './template';

interface DbTemplate {
  language: string;
  route: NoticeRoute;
  subject: string;
  body: string;
  updated_at: string;
}

function info(
  language: string,
  route: NoticeRoute,
  row: DbTemplate | undefined,
): NoticeTemplateInfo {
  const builtIn = builtInTemplate(language, route);
  const text = row ?? builtIn;
  if (!text) throw new ApiError('not-found', `There is no ${route} template in ${language}.`);
  return {
    language,
    route,
    subject: text.subject,
    body: text.body,
    builtIn: builtIn !== null,
    customised:
      row !== undefined &&
      (!builtIn || row.subject !== builtIn.subject || row.body !== builtIn.body),
    updatedAt: row?.updated_at ?? null,
  };
}

function row(db: Database.Database, language: string, route: NoticeRoute): DbTemplate | undefined {
  return get(
    db,
    sql<DbTemplate>`SELECT language, route, subject, body, updated_at FROM notice_templates
                     WHERE language = ${language} AND route = ${route}`,
  );
}

/** Every template: the built-in languages first (ko, en, ja, zh), then added ones. */
export function listTemplates(db: Database.Database): NoticeTemplateInfo[] {
  const rows = all(
    db,
    sql<DbTemplate>`SELECT language, route, subject, body, updated_at FROM notice_templates
                     ORDER BY language, route`,
  );
  const stored = new Map(rows.map((r) => [`${r.language}/${r.route}`, r]));
  const languages = [...Object.keys(BUILT_IN)];
  for (const r of rows) if (!languages.includes(r.language)) languages.push(r.language);
  const out: NoticeTemplateInfo[] = [];
  for (const language of languages) {
    for (const route of NOTICE_ROUTES) {
      const r = stored.get(`${language}/${route}`);
      if (r || builtInTemplate(language, route)) out.push(info(language, route, r));
    }
  }
  return out;
}

/** The template to use for a language and route: stored, else built-in, else null. */
export function findTemplate(
  db: Database.Database,
  language: string,
  route: NoticeRoute,
): TemplateText | null {
  return row(db, language, route) ?? builtInTemplate(language, route);
}

/**
 * Refuses a template with unknown placeholders or without {{items}}, and a subject with unknown
 * or block placeholders (a subject is one line of text).
 */
export function assertValidTemplate(body: string, subject = ''): void {
  const issues = [
    ...templateProblems(subject)
      .filter((p) => p.code !== 'missing-items')
      .map((p) => ({ path: 'subject', message: `Subject: ${problemText(p)}` })),
    ...templateProblems(body).map((p) => ({ path: 'body', message: problemText(p) })),
  ];
  if (issues.length) {
    throw new ApiError('validation', issues.map((i) => i.message).join(' '), issues);
  }
}

export function saveTemplate(
  db: Database.Database,
  t: { language: string; route: NoticeRoute; subject: string; body: string },
  userId: number,
  now: Date,
): NoticeTemplateInfo {
  assertValidTemplate(t.body, t.subject);
  run(
    db,
    sql`INSERT INTO notice_templates (language, route, subject, body, updated_at, updated_by)
        VALUES (${t.language}, ${t.route}, ${t.subject}, ${t.body}, ${now.toISOString()}, ${userId})
        ON CONFLICT (language, route) DO UPDATE SET subject = excluded.subject,
          body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  return info(t.language, t.route, row(db, t.language, t.route));
}

/**
 * Back to the built-in template (the stored row is deleted). For a language without a built-in,
 * this removes the template; returns null then.
 */
export function resetTemplate(
  db: Database.Database,
  language: string,
  route: NoticeRoute,
): NoticeTemplateInfo | null {
  const deleted = run(
    db,
    sql`DELETE FROM notice_templates WHERE language = ${language} AND route = ${route}`,
  ).changes;
  if (builtInTemplate(language, route)) return info(language, route, undefined);
  if (deleted === 0)
    throw new ApiError('not-found', `There is no ${route} template in ${language}.`);
  return null;
}

export function getCentre(db: Database.Database): CentreContact {
  const base = get(
    db,
    sql<Omit<CentreContact, 'localized'>>`SELECT name, address, email, phone, website, signatory,
        time_zone AS timeZone FROM notice_centre WHERE id = 1`,
  )!;
  const rows = all(
    db,
    sql<CentreLocalized & { language: string }>`SELECT language, name, address, signatory
      FROM notice_centre_languages ORDER BY language`,
  );
  const localized: Record<string, CentreLocalized> = {};
  for (const { language, ...fields } of rows) localized[language] = fields;
  return { ...base, localized };
}

/**
 * The centre as a notice in `language` signs it: that language's name, address and signatory
 * where given (else its base language's, 'zh' for 'zh-TW'), the default details otherwise.
 */
export function centreIn(centre: CentreContact, language: string): CentreContact {
  const own = centre.localized[language] ?? centre.localized[language.split('-')[0] ?? ''];
  if (!own) return centre;
  return {
    ...centre,
    name: own.name || centre.name,
    address: own.address || centre.address,
    signatory: own.signatory || centre.signatory,
  };
}

/** Saves the centre's details; a time zone left out keeps the saved one. */
export function saveCentre(
  db: Database.Database,
  c: Omit<CentreContact, 'timeZone' | 'localized'> & {
    timeZone?: string | undefined;
    localized?: Record<string, CentreLocalized> | undefined;
  },
  now: Date,
): CentreContact {
  if (c.localized) {
    run(db, sql`DELETE FROM notice_centre_languages`);
    const at = now.toISOString();
    runEach(
      db,
      Object.entries(c.localized).filter(([, l]) => l.name || l.address || l.signatory),
      ([language, l]) =>
        sql`INSERT INTO notice_centre_languages (language, name, address, signatory, updated_at)
            VALUES (${language}, ${l.name}, ${l.address}, ${l.signatory}, ${at})`,
    );
  }
  run(
    db,
    sql`UPDATE notice_centre SET name = ${c.name}, address = ${c.address}, email = ${c.email},
          phone = ${c.phone}, website = ${c.website}, signatory = ${c.signatory},
          time_zone = COALESCE(${c.timeZone ?? null}, time_zone), updated_at = ${now.toISOString()}
        WHERE id = 1`,
  );
  return getCentre(db);
}
