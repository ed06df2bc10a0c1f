/**
 * A crawled image's fingerprint as a crawl worker sends it to the centre server (decision 0112):
 * JSON, with every byte array (hashes, the grey working image the verification stage reads) as
 * base64, and the candidate's ORB features the worker computed ahead (decision 0113) in the case
 * file's features format. The server checks the shape before it decides with it, and uses it only
 * for the bytes whose SHA-256 it names; features that do not check are dropped, and the server
 * computes its own.
 */
import type { Features, Fingerprint } from '../fingerprint';
import { decodeFeatures, encodeFeatures } from '../fingerprint';
import { checkCandidateFeatures } from '../fingerprint/candidate-features';

const BYTES = '$b64';

/** The fingerprint as text. */
export function encodeFingerprint(fp: Fingerprint): string {
  return JSON.stringify(fp, function (this: unknown, key, value: unknown) {
    if (this === fp && key === 'local' && fp.local) {
      const { firstLook, mirrored, upright } = fp.local;
      return {
        ...(firstLook ? { firstLook: encodeFeatures(firstLook) } : {}),
        ...(mirrored ? { mirrored: encodeFeatures(mirrored) } : {}),
        ...(upright ? { upright: encodeFeatures(upright) } : {}),
      };
    }
    return value instanceof Uint8Array ? { [BYTES]: Buffer.from(value).toString('base64') } : value;
  });
}

const isBytes = (v: unknown, length?: number): v is Uint8Array =>
  v instanceof Uint8Array && (length === undefined || v.length === length);

/** Reads what {@link encodeFingerprint} wrote; null for anything else. */
export function decodeFingerprint(text: string): Fingerprint | null {
  let fp: Fingerprint;
  try {
    fp = JSON.parse(text, (_key, value: unknown) => {
      const b64 = (value as Record<string, unknown> | null)?.[BYTES];
      return typeof b64 === 'string' ? new Uint8Array(Buffer.from(b64, 'base64')) : value;
    }) as Fingerprint;
  } catch {
    return null;
  }
  const ok =
    typeof fp?.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(fp.sha256) &&
    isBytes(fp.pdq?.hash, 32) &&
    typeof fp.pdq.quality === 'number' &&
    isBytes(fp.blockhash?.hash) &&
    typeof fp.lowQuality === 'boolean' &&
    Array.isArray(fp.variants) &&
    fp.variants.every((v) => isBytes(v?.hash) && typeof v.algo === 'string') &&
    (fp.work === undefined ||
      (isBytes(fp.work.grey, fp.work.width * fp.work.height) && fp.work.width > 0));
  if (!ok) return null;
  const local = fp.work && localFeatures(fp.local, fp.work);
  if (local) fp.local = local;
  else delete fp.local;
  return fp;
}

/** The worker's features as sent, or undefined when any of them does not check. */
function localFeatures(sent: unknown, work: NonNullable<Fingerprint['work']>) {
  const { firstLook, mirrored, upright } = (sent ?? {}) as Record<string, unknown>;
  const read = (v: unknown): Features | undefined | null => {
    if (v === undefined) return undefined;
    if (!isBytes(v)) return null;
    try {
      return decodeFeatures(v);
    } catch {
      return null;
    }
  };
  const local = { firstLook: read(firstLook), mirrored: read(mirrored), upright: read(upright) };
  if (Object.values(local).includes(null)) return undefined;
  if (!local.firstLook && !local.upright) return undefined;
  return checkCandidateFeatures(
    {
      ...(local.firstLook ? { firstLook: local.firstLook } : {}),
      ...(local.mirrored ? { mirrored: local.mirrored } : {}),
      ...(local.upright ? { upright: local.upright } : {}),
    },
    work,
  );
}
