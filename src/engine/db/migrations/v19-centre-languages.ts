import type { Migration } from './types';

/**
 * Issue 17 item 11: the centre's name, address and signatory per language, so a Korean notice is
 * signed in Korean and an English one in English. `notice_centre` keeps the details used for any
 * language without its own row (and the e-mail, phone, website and time zone, which do not
 * change with the language).
 */
export const migrationCentreLanguages: Migration = {
  version: 19,
  name: 'centre-languages',
  up(db) {
    db.exec(`
      CREATE TABLE notice_centre_languages (
        language TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        address TEXT NOT NULL,
        signatory TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
