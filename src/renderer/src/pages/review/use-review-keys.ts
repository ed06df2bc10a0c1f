/**
 * The case queue's keyboard: J/K or arrows move, C/R/U decide, Z or Ctrl+Z undo, X selects for a
 * batch, N focuses the note, Space held reveals (released, or the window losing focus, blurs
 * again), ? toggles the sheet, Escape leaves a field or clears the selection. Keys do nothing
 * while typing, while the break reminder is up, or (except ?) while the sheet is open.
 */
import { useEffect, type RefObject } from 'react';
import type { ReviewDecision, ReviewPicture } from '../../../../shared/review-types';

export interface ReviewKeyActions {
  move: (delta: number) => void;
  decide: (decision: ReviewDecision) => Promise<void>;
  undo: () => Promise<void>;
  toggleSelect: () => void;
  clearSelection: () => void;
  reveal: (which: ReviewPicture[] | null) => void;
  toggleSheet: () => void;
  noteRef: RefObject<HTMLInputElement | null>;
  sheet: boolean;
  breakUp: boolean;
}

export function useReviewKeys(a: ReviewKeyActions) {
  const { move, decide, undo, toggleSelect, clearSelection, reveal, toggleSheet, noteRef } = a;
  const { sheet, breakUp } = a;
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      const typing =
        e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (e.key === 'Escape') {
        if (typing) (e.target as HTMLElement).blur();
        else clearSelection();
        return;
      }
      if (typing || e.altKey || breakUp) return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        void undo();
        return;
      }
      if (e.ctrlKey || e.metaKey) return;
      if (e.key === '?') {
        toggleSheet();
        return;
      }
      if (sheet) return;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      const actions: Record<string, () => void> = {
        j: () => move(1),
        ArrowDown: () => move(1),
        k: () => move(-1),
        ArrowUp: () => move(-1),
        c: () => void decide('confirm'),
        r: () => void decide('reject'),
        u: () => void decide('unsure'),
        z: () => void undo(),
        x: toggleSelect,
        n: () => noteRef.current?.focus(),
        ' ': () => {
          if (!e.repeat) reveal(['reference', 'candidate', 'snapshot']);
        },
      };
      const action = actions[key];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    const up = (e: KeyboardEvent) => {
      if (e.key === ' ') reveal(null);
    };
    const hide = () => reveal(null);
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', hide);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', hide);
    };
  }, [
    move,
    decide,
    undo,
    toggleSelect,
    clearSelection,
    reveal,
    toggleSheet,
    noteRef,
    sheet,
    breakUp,
  ]);
}
