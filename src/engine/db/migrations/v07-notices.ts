import type { Migration } from './types';

/**
 * Notices (issue 8): the templates a centre edited or added, and its contact details.
 *
 * - `notice_templates`: one row per (language, route) the centre changed or added. Built-in
 *   templates (ko, en, ja, zh × ncii, copyright) live in code; a missing row means "the built-in
 *   one", so reset to default deletes the row and a new Jium's improved defaults reach every centre
 *   that did not edit them. Plain text with placeholders, never HTML (documents/template.ts).
 * - `notice_centre`: one row — the centre's name, address, e-mail, phone, website and signatory,
 *   printed on every notice. Never anything about a victim.
 */
export const migrationNotices: Migration = {
  version: 7,
  name: 'notices',
  up: (db) => {
    db.exec(`
      CREATE TABLE notice_templates (
        language TEXT NOT NULL,
        route TEXT NOT NULL CHECK (route IN ('ncii', 'copyright')),
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        PRIMARY KEY (language, route)
      ) STRICT;

      CREATE TABLE notice_centre (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        website TEXT NOT NULL DEFAULT '',
        signatory TEXT NOT NULL DEFAULT '',
        updated_at TEXT
      ) STRICT;
      INSERT INTO notice_centre (id) VALUES (1);
    `);
  },
};
