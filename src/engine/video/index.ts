/**
 * Video domain (issue 15): vPDQ-compatible fingerprints of videos (frames sampled about once a
 * second, PDQ and quality per frame from the image pipeline's PDQ, near-identical neighbours
 * pruned; the picture inside letterbox bars or a screen recording's page hashed too, decision
 * 0102), matching by vPDQ's query/compare percentages with the matching segments, a crop stage
 * for what no frame hash finds (ORB features of a few frames voted and verified against the
 * references' keyframes, crop-stage.ts, decision 0104), a still image found as one frame of a
 * video, one decision for every path (decide.ts: hashes, then the crop stage; decision 0122),
 * JPEG keyframes for the review strip, and the decoding that
 * feeds them: FFmpeg in a child process on a local file only, under a wall-clock and memory
 * limit, with specific error codes for hostile files; a whole fingerprint can run in a worker
 * thread of its own (off-thread.ts, worker.ts; decision 0121), its frames hashed by the process's
 * one long-lived hashing thread (frame-hasher.ts), and an mp4's stream read from its own header
 * rather than by ffprobe (iso-header.ts; decision 0125). It owns no SQL and no Electron.
 */
export { fingerprintVideoBatch, isVideoPath, splitVideoInputs } from './batch';
export type { VideoBatchResult } from './batch';
export { resolveFfmpeg } from './ffmpeg-path';
export type { FfmpegBinaries } from './ffmpeg-path';
export {
  DEFAULT_SAMPLE_EVERY_S,
  fingerprintVideo,
  HASH_MAX_SIDE,
  PRUNE_DISTANCE,
  REFERENCE_SAMPLE_EVERY_S,
} from './fingerprint-video';
export { keyframes } from './keyframes';
export { decideVideo, decisionAlgo, decisionTransform, describeDecision } from './decide';
export type { DecisionReference, VideoDecision } from './decide';
export { candidateFrames, referenceFeatureIndex } from './crop-frames';
export { fingerprintVideoOffThread, videoWorkerAvailable } from './off-thread';
export { DEFAULT_VIDEO_LIMITS } from './limits';
export { CONTENT_BOX } from './content-box';
export {
  betterVideoMatch,
  countedMoments,
  matchedSeconds,
  matchFrameToVideo,
  matchVideo,
  VIDEO_RULE,
  videoVerdict,
  VPDQ_MAX_DISTANCE,
  VPDQ_MIN_QUALITY,
} from './match';
export { sniffVideo } from '../core/sniff';
export { VIDEO_EXTENSIONS, VideoError } from './types';
export type {
  FingerprintVideoOptions,
  FrameInVideo,
  FrameVariant,
  MatchVideoOptions,
  SniffedVideo,
  VideoErrorCode,
  VideoFingerprint,
  VideoFrameHash,
  VideoLimits,
  VideoMatch,
  VideoSegment,
} from './types';
