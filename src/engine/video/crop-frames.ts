/**
 * The crop stage's inputs for video files named on the command line (`jium match`, decision
 * 0122): a reference's keyframes and a candidate's kept frames. The crawler and registration keep
 * them during their one decode (fingerprintVideo's onGreyFrame); the CLI's batch fingerprints
 * without them, so these decode a file once more — and `jium match` asks only when the frame
 * hashes matched nothing, so a candidate the hashes decide costs no second decode.
 */
import path from 'node:path';

import { loadVerifier } from '../fingerprint/verify';
import {
  candidateKeeper,
  keyframeFeatures,
  referenceKeeper,
  VideoFeatureIndex,
  type FrameKeeper,
} from './crop-stage';
import { DEFAULT_SAMPLE_EVERY_S, fingerprintVideo } from './fingerprint-video';

/**
 * The crop stage's keyframes of reference video files, in one index keyed by each file's name as
 * given; undefined when the verifier (OpenCV) cannot load. A file that fails to decode is left out
 * (it failed the batch already, with its error).
 */
export async function referenceFeatureIndex(
  files: readonly string[],
  cwd: string,
): Promise<VideoFeatureIndex | undefined> {
  if (!(await loadVerifier())) return undefined;
  const index = new VideoFeatureIndex();
  for (const file of files) {
    const kept = referenceKeeper();
    try {
      // Sampled once a second: the keeper keeps a frame about once a second anyway.
      await fingerprintVideo(path.resolve(cwd, file), {
        sampleEveryS: DEFAULT_SAMPLE_EVERY_S,
        onGreyFrame: kept.take,
      });
    } catch {
      continue;
    }
    index.set(file, keyframeFeatures(kept.all()));
  }
  return index;
}

/** A candidate video file's frames kept for the crop stage, as the crawler keeps them. */
export async function candidateFrames(file: string, cwd: string): Promise<FrameKeeper | undefined> {
  const kept = candidateKeeper();
  try {
    await fingerprintVideo(path.resolve(cwd, file), { onGreyFrame: kept.take });
    return kept;
  } catch {
    return undefined;
  }
}
