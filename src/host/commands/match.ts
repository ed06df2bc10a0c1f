/**
 * `jium match --refs <folder> <candidates…>`: fingerprints the reference images and videos, then
 * each candidate, and prints one TSV line per candidate: candidate, best reference (or "-"),
 * verdict, distance, algorithm, transform. The reference images sit behind the ReferenceSet seam, answered by
 * the similarity index (src/engine/similarity), which returns exactly what BruteForceReferenceSet
 * would. A candidate video is compared with every reference video by vPDQ (engine/video); a
 * candidate image that matches no reference image is looked for as a frame of the reference videos.
 */
import { parseArgs } from 'node:util';
import {
  bestMatch,
  candidateFrames,
  countedMoments,
  decideVideo,
  decisionAlgo,
  decisionTransform,
  expandInputs,
  IndexedReferenceSet,
  matchFrameToVideo,
  matchVideo,
  referenceFeatureIndex,
  splitVideoInputs,
  type BatchResult,
  type FrameInVideo,
  type VideoBatchResult,
  type VideoDecision,
  type VideoFingerprint,
} from '../../engine';
import type { CliCommand } from '../cli-types';
import { hashFiles } from '../image-batch';
import { tsvField } from '../tsv';
import { hashVideos } from '../video-batch';

const usage = `Usage: jium match --refs <folder> [--json] <candidate files or folders…>

Prints one line per candidate:
  candidate<TAB>best-reference-or-"-"<TAB>verdict<TAB>distance<TAB>algorithm<TAB>transform
verdict is match, no-match, low-quality (too little detail to decide) or error (then the
algorithm column holds the error code, and stderr has "path<TAB>error-code<TAB>message").
transform says how the reference was turned or flipped to match: identity, rotate90,
rotate180, rotate270, flip-horizontal (mirrored), flip-vertical, transpose or anti-transpose for
an image; identity or flip-horizontal for a video or a frame of one; "-" when nothing matched.
Videos (mp4 mov m4v webm mkv avi 3gp) among the references and candidates are matched by vPDQ:
for a candidate video the distance column carries the match share instead, the percentage of the
candidate's sampled frames found in the best reference video (0-100, higher is closer), and the
algorithm is "vpdq"; it matches when its agreeing frames cover at least 3 seconds of the candidate
in order, or (for a shorter candidate) at least 80% of its frames agree, as the crawler decides.
When no reference's frames match, local features of 4-8 of its frames are checked against the
references' keyframes (finds crops; the videos are decoded once more for it): a match found so
has algorithm "vpdq-local" and its distance column is the share of the frames looked at that
verified (at least 2, at consistent times), not a share of the video's frames. A
candidate image found as one frame of a reference video has algorithm "vpdq-frame@<seconds>" and
its PDQ distance. With --json each line is one JSON object with candidate, reference (null when
none), verdict, distance, algo and transform (null when nothing matched). An image line also has
referenceRegion and candidateRegion (which part of each picture decided:
full, trim, embedded, crop-…, half-…), candidateBox when that part is a region of the candidate
(left, top, right, bottom as fractions), and verification when the local-feature check decided
(inliers, inlierRatio, and outline: the reference's corners in the candidate as fractions). A video
line also has queryPct, comparePct and the matching segments (which seconds of the candidate match
which seconds of the reference).
The exit code is 1 if any reference or candidate could not be read. A tab, newline, carriage
return or backslash in a path is written as \\t, \\n, \\r or \\\\.`;

type RefVideo = { path: string; fp: VideoFingerprint };

/**
 * A candidate video under the one video decision (decideVideo, as the crawler decides): the frame
 * hashes, then, when they match no reference, the crop stage, for which the candidate and the
 * references are decoded once more (`crop` makes the references' keyframes once, when first
 * needed). Without a match, the largest share of the candidate's frames found in a reference is
 * printed as evidence.
 */
async function videoLine(
  fp: VideoFingerprint,
  file: string,
  refs: RefVideo[],
  crop: () => ReturnType<typeof referenceFeatureIndex>,
  cwd: string,
) {
  const list = refs.map((r) => ({ key: r.path, fingerprint: r.fp }));
  let d: VideoDecision | null = decideVideo(fp, list);
  const index = !d && refs.length > 0 ? await crop() : undefined;
  if (index?.size) d = decideVideo(fp, list, { index, kept: await candidateFrames(file, cwd) });
  if (d) {
    const algo = decisionAlgo(d);
    return {
      path: d.key,
      verdict: 'match' as const,
      m: d.match,
      algo,
      transform: decisionTransform(d),
    };
  }
  let m = { queryPct: 0, comparePct: 0, segments: [] } as ReturnType<typeof matchVideo>;
  for (const r of refs) {
    const x = matchVideo(fp, r.fp);
    if (x.queryPct > m.queryPct) m = x;
  }
  const verdict = countedMoments(fp) === 0 ? ('low-quality' as const) : ('no-match' as const);
  return { path: null, verdict, m, algo: 'vpdq' as const, transform: null };
}

/** The first reference video that holds a candidate image as one of its frames. */
function frameInVideos(r: BatchResult, refs: { path: string; fp: VideoFingerprint }[]) {
  if (!r.ok) return null;
  let best: ({ path: string } & FrameInVideo) | null = null;
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
            : `${tsvField(r.path)}\t-\terror\t-\t${r.error.code}\t-\n`,
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
                transform: frame.transform,
                timestampS: frame.timestampS,
              }) + '\n'
            : `${tsvField(r.path)}\t${tsvField(frame.path)}\tmatch\t${frame.distance}\t${algo}\t${frame.transform}\n`,
        );
        return;
      }
      const matched = c.verdict === 'match';
      const ref = matched ? (best.referenceId ?? '-') : '-';
      const transform = matched ? c.transform : null;
      io.stdout.write(
        values.json
          ? JSON.stringify({
              candidate: r.path,
              reference: ref === '-' ? null : ref,
              ...c,
              transform,
            }) + '\n'
          : `${tsvField(r.path)}\t${tsvField(ref)}\t${c.verdict}\t${c.distance}\t${c.algo}\t${transform ?? '-'}\n`,
      );
    };
    failed += await hashFiles(io, files, 'candidate', onCandidate, 'candidates');
    let index: ReturnType<typeof referenceFeatureIndex> | undefined;
    const crop = () =>
      (index ??= referenceFeatureIndex(
        refVideos.map((v) => v.path),
        io.cwd,
      ));
    const onVideo = async (r: VideoBatchResult) => {
      if (!r.ok) {
        io.stdout.write(
          values.json
            ? JSON.stringify({ candidate: r.path, verdict: 'error', error: r.error.code }) + '\n'
            : `${tsvField(r.path)}\t-\terror\t-\t${r.error.code}\t-\n`,
        );
        return;
      }
      const best = await videoLine(r.fingerprint, r.path, refVideos, crop, io.cwd);
      const ref = best.path ?? '-';
      const share = Math.round(best.m.queryPct * 10) / 10;
      io.stdout.write(
        values.json
          ? JSON.stringify({
              candidate: r.path,
              reference: best.path,
              verdict: best.verdict,
              distance: share,
              algo: best.algo,
              transform: best.transform,
              ...best.m,
            }) + '\n'
          : `${tsvField(r.path)}\t${tsvField(ref)}\t${best.verdict}\t${share}\t${best.algo}\t${best.transform ?? '-'}\n`,
      );
    };
    // Decided after the batch, in order: the crop stage may decode a candidate once more.
    const videos: VideoBatchResult[] = [];
    failed += await hashVideos(io, split.videos, 'candidate', (r) => videos.push(r), 'candidates');
    for (const r of videos) await onVideo(r);
    return failed > 0 ? 1 : 0;
  },
};
