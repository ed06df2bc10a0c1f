/**
 * Test and bench support: records crawl matches the way the crawler does (the same INSERT into
 * crawl_matches, evidence sealed with the case key and its binding), so the review triggers fill
 * the queue exactly as in a real crawl. Images are benign generated pictures.
 */
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { KeyVault } from '../crypto/key-vault';
import { caseKey } from '../cases/sealing';
import { keyedEvidenceStore } from '../crawl/evidence';

export interface SeedMatch {
  caseId: number;
  referenceImageId: number;
  pageUrl: string;
  /** The crawled image's bytes (sealed as evidence unless `seal` is false). */
  image: Buffer;
  distance?: number;
  algo?: string;
  transform?: string;
  siteId?: number | null;
  foundAt?: string;
  seal?: boolean;
  snapshotHtml?: string;
  /** A page screenshot (browser mode) instead of HTML. */
  snapshotPng?: Buffer;
}

/** Inserts matches as the crawler's RunStore does; returns their ids (null when already there). */
export function seedMatches(
  db: Database.Database,
  vault: KeyVault,
  matches: SeedMatch[],
): (number | null)[] {
  const keys = new Map<number, Buffer>();
  for (const m of matches) {
    if (!keys.has(m.caseId)) keys.set(m.caseId, caseKey({ db, vault }, m.caseId));
  }
  const evidence = keyedEvidenceStore(keys);
  const insert = db.prepare(
    `INSERT INTO crawl_matches (run_id, site_id, case_id, reference_image_id, page_url, image_url,
       image_sha256, found_at, http_status, http_headers, redirect_chain, server_ip, distance,
       algo, transform, evidence_image, snapshot, snapshot_kind)
     VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, 200, '{}', '[]', '127.0.0.1', ?, ?, ?, ?, ?, ?)
     ON CONFLICT (page_url, image_sha256, reference_image_id) DO NOTHING`,
  );
  return db.transaction(() =>
    matches.map((m) => {
      const sha = createHash('sha256').update(m.image).digest('hex');
      const binding = `${m.pageUrl}\n${sha}\n${m.referenceImageId}`;
      const doSeal = m.seal !== false;
      const snapshot = m.snapshotPng
        ? { kind: 'png', bytes: m.snapshotPng }
        : m.snapshotHtml
          ? { kind: 'html', bytes: Buffer.from(m.snapshotHtml) }
          : null;
      const r = insert.run(
        m.siteId ?? null,
        m.caseId,
        m.referenceImageId,
        m.pageUrl,
        `${new URL(m.pageUrl).origin}/img/${sha.slice(0, 12)}.jpg`,
        sha,
        m.foundAt ?? new Date().toISOString(),
        m.distance ?? 10,
        m.algo ?? 'pdq',
        m.transform ?? 'identity',
        doSeal ? evidence.seal(m.caseId, 'image', m.image, binding) : null,
        snapshot && doSeal ? evidence.seal(m.caseId, 'snapshot', snapshot.bytes, binding) : null,
        snapshot && doSeal ? snapshot.kind : null,
      );
      return r.changes ? Number(r.lastInsertRowid) : null;
    }),
  )();
}
