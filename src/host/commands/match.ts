/**
 * `jium match --refs <folder> <candidates…>`: fingerprints the reference images and videos, then
 * each candidate, and prints one TSV line per candidate: candidate, best reference (or "-"),
 * verdict, distance, algorithm. The reference images sit behind the ReferenceSet seam, answered by
 * the similarity index (src/engine/similarity), which returns exactly what BruteForceReferenceSet
 * would. A candidate video is compared with every reference video by vPDQ (engine/video); a
 * candidate image that matches no reference image is looked for as a frame of the reference videos.
 */
import { parseArgs } from 'node:util';
import {
  bestMatch,
  betterVideoMatch,
  expandInputs,
  IndexedReferenceSet,
  matchFrameToVideo,
  matchVideo,
  splitVideoInputs,
  videoVerdict,
  type BatchResult,
  type VideoBatchResult,
  type VideoFingerprint,
} from '../../engine';
import type { CliCommand } from '../cli-types';
import { hashFiles } from '../image-batch';
import { tsvField } from '../tsv';
import { hashVideos } from '../video-batch';

const usage = `Usage: jium match --refs <folder> [--json] <candidate files or folders…>

Prints one line per candidate:
  candidate<TAB>best-reference-or-"-"<TAB>verdict<TAB>distance<TAB>algorithm
verdict is match, no-match, low-quality (too little detail to decide) or error (then the
algorithm column holds the error code, and stderr has "path<TAB>error-code<TAB>message").
Videos (mp4 mov m4v webm mkv avi 3gp) among the references and candidates are matched by vPDQ:
for a candidate video the distance column carries the match share instead, the percentage of the
candidate's sampled frames found in the best reference video (0-100, higher is closer), and the
algorithm is "vpdq"; it matches when its agreeing frames cover at least 3 seconds of the candidate
in order, or (for a shorter candidate) at least 80% of its frames agree, as the crawler decides. A
candidate image found as one frame of a reference video has algorithm "vpdq-frame@<seconds>" and
its PDQ distance. With --json each line is one JSON object with candidate, reference (null when
none), verdict, distance and algo. An image line also has transform (how the reference was turned
or flipped to match), referenceRegion and candidateRegion (which part of each picture decided:
full, trim, embedded, crop-…, half-…), candidateBox when that part is a region of the candidate
(left, top, right, bottom as fractions), and verification when the local-feature check decided
(inliers, inlierRatio, and outline: the reference's corners in the candidate as fractions). A video
line also has queryPct, comparePct and the matching segments (which seconds of the candidate match
which seconds of the reference).
The exit code is 1 if any reference or candidate could not be read. A tab, newline, carriage
return or backslash in a path is written as \\t, \\n, \\r or \\\\.`;

/** The reference video a candidate video agrees with most (the crawler's choice), and how. */
function bestVideo(candidate: VideoFingerprint, refs: { path: string; fp: VideoFingerprint }[]) {
  let best: { path: string | null; m: ReturnType<typeof matchVideo> } = {
    path: null,
    m: { queryPct: 0, comparePct: 0, segments: [] },
  };
  for (const ref of refs) {
    const m = matchVideo(candidate, ref.fp);
    if (best.path === null || betterVideoMatch(m, best.m)) best = { path: ref.path, m };
  }
  return { ...best, verdict: videoVerdict(candidate, best.m) };
}

/** The first reference video that holds a candidate image as one of its frames. */
function frameInVideos(r: BatchResult, refs: { path: string; fp: VideoFingerprint }[]) {
  if (!r.ok) return null;
  let best: { path: string; timestampS: number; distance: number } | null = null;
  for (const ref of refs) {
    const hit = matchFrameToVideo(r.fingerprint.pdq.hash, r.fingerprint.pdq.quality, ref.fp);
    if (hit && (!best || hit.distance < best.distance)) best = { path: ref.path, ...hit };
  }
  return best;
}

export const command: CliCommand = {
  name: 'match',
  summary: 'Match candidate images and videos against a folder of reference images and videos',
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { refs: { type: 'string' }, json: { type: 'boolean' } },
    });
    if (!values.refs || positionals.length === 0) {
      io.stderr.write(usage + '\n');
      return 2;
    }
    const refs = new IndexedReferenceSet();
    const refSplit = await splitVideoInputs([values.refs], io.cwd);
    const refFiles = await expandInputs(refSplit.rest, io.cwd);
    let failed = await hashFiles(
      io,
      refFiles,
      'reference',
      (r) => {
        if (r.ok) refs.add(r.path, r.fingerprint);
      },
      'references',
    );
    const refVideos: { path: string; fp: VideoFingerprint }[] = [];
    failed += await hashVideos(
      io,
      refSplit.videos,
      'reference',
      (r) => {
        if (r.ok) refVideos.push({ path: r.path, fp: r.fingerprint });
      },
      'references',
    );
    const split = await splitVideoInputs(positionals, io.cwd);
    const files = await expandInputs(split.rest, io.cwd);
    const onCandidate = (r: BatchResult) => {
      if (!r.ok) {
        io.stdout.write(
          values.json
            ? JSON.stringify({ candidate: r.path, verdict: 'error', error: r.error.code }) + '\n'
            : `${tsvField(r.path)}\t-\terror\t-\t${r.error.code}\n`,
        );
        return;
      }
      const best = bestMatch(refs, r.fingerprint);
      const c = best.comparison;
      const frame = c.verdict === 'match' ? null : frameInVideos(r, refVideos);
      if (frame) {
        const algo = `vpdq-frame@${frame.timestampS.toFixed(3)}`;
        io.stdout.write(
          values.json
            ? JSON.stringify({
                candidate: r.path,
                reference: frame.path,
                verdict: 'match',
                distance: frame.distance,
                algo,
                timestampS: frame.timestampS,
              }) + '\n'
            : `${tsvField(r.path)}\t${tsvField(frame.path)}\tmatch\t${frame.distance}\t${algo}\n`,
        );
        return;
      }
      const ref = c.verdict === 'match' ? (best.referenceId ?? '-') : '-';
      io.stdout.write(
        values.json
          ? JSON.stringify({ candidate: r.path, reference: ref === '-' ? null : ref, ...c }) + '\n'
          : `${tsvField(r.path)}\t${tsvField(ref)}\t${c.verdict}\t${c.distance}\t${c.algo}\n`,
      );
    };
    failed += await hashFiles(io, files, 'candidate', onCandidate, 'candidates');
    const onVideo = (r: VideoBatchResult) => {
      if (!r.ok) {
        io.stdout.write(
          values.json
            ? JSON.stringify({ candidate: r.path, verdict: 'error', error: r.error.code }) + '\n'
            : `${tsvField(r.path)}\t-\terror\t-\t${r.error.code}\n`,
        );
        return;
      }
      const best = bestVideo(r.fingerprint, refVideos);
      const ref = best.verdict === 'match' ? (best.path ?? '-') : '-';
      const share = Math.round(best.m.queryPct * 10) / 10;
      io.stdout.write(
        values.json
          ? JSON.stringify({
              candidate: r.path,
              reference: ref === '-' ? null : ref,
              verdict: best.verdict,
              distance: share,
              algo: 'vpdq',
              ...best.m,
            }) + '\n'
          : `${tsvField(r.path)}\t${tsvField(ref)}\t${best.verdict}\t${share}\tvpdq\n`,
      );
    };
    failed += await hashVideos(io, split.videos, 'candidate', onVideo, 'candidates');
    return failed > 0 ? 1 : 0;
  },
};
