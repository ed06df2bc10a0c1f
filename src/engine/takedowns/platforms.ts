/**
 * The registry of hosts and platforms: abuse contacts, preferred channel and notice language,
 * used to pre-fill a request when it is opened. Hosts are unique across entries.
 */
import type Database from 'better-sqlite3';
import { ApiError } from '../../shared/errors';
import {
  platformInputSchema,
  type PlatformInfo,
  type PlatformInput,
  type TakedownChannel,
} from '../../shared/takedown-types';
import { all, get, run, runEach, sql } from '../db/sql';

/**
 * SQL for the id of the registry entry that owns a request's host now (`r.host`, a request read
 * as `takedown_requests r`): the entry of the host itself or of its nearest parent domain (never
 * a bare top-level label), an address literal only itself — the rule of platformForHost().
 * Requests are read through it, so a platform registered, changed or removed after its requests
 * were opened is what every screen, notice, export and statistic shows (decision 0082).
 */
export const REQUEST_PLATFORM_ID = sql<never>`(SELECT ph.platform_id FROM takedown_platform_hosts ph
     WHERE ph.host = r.host
        OR (instr(ph.host, '.') > 0 AND r.host NOT GLOB '*:*' AND r.host GLOB '*[^0-9.]*'
            AND substr(r.host, -length(ph.host) - 1) = '.' || ph.host)
     ORDER BY length(ph.host) DESC LIMIT 1)`;

interface DbPlatform {
  id: number;
  name: string;
  abuse_email: string | null;
  form_url: string | null;
  preferred_channel: TakedownChannel;
  language: string;
  notes: string;
  hosts: string | null;
  requests: number;
}

export function listPlatforms(db: Database.Database): PlatformInfo[] {
  return all(
    db,
    sql<DbPlatform>`SELECT p.*,
              (SELECT group_concat(host, ' ') FROM takedown_platform_hosts h
                WHERE h.platform_id = p.id) AS hosts,
              (SELECT COUNT(*) FROM takedown_requests r WHERE ${REQUEST_PLATFORM_ID} = p.id)
                AS requests
         FROM takedown_platforms p ORDER BY p.name COLLATE NOCASE`,
  ).map((p) => ({
    id: p.id,
    name: p.name,
    hosts: p.hosts ? p.hosts.split(' ').sort() : [],
    abuseEmail: p.abuse_email,
    formUrl: p.form_url,
    preferredChannel: p.preferred_channel,
    language: p.language,
    notes: p.notes,
    requests: p.requests,
  }));
}

export function getPlatform(db: Database.Database, id: number): PlatformInfo {
  const p = listPlatforms(db).find((x) => x.id === id);
  if (!p) throw new ApiError('not-found', 'There is no such platform.');
  return p;
}

function conflict(e: unknown): never {
  if (e instanceof Error && /UNIQUE constraint failed: takedown_platforms.name/.test(e.message))
    throw new ApiError(
      'conflict',
      'A platform with this name exists already.',
      [{ path: 'platform.name', message: 'taken', code: 'taken' }],
      'platform-name-taken',
    );
  throw e;
}

function setHosts(db: Database.Database, id: number, hosts: readonly string[]): void {
  const unique = [...new Set(hosts)];
  for (const host of unique) {
    const other = get(
      db,
      sql<{ name: string }>`SELECT p.name FROM takedown_platform_hosts h
          JOIN takedown_platforms p ON p.id = h.platform_id
         WHERE h.host = ${host} AND h.platform_id <> ${id}`,
    );
    if (other) {
      throw new ApiError(
        'conflict',
        `The host ${host} belongs to ${other.name} already.`,
        [
          {
            path: 'platform.hosts',
            message: `${host} belongs to ${other.name}`,
            code: 'taken',
            params: { value: host, owner: other.name },
          },
        ],
        'host-taken',
      );
    }
  }
  run(db, sql`DELETE FROM takedown_platform_hosts WHERE platform_id = ${id}`);
  runEach(
    db,
    unique,
    (host) => sql`INSERT INTO takedown_platform_hosts (host, platform_id) VALUES (${host}, ${id})`,
  );
}

export function createPlatform(db: Database.Database, input: PlatformInput, now: Date): number {
  const p = platformInputSchema.parse(input);
  const at = now.toISOString();
  let id: number;
  try {
    id = Number(
      run(
        db,
        sql`INSERT INTO takedown_platforms (name, abuse_email, form_url, preferred_channel,
              language, notes, created_at, updated_at)
            VALUES (${p.name}, ${p.abuseEmail}, ${p.formUrl}, ${p.preferredChannel},
              ${p.language}, ${p.notes}, ${at}, ${at})`,
      ).lastInsertRowid,
    );
  } catch (e) {
    conflict(e);
  }
  setHosts(db, id, p.hosts);
  return id;
}

export function updatePlatform(
  db: Database.Database,
  id: number,
  input: PlatformInput,
  now: Date,
): void {
  const p = platformInputSchema.parse(input);
  let changes: number;
  try {
    changes = run(
      db,
      sql`UPDATE takedown_platforms SET name = ${p.name}, abuse_email = ${p.abuseEmail},
            form_url = ${p.formUrl}, preferred_channel = ${p.preferredChannel},
            language = ${p.language}, notes = ${p.notes}, updated_at = ${now.toISOString()}
          WHERE id = ${id}`,
    ).changes;
  } catch (e) {
    conflict(e);
  }
  if (!changes) throw new ApiError('not-found', 'There is no such platform.');
  setHosts(db, id, p.hosts);
}

export function deletePlatform(db: Database.Database, id: number): void {
  const { changes } = run(db, sql`DELETE FROM takedown_platforms WHERE id = ${id}`);
  if (!changes) throw new ApiError('not-found', 'There is no such platform.');
}
