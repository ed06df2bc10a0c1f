/**
 * The status line after a decision or an undo belongs to one moment of the queue: it is shown with
 * the item the queue moved to when the write finished, and leaves as soon as another item is
 * shown (the reviewer picks one in the list, moves with a key, or the queue changes under the
 * cursor). Before, "Confirmed. 1 draft takedown request opened…" stayed over every item the
 * reviewer opened next, undecided ones included, as if it were about them.
 */

/** A status line and the item it was shown with (`settled` once the write has finished). */
export interface ScopedStatus<S> {
  say: S;
  settled: boolean;
  on?: number | undefined;
}

/** A new status line, not yet tied to an item (its write is still in flight). */
export const unsettled = <S>(say: S): ScopedStatus<S> => ({ say, settled: false });

/**
 * Ties a status line to the item on screen once its write is over, and drops it once another item
 * is on screen; the same object when nothing changes (so a state setter can skip the render).
 */
export function settle<S>(
  s: ScopedStatus<S> | null,
  busy: boolean,
  currentId: number | undefined,
): ScopedStatus<S> | null {
  if (!s || busy) return s;
  if (!s.settled) return { ...s, settled: true, on: currentId };
  return s.on === currentId ? s : null;
}

/** Whether the line is shown with the item on screen (undefined: the queue is empty). */
export function statusShown<S>(s: ScopedStatus<S> | null, currentId: number | undefined): boolean {
  return !!s && (!s.settled || s.on === currentId);
}
