/**
 * A stored match's transform under today's name. Before fc3ed30 a still found as a mirrored frame
 * of a reference video was stored as 'flip-h'; every path now stores 'flip-horizontal' (the image
 * pipeline's name, which review words as "mirrored"). Rows already in a case file keep the old
 * name, so whatever shows a stored transform reads it through here.
 */
const OLD_NAMES: Readonly<Record<string, string>> = { 'flip-h': 'flip-horizontal' };

/** The transform as shown: today's name for an old one, anything else as stored. */
export function shownTransform(stored: string): string {
  return OLD_NAMES[stored] ?? stored;
}
