/** Types of accounts, audit and cases that cross the API boundary (issue 5). */
import type { Role } from './roles';

export interface AccountInfo {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  passwordChangedAt: string | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: number | null;
  actor: string;
  action: string;
  recordType: string | null;
  recordId: string | null;
  details: Record<string, string | number | boolean | null>;
  hash: string;
}

/**
 * The audit chain checked against its anchor, the entry count and head hash kept outside the log
 * (decision 0043). `finding`: `holds`; `truncated` (fewer entries than anchored: cut off the end,
 * or removed and the chain recomputed); `rewritten` (the anchored entry's hash differs, or entries
 * were added outside Jium); `forged` (the sealed anchor does not open with the file's key);
 * `missing` (the anchor row was removed). `sealed`: `checked` (the sealed copy, which cannot be
 * made without the master key, was compared), `no-key` (there is one but the key is not open:
 * only the plain copy was compared), `not-sealed` (no sealed copy: no master key ever was open).
 */
export interface AuditAnchorCheck {
  finding: 'holds' | 'truncated' | 'rewritten' | 'forged' | 'missing';
  /** The entry the finding is about (the first missing one for `truncated`), or null. */
  seq: number | null;
  /** What the plain anchor records: entries and the last entry's hash. */
  count: number;
  head: string | null;
  sealed: 'checked' | 'no-key' | 'not-sealed';
  /** In English, for the log and the CLI; empty when the anchor holds. */
  message: string;
}

export type AuditVerifyResult =
  | {
      ok: true;
      entries: number;
      firstBroken: null;
      head: string | null;
      anchor: AuditAnchorCheck;
    }
  | {
      ok: false;
      entries: number;
      firstBroken: { seq: number; reason: string };
      anchor: AuditAnchorCheck;
    };

export const CASE_STATUSES = ['open', 'monitoring', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Keep encrypted originals, or keep only their hashes (originals discarded after hashing). */
export type StorageConsent = 'originals' | 'hashes-only';

export interface ConsentInput {
  /** The victim agrees that Jium searches the web for their images. */
  searchWeb: boolean;
  /** The centre may file takedown requests on the victim's behalf. */
  fileTakedowns: boolean;
  storage: StorageConsent;
}

export interface Consent extends ConsentInput {
  recordedAt: string;
  recordedBy: { id: number; displayName: string };
}

/** What anyone signed in may see of a case: its code, never who the victim is. */
export interface CaseSummary {
  id: number;
  code: string;
  status: CaseStatus;
  assignedTo: { id: number; displayName: string } | null;
  consent: Consent;
  imageCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface ReferenceImageInfo {
  id: number;
  sha256: string;
  format: string;
  width: number;
  height: number;
  byteSize: number;
  pdq: string | null;
  pdqQuality: number | null;
  lowQuality: boolean;
  /**
   * Why copies of this picture may be hard to find, or null: `low-contrast` (dark or
   * low-contrast: found under a stricter rule, heavier edits may be missed), `flat` (almost no
   * detail: only the same file or the same pixels are found), `small` (under 32 px: likewise),
   * `inner-picture` (a page with a picture inside it: that picture on its own may be missed).
   * i18n: cases.imageGrid.hardToFind.<code>.
   */
  hardToFind: 'low-contrast' | 'flat' | 'small' | 'inner-picture' | null;
  /** An encrypted original is kept (consent 'originals'); false for hash-only images. */
  hasOriginal: boolean;
  /**
   * The file's name as the counsellor registered it, unsealed for counsellors only (it can name
   * the victim; the read is audited); null for every other role.
   */
  fileName: string | null;
  /** When the image was added (ISO 8601, UTC). */
  addedAt: string;
  /** Codes of other cases holding the same image (same SHA-256). */
  alsoIn: string[];
}

/** A reference video of a case (issue 15): its frames are hashed, never its sound. */
export interface ReferenceVideoInfo {
  id: number;
  sha256: string;
  /** The container as sniffed from the bytes: mp4, mov, webm, mkv, avi or 3gp. */
  format: string;
  durationS: number;
  width: number;
  height: number;
  byteSize: number;
  /** Sampled frames kept (vPDQ: about one a second, near-identical neighbours pruned). */
  frameCount: number;
  /** A size or duration cap stopped reading early: only the start of the video is hashed. */
  sampled: boolean;
  /** An encrypted original is kept (consent 'originals'). */
  hasOriginal: boolean;
  /** Sealed keyframes for the blurred strip (none under hash-only consent). */
  keyframeCount: number;
  /** As ReferenceImageInfo.fileName: counsellors only (audited), null for other roles. */
  fileName: string | null;
  addedAt: string;
  /** Codes of other cases holding the same video file (same SHA-256). */
  alsoIn: string[];
}

export interface CaseDetail extends CaseSummary {
  images: ReferenceImageInfo[];
  videos: ReferenceVideoInfo[];
}

export interface CaseIdentity {
  name: string;
  contact: string;
  notes: string;
}

export interface TimelineEntry {
  id: number;
  at: string;
  author: string;
  text: string;
}

/** Identity and contact timeline: counsellors only, every read audited. */
export interface CasePrivate {
  identity: CaseIdentity;
  timeline: TimelineEntry[];
}

/**
 * What registering a reference found among the images crawled before (retro-matching, decisions
 * 0048 and 0049): how many stored crawled images it was compared with, how many went to review at
 * once, and how many the crawler fetches again to decide (they reach review as it verifies them).
 * Absent when the case is not searched (no consent to web searches, or closed).
 */
export interface RetroCheck {
  checked: number;
  toReview: number;
  toVerify?: number;
}

/** The outcome of adding one file to a case; one bad file never stops the others. */
export type AddImageResult =
  | { status: 'added'; image: ReferenceImageInfo; retro?: RetroCheck }
  | { status: 'duplicate'; imageId: number; caseCode: string; message: string }
  | { status: 'rejected'; code: string; message: string };

export interface Thumbnail {
  /** A data: URL of a re-encoded (metadata-free) JPEG. */
  dataUrl: string;
  revealed: boolean;
}

/** Bytes of a video file per `videos.chunk` call (its base64 stays under the hosts' 1 MiB body). */
export const VIDEO_CHUNK_BYTES = 512 * 1024;

/** The answer to `videos.begin`: where to send the file's bytes, or why not to. */
export type VideoBeginResult =
  { status: 'ready'; uploadId: string } | { status: 'rejected'; code: string; message: string };

/**
 * The outcome of registering one video; one bad file never stops the others. Rejection codes:
 * the video engine's (not-a-video, truncated, too-large, too-long, too-many-pixels, timeout,
 * decoder-failed, no-frames, ffmpeg-missing) and `web-page` (an HTML file under a video name).
 */
export type AddVideoResult =
  | { status: 'added'; video: ReferenceVideoInfo }
  | { status: 'duplicate'; videoId: number; caseCode: string; message: string }
  | { status: 'rejected'; code: string; message: string }
  | { status: 'cancelled' };

/** Progress of one video being registered (sent only to the caller who added it). */
export interface VideoProgress {
  uploadId: string;
  phase: 'fingerprinting' | 'keyframes' | 'sealing';
  /** Seconds of the video read so far, of `totalS`. */
  doneS: number;
  totalS: number;
  /** Estimated seconds left for this file, or null before there is a rate to go by. */
  etaS: number | null;
}

/** A video's keyframe strip: blurred greyscale frames (metadata-free JPEG) with their times. */
export interface VideoStrip {
  frames: { timestampS: number; dataUrl: string }[];
}
