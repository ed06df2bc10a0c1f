/**
 * What part of the pictures matched, told beside "Matched as" (issue 13 item 7): a match whose
 * region lies inside the found image (a screenshot, a cell of a collage) matched only that part of
 * it, and one whose region reaches outside the found image (a crop) matched part of the reference.
 * Without this the review said "as is" for a screenshot that is anything but the picture as is.
 * A video the crop stage found (algorithm `vpdq-local`, decision 0122) matched by local features of
 * parts of its frames, never as whole frames: it is not "as is" either.
 */

/** How far a corner may be off the found image's edge and still count as on it. */
const EDGE = 0.02;

export type MatchPart = 'whole' | 'inside' | 'cut' | 'local';

/** The part told for a match's region (corners as fractions of the found image), if any. */
export function matchPart(region: readonly number[] | null | undefined): MatchPart {
  if (!region || region.length !== 8) return 'whole';
  const xs = [0, 2, 4, 6].map((i) => region[i]!);
  const ys = [1, 3, 5, 7].map((i) => region[i]!);
  const [l, r, t, b] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  if (l < -EDGE || t < -EDGE || r > 1 + EDGE || b > 1 + EDGE) return 'cut';
  if (l <= EDGE && t <= EDGE && r >= 1 - EDGE && b >= 1 - EDGE) return 'whole';
  return 'inside';
}

/**
 * The words after "Matched as", as i18n keys joined by " · ": the transform, then the part when
 * not the whole (each falls back to its own name). A crop-stage video match leaves out "as is".
 */
export function matchedAs(
  transform: string,
  region: readonly number[] | null | undefined,
  algo: string,
): { key: string; defaultValue: string }[] {
  const part: MatchPart = algo === 'vpdq-local' ? 'local' : matchPart(region);
  const words: { key: string; defaultValue: string }[] = [];
  if (part !== 'local' || transform !== 'identity')
    words.push({ key: `review.transforms.${transform}`, defaultValue: transform });
  if (part !== 'whole') words.push({ key: `review.parts.${part}`, defaultValue: part });
  return words;
}
