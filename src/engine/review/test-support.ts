/**
 * Test and bench support: records crawl matches the way the crawler does (through the one door,
 * matches/recordMatch, evidence sealed with the case key and its binding), so the review triggers
 * fill the queue exactly as in a real crawl. Images are benign generated pictures.
 */
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { caseKey } from '../cases/sealing';
import { noiseJpeg, type TestEngine } from '../cases/test-support';
import type { KeyVault } from '../crypto/key-vault';
import { keyedEvidenceStore } from '../crawl/evidence';
import { recordMatch } from '../matches';

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
      return recordMatch(db, {
        found: {
          kind: 'image',
          runId: null,
          siteId: m.siteId ?? null,
          pageUrl: m.pageUrl,
          url: `${new URL(m.pageUrl).origin}/img/${sha.slice(0, 12)}.jpg`,
          sha256: sha,
          foundAt: m.foundAt ?? new Date().toISOString(),
          httpStatus: 200,
          httpHeaders: {},
          redirectChain: [],
          serverIp: '127.0.0.1',
        },
        target: { source: 'case-image', caseId: m.caseId, referenceImageId: m.referenceImageId },
        evidence: {
          algo: m.algo ?? 'pdq',
          distance: m.distance ?? 10,
          transform: m.transform ?? 'identity',
        },
        sealed: {
          image: doSeal ? evidence.seal(m.caseId, 'image', m.image, binding) : null,
          snapshot:
            snapshot && doSeal
              ? evidence.seal(m.caseId, 'snapshot', snapshot.bytes, binding)
              : null,
          snapshotKind: snapshot && doSeal ? (snapshot.kind as 'png' | 'html') : null,
        },
      });
    }),
  )();
}

/** The test engine's key vault (seeded evidence is sealed with its case keys). */
export const vaultOf = (t: TestEngine): KeyVault =>
  (t.engine as unknown as { vault: KeyVault }).vault;

/** A case and its reference picture, the target of seeded matches. */
export interface SeedTarget {
  caseId: number;
  code: string;
  refId: number;
}

/**
 * A case that may be searched and taken down, with one reference picture (benign noise), made
 * by the counsellor through the contract: where the review and export tests start.
 */
export async function caseWithReference(t: TestEngine): Promise<SeedTarget> {
  const c = await t.ok('counsellor', 'cases.create', {
    identity: { name: 'Fictional', contact: '', notes: '' },
    consent: { searchWeb: true, fileTakedowns: true, storage: 'originals' },
  });
  const added = await t.ok('counsellor', 'images.add', {
    caseId: c.id,
    fileName: 'ref.jpg',
    data: (await noiseJpeg(1)).toString('base64'),
  });
  if (added.status !== 'added') throw new Error('reference not added');
  return { caseId: c.id, code: c.code, refId: added.image.id };
}

/** seedMatches for one case's reference picture. */
export function seedCaseMatches(
  t: TestEngine,
  target: SeedTarget,
  matches: Omit<SeedMatch, 'caseId' | 'referenceImageId'>[],
): (number | null)[] {
  return seedMatches(
    t.engine.db,
    vaultOf(t),
    matches.map((m) => ({ caseId: target.caseId, referenceImageId: target.refId, ...m })),
  );
}
