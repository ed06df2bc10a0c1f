/**
 * SQL by construction (issue 14, decision 0093): a query is written as a `sql` tagged template, so
 * every interpolated value becomes a bound parameter and never part of the SQL text. Identifiers —
 * the one thing that cannot be a parameter — enter only through `sqlId`, which takes a name from
 * an allow-list the caller states; other queries can be nested (`sql` inside `sql`) and lists of
 * values spread with `sqlList`. The row type is carried by the query (`sql<DbUser>`), so `get`,
 * `all` and `iterate` return it without a cast at each call.
 *
 * Each table is written by one domain's query module (its `queries.ts` or the like); other domains
 * call those functions rather than writing the table themselves.
 */
import type Database from 'better-sqlite3';

/** What may be bound to a placeholder (better-sqlite3 refuses booleans and undefined). */
export type SqlValue = string | number | bigint | Buffer | Uint8Array | null;

const QUERY = Symbol('sql.query');
const IDENTIFIER = Symbol('sql.identifier');

/** A parameterised query: SQL text with `?` placeholders and the values bound to them. */
export interface Query<Row = unknown> {
  readonly [QUERY]: true;
  readonly text: string;
  readonly params: readonly SqlValue[];
  /** Carries the row type only; never set. */
  readonly row?: Row;
}

/** A table or column name checked against an allow-list (see `sqlId`). */
export interface SqlIdentifier {
  readonly [IDENTIFIER]: true;
  readonly quoted: string;
}

/** What a `sql` template may interpolate. */
export type SqlPart = SqlValue | SqlIdentifier | Query<unknown>;

const isQuery = (v: unknown): v is Query<unknown> =>
  typeof v === 'object' && v !== null && QUERY in v;
const isIdentifier = (v: unknown): v is SqlIdentifier =>
  typeof v === 'object' && v !== null && IDENTIFIER in v;

/**
 * Builds a query from a template literal: `sql<DbUser>\`SELECT * FROM users WHERE id = ${id}\``.
 * Values become `?` parameters; `sqlId(…)` identifiers and nested queries are spliced in.
 */
export function sql<Row = unknown>(
  strings: TemplateStringsArray,
  ...parts: readonly SqlPart[]
): Query<Row> {
  // A template literal's strings carry `raw`; a plain array passed by hand would not.
  if (!Array.isArray((strings as { raw?: unknown }).raw)) {
    throw new TypeError('sql is a tagged template: write sql`…`, not sql(text)');
  }
  let text = strings[0]!;
  const params: SqlValue[] = [];
  parts.forEach((part, i) => {
    if (isQuery(part)) {
      text += part.text;
      params.push(...part.params);
    } else if (isIdentifier(part)) {
      text += part.quoted;
    } else if (typeof part === 'boolean' || part === undefined) {
      throw new TypeError(`sql: parameter ${i + 1} is ${String(part)}; bind 1/0 or null instead`);
    } else {
      text += '?';
      params.push(part);
    }
    text += strings[i + 1]!;
  });
  return { [QUERY]: true, text, params };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * An identifier from an allow-list: `sqlId(column, ['name', 'created_at'])`. Throws when `name` is
 * not in the list (or is not a plain SQL name), so a caller's input can never name anything else.
 */
export function sqlId<const T extends string>(name: T, allowed: readonly T[]): SqlIdentifier {
  if (!allowed.includes(name) || !NAME.test(name)) {
    throw new TypeError(`sql: ${JSON.stringify(name)} is not an allowed identifier`);
  }
  return { [IDENTIFIER]: true, quoted: `"${name}"` };
}

/** Values as a comma-separated list of parameters, for `IN (${sqlList(ids)})`; never empty. */
export function sqlList(values: readonly SqlValue[]): Query<never> {
  if (values.length === 0) throw new TypeError('sql: an empty list cannot follow IN');
  return { [QUERY]: true, text: values.map(() => '?').join(', '), params: [...values] };
}

/** Queries joined by `separator` (a fixed piece of SQL such as ' AND '). */
export function sqlJoin(
  queries: readonly Query<unknown>[],
  separator: ', ' | ' AND ' | ' OR ',
): Query<never> {
  return {
    [QUERY]: true,
    text: queries.map((q) => q.text).join(separator),
    params: queries.flatMap((q) => q.params),
  };
}

/** The first row, or undefined. */
export function get<Row>(db: Database.Database, q: Query<Row>): Row | undefined {
  return db.prepare(q.text).get(...q.params) as Row | undefined;
}

/** Every row. */
export function all<Row>(db: Database.Database, q: Query<Row>): Row[] {
  return db.prepare(q.text).all(...q.params) as Row[];
}

/** The rows one at a time (large tables: the audit log). */
export function iterate<Row>(db: Database.Database, q: Query<Row>): IterableIterator<Row> {
  return db.prepare(q.text).iterate(...q.params) as IterableIterator<Row>;
}

/** Runs a statement that returns no rows. */
export function run(db: Database.Database, q: Query<unknown>): Database.RunResult {
  return db.prepare(q.text).run(...q.params);
}

/**
 * Runs one statement per item, prepared once (hundreds of frame hashes, say): `build` must give
 * the same SQL text for every item, with only its parameters changing. Returns the rows changed.
 */
export function runEach<T>(
  db: Database.Database,
  items: Iterable<T>,
  build: (item: T) => Query<unknown>,
): number {
  let statement: Database.Statement | undefined;
  let text = '';
  let changes = 0;
  for (const item of items) {
    const q = build(item);
    if (statement === undefined) {
      statement = db.prepare(q.text);
      text = q.text;
    } else if (q.text !== text) {
      throw new TypeError('sql: runEach needs the same statement for every item');
    }
    changes += statement.run(...q.params).changes;
  }
  return changes;
}

/**
 * A connection's statements prepared once each and kept for the caller's loop (an import writes
 * millions of rows through three INSERTs in turn, which `runEach` cannot): `run` and `get` take
 * `sql` queries as the plain functions do.
 */
export function preparedOnce(db: Database.Database): {
  run: (q: Query<unknown>) => Database.RunResult;
  get: <Row>(q: Query<Row>) => Row | undefined;
} {
  const cache = new Map<string, Database.Statement>();
  const statement = (q: Query<unknown>) => {
    let s = cache.get(q.text);
    if (!s) cache.set(q.text, (s = db.prepare(q.text)));
    return s;
  };
  return {
    run: (q) => statement(q).run(...q.params),
    get: <Row>(q: Query<Row>) => statement(q).get(...q.params) as Row | undefined,
  };
}
