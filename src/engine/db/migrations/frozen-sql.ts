/**
 * Pieces of SQL that more than one migration writes. Frozen like the migrations themselves: a
 * migration must make the same schema on every file it ever runs on, so nothing here may change
 * once a migration that uses it has shipped — a new formula is a new function.
 */
import type Database from 'better-sqlite3';

/** The host of a page URL in SQL: what lies between `://` and the next `/` (port included). */
export const hostSql = (url: string) => {
  const rest = `substr(${url}, instr(${url}, '://') + 3)`;
  return `lower(CASE WHEN instr(${rest}, '/') > 0 THEN substr(${rest}, 1, instr(${rest}, '/') - 1)
    ELSE ${rest} END)`;
};

/**
 * Before a parent table is dropped inside a migration (foreign keys on, ON DELETE firing): copies
 * every table that refers to `parent` aside and empties it, except those named; the function it
 * returns fills them again from their copies (each row checked by the constraints on the way in).
 */
export function setChildrenAside(
  db: Database.Database,
  parent: string,
  except: readonly string[],
): () => void {
  const children = db
    .prepare<[string, string], { name: string }>(
      `SELECT DISTINCT t.name FROM sqlite_master t, pragma_foreign_key_list(t.name) f
        WHERE t.type = 'table' AND f."table" = ? AND t.name NOT IN (SELECT value FROM json_each(?))
        ORDER BY t.name`,
    )
    .all(parent, JSON.stringify(except))
    .map((r) => r.name);
  for (const [i, name] of children.entries()) {
    db.exec(`CREATE TEMP TABLE aside_${i} AS SELECT * FROM "${name}"; DELETE FROM "${name}";`);
  }
  return () => {
    for (const [i, name] of children.entries()) {
      db.exec(`INSERT INTO "${name}" SELECT * FROM aside_${i}; DROP TABLE aside_${i};`);
    }
  };
}
