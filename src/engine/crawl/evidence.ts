/**
 * Where the evidence of a match goes: the matched image and the page snapshot are sealed with the
 * case's own key (AES-256-GCM), so deleting the case destroys them with its key (crypto-shredding)
 * like the case's reference originals. The crawler only sees this seam; the key source is the
 * host's (case keys unwrapped by the key vault of issue 5, handed to the crawl worker).
 */
import { createCipheriv, randomBytes } from 'node:crypto';

/** What a piece of evidence is; part of the authenticated data, so blobs cannot be swapped. */
export type EvidenceKind = 'image' | 'snapshot' | 'warc';

export interface EvidenceStore {
  /**
   * Seals evidence for a case. `binding` names what it belongs to (e.g. the match's page URL and
   * image SHA-256) and is authenticated with it. Returns null when the case's key is not at hand,
   * in which case the match is recorded with its hashes and URLs but without the kept bytes.
   */
  seal(caseId: number, kind: EvidenceKind, bytes: Uint8Array, binding: string): Buffer | null;
}

const VERSION = 1;

/** The authenticated data of an evidence blob. */
export function evidenceAad(caseId: number, kind: EvidenceKind, binding: string): string {
  return `jium/crawl-evidence/v1/case/${caseId}/${kind}/${binding}`;
}

/**
 * Seals with per-case keys held in memory: [version 1 byte][IV 12][tag 16][ciphertext], the same
 * layout as the case vault's sealed blobs.
 */
export function keyedEvidenceStore(keys: ReadonlyMap<number, Buffer>): EvidenceStore {
  return {
    seal(caseId, kind, bytes, binding) {
      const key = keys.get(caseId);
      if (!key) return null;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(evidenceAad(caseId, kind, binding)));
      const body = Buffer.concat([cipher.update(bytes), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
  };
}

/** Keeps nothing (no case keys available): matches still carry hashes, URLs and headers. */
export const NO_EVIDENCE_STORE: EvidenceStore = { seal: () => null };
