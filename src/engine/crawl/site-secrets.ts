/**
 * A crawl site's login secrets — the Cookie header and the values of its extra headers — sealed
 * with the case file's master key (decision 0080). Only their names are kept in clear, for the UI
 * ("set", replace, clear); the values leave the engine only towards the site they belong to.
 */
import type Database from 'better-sqlite3';
import type { SiteConfig, SiteSecretNames } from '../../shared/crawl-types';
import type { KeyVault } from '../crypto/key-vault';

/** What is sealed for one site. */
export interface SiteSecrets {
  headers: Record<string, string>;
  cookies: string;
}

const NONE: SiteSecretNames = { headers: [], cookies: false };

const purpose = (siteId: number) => `crawl-site/${siteId}`;

/** The configuration without its secrets, and the secrets (null when there are none). */
export function splitSecrets(config: SiteConfig): {
  config: SiteConfig;
  secrets: SiteSecrets | null;
} {
  const has = config.cookies !== '' || Object.keys(config.headers).length > 0;
  return {
    config: { ...config, headers: {}, cookies: '' },
    secrets: has ? { headers: { ...config.headers }, cookies: config.cookies } : null,
  };
}

export function namesOf(secrets: SiteSecrets | null): SiteSecretNames {
  return secrets
    ? { headers: Object.keys(secrets.headers).sort(), cookies: secrets.cookies !== '' }
    : NONE;
}

/** Parses a stored secret_names column (null: nothing sealed). */
export function parseNames(text: string | null): SiteSecretNames {
  if (!text) return NONE;
  const n = JSON.parse(text) as Partial<SiteSecretNames>;
  return { headers: Array.isArray(n.headers) ? n.headers.map(String) : [], cookies: !!n.cookies };
}

/** Stores (or, with null, removes) the sealed secrets of a site. The vault must be unlocked. */
export function writeSecrets(
  db: Database.Database,
  vault: KeyVault,
  siteId: number,
  secrets: SiteSecrets | null,
): void {
  const sealed = secrets
    ? vault.sealSecret(purpose(siteId), Buffer.from(JSON.stringify(secrets), 'utf8'))
    : null;
  db.prepare('UPDATE crawl_sites SET secrets = ?, secret_names = ? WHERE id = ?').run(
    sealed,
    secrets ? JSON.stringify(namesOf(secrets)) : null,
    siteId,
  );
}

/** True when the site has sealed secrets (whether or not the vault can open them now). */
export function hasSecrets(db: Database.Database, siteId: number): boolean {
  const r = db
    .prepare('SELECT secrets IS NOT NULL AS has FROM crawl_sites WHERE id = ?')
    .get(siteId) as { has: number } | undefined;
  return r?.has === 1;
}

/** Opens a site's sealed secrets (null when it has none). The vault must be unlocked. */
export function readSecrets(
  db: Database.Database,
  vault: KeyVault,
  siteId: number,
): SiteSecrets | null {
  const r = db.prepare('SELECT secrets FROM crawl_sites WHERE id = ?').get(siteId) as
    { secrets: Buffer | null } | undefined;
  if (!r?.secrets) return null;
  return JSON.parse(vault.openSecret(purpose(siteId), r.secrets).toString('utf8')) as SiteSecrets;
}

/**
 * Opens a site's secrets for a run that is starting. With the vault locked (no passphrase) the run
 * goes on without them, and its log says why pages behind the login may be missing.
 */
export function secretsForRun(
  db: Database.Database,
  vault: Pick<KeyVault, 'unlocked'> | KeyVault | null,
  runId: number,
  siteId: number,
  now = new Date(),
): SiteSecrets | null {
  if (!hasSecrets(db, siteId)) return null;
  if (vault?.unlocked) return readSecrets(db, vault as KeyVault, siteId);
  db.prepare(
    "INSERT INTO crawl_log (run_id, at, level, code, url, message) VALUES (?, ?, 'warn', 'secrets-locked', NULL, ?)",
  ).run(
    runId,
    now.toISOString(),
    "The site's cookie and header values are sealed and the case file's key is not open: crawling without them.",
  );
  return null;
}

/** A run's configuration with the site's secrets put back (in memory only, for the fetcher). */
export function withSecrets(
  config: SiteConfig,
  secrets: SiteSecrets | null | undefined,
): SiteConfig {
  return secrets
    ? { ...config, headers: { ...secrets.headers }, cookies: secrets.cookies }
    : config;
}

/**
 * Seals the clear secrets left in site rows written before migration 8 (or by hand), once the
 * master key is open. Returns how many rows it sealed; when any, the WAL is checkpointed so the
 * clear bytes (overwritten in place: secure_delete is on) leave the files on disk at once.
 */
export function sealLegacySecrets(db: Database.Database, vault: KeyVault): number {
  if (!vault.unlocked) return 0;
  const rows = db
    .prepare(
      `SELECT id, config FROM crawl_sites
       WHERE json_extract(config, '$.cookies') <> '' OR json_extract(config, '$.headers') <> '{}'`,
    )
    .all() as { id: number; config: string }[];
  if (!rows.length) return 0;
  db.transaction(() => {
    for (const row of rows) {
      const raw = JSON.parse(row.config) as SiteConfig;
      const { config, secrets } = splitSecrets({
        ...raw,
        headers: raw.headers ?? {},
        cookies: raw.cookies ?? '',
      });
      const kept = readSecrets(db, vault, row.id);
      writeSecrets(db, vault, row.id, {
        headers: { ...kept?.headers, ...secrets?.headers },
        cookies: secrets?.cookies || kept?.cookies || '',
      });
      db.prepare('UPDATE crawl_sites SET config = ? WHERE id = ?').run(
        JSON.stringify(config),
        row.id,
      );
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  return rows.length;
}
