/**
 * Where each sealed value of a case belongs: its AAD names the case and the field, so a ciphertext
 * moved to another row or case fails to open instead of showing the wrong victim's data.
 */
import { ApiError } from '../../shared/errors';
import type { CaseIdentity } from '../../shared/cases-types';
import { open, openText, seal, sealText } from '../crypto/aead';
import type { HandlerContext } from '../core/context';
import { getWrappedKey } from './queries';

export const aad = {
  identity: (caseId: number) => `jium/identity/v1/${caseId}`,
  timeline: (caseId: number) => `jium/timeline/v1/${caseId}`,
  fileName: (caseId: number, sha256: string) => `jium/file-name/v1/${caseId}/${sha256}`,
  original: (caseId: number, sha256: string) => `jium/original/v1/${caseId}/${sha256}`,
  videoFileName: (caseId: number, sha256: string) => `jium/video-file-name/v1/${caseId}/${sha256}`,
  /** One chunk of a video original: the chunk number is bound, so chunks cannot be reordered. */
  videoOriginal: (caseId: number, sha256: string, seq: number) =>
    `jium/video-original/v1/${caseId}/${sha256}/${seq}`,
  keyframe: (caseId: number, sha256: string, timestampS: number) =>
    `jium/video-keyframe/v1/${caseId}/${sha256}/${timestampS}`,
};

/** The unwrapped data key of a case (the vault must be unlocked: async handlers await it). */
export function caseKey(ctx: Pick<HandlerContext, 'db' | 'vault'>, caseId: number): Buffer {
  const wrapped = getWrappedKey(ctx.db, caseId);
  if (!wrapped) throw new ApiError('not-found', 'There is no such case.');
  return ctx.vault.unwrapCaseKey(caseId, wrapped);
}

export function sealIdentity(key: Buffer, caseId: number, identity: CaseIdentity): Buffer {
  return sealText(key, JSON.stringify(identity), aad.identity(caseId));
}

export function openIdentity(key: Buffer, caseId: number, sealed: Buffer): CaseIdentity {
  return JSON.parse(openText(key, sealed, aad.identity(caseId))) as CaseIdentity;
}

export { open, openText, seal, sealText };
