/**
 * The one queue's state, for items of every source (a case's references, an imported hash list:
 * decision 0091): the filter (source among its facets) and its counts, the cursor and batch selection over the
 * virtual queue, the current item with its blurred (and, while held, revealed) pictures, the note,
 * and the decide/undo/reveal actions. A decision is awaited — written to the case file, the next
 * window fetched — before keys act again: the busy flag is released once the next item is on
 * screen, and keys act on the item shown (never a stale id). What was decided in this sitting is
 * tallied (sitting.ts) for the hand-off when the queue empties; outcomes are worded by
 * decision-words.ts.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_REVIEW_SETTINGS,
  type ReviewCounts,
  type ReviewDailyCount,
  type ReviewDecision,
  type ReviewFilterInput,
  type ReviewItemDetail,
  type ReviewItemSummary,
  type ReviewPicture,
  type ReviewSettings,
} from '../../../../shared/review-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { countsAfterDecision, dailyAfterDecision } from './decided-counts';
import { aboutItem, decidedWords, undoneWords } from './decision-words';
import { withoutScheme } from './queue-format';
import type { Pictures } from './review-view';
import { NEW_SITTING, withDecision, withUndo } from './sitting';
import { settle, statusShown, unsettled, type ScopedStatus } from './status-scope';
import { useBreak } from './use-break';
import { usePictureCache } from './use-picture-cache';
import { useQueue } from './use-queue';

function localMidnight(): string {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
}

export function useReview() {
  const { t } = useTranslation();
  const api = useApi();
  const [filter, setFilter] = useState<ReviewFilterInput>({ state: 'pending' });
  const [sitting, setSitting] = useState(NEW_SITTING);
  const [error, setError] = useState<string | null>(null);
  const onError = useCallback((e: unknown) => setError(errorText(t, e)), [t]);
  const queue = useQueue(api, filter, onError);
  const [rawCursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [detail, setDetail] = useState<ReviewItemDetail | null>(null);
  const [shown, setShown] = useState<{ id: number; pictures: Pictures } | null>(null);
  const [held, setHeld] = useState<{ id: number; pictures: Pictures } | null>(null);
  const [counts, setCounts] = useState<ReviewCounts | null>(null);
  const [daily, setDaily] = useState<ReviewDailyCount | null>(null);
  const [settings, setSettings] = useState<ReviewSettings>(DEFAULT_REVIEW_SETTINGS);
  const [note, setNote] = useState('');
  // Kept as words to say, not a string: the line follows a change of language. It belongs to the
  // item shown when its write finished and leaves when another is shown (status-scope.ts).
  const [status, setStatus] = useState<ScopedStatus<(t: TFunction) => string> | null>(null);
  // Set while a decision or undo is in flight; 'busy' mirrors it for the buttons.
  const [busy, setBusy] = useState(false);
  const pause = useBreak(settings.breakMinutes);
  const { activity, paused } = pause;
  const picturesOf = usePictureCache(api, settings.blur);
  const holding = useRef(false);
  const busyRef = useRef(false);
  const releaseOnRender = useRef(false);
  /** The item on screen (after commit): keys act on what the reviewer sees, never on stale ids. */
  const shownRef = useRef<number | undefined>(undefined);

  const total = queue.total ?? 0;
  // The cursor stays inside the queue as it shrinks.
  const cursor = total ? Math.min(rawCursor, total - 1) : 0;
  const current = total ? queue.get(cursor) : undefined;
  const currentId = current?.id;
  const pictures = shown && shown.id === currentId ? shown.pictures : {};
  const revealed = held && held.id === currentId ? held.pictures : {};
  // Adjusted while rendering (React's pattern for state that follows other state), not in an effect.
  const scoped = settle(status, busy, currentId);
  if (scoped !== status) setStatus(scoped);
  useLayoutEffect(() => {
    shownRef.current = detail && detail.id === currentId ? currentId : undefined;
    if (releaseOnRender.current) {
      releaseOnRender.current = false;
      busyRef.current = false;
    }
  });

  // Bumped when a decision sets the counts itself: a reload asked for before it answers stale.
  const countsGen = useRef(0);
  const reloadCounts = useCallback(() => {
    const gen = countsGen.current;
    const fresh =
      <T>(set: (v: T) => void) =>
      (v: T) => {
        if (countsGen.current === gen) set(v);
      };
    api.call('review.counts', { filter }).then(fresh(setCounts)).catch(onError);
    api.call('review.dailyCount', { since: localMidnight() }).then(fresh(setDaily)).catch(onError);
  }, [api, filter, onError]);
  useEffect(() => reloadCounts(), [reloadCounts]);
  // After decisions, counts follow once the reviewer pauses: they never delay the next item.
  const countsTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const countsSoon = useCallback(() => {
    if (countsTimer.current) clearTimeout(countsTimer.current);
    countsTimer.current = setTimeout(reloadCounts, 400);
  }, [reloadCounts]);
  useEffect(() => {
    api.call('review.settings', {}).then(setSettings).catch(onError);
  }, [api, onError]);
  // Other monitors' decisions and new crawl matches: refresh quietly (the cursor stays).
  useEffect(() => {
    const offs = [
      // Another reviewer decided something: the window may have changed under the cursor.
      api.on('review.changed', () => {
        countsSoon();
        if (!busyRef.current) void queue.refresh(cursor);
      }),
      api.on('crawl.match', () => {
        countsSoon();
        void queue.refresh(cursor);
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [api, countsSoon, queue, cursor]);

  // Load the current item, then warm the next one's blurred pictures.
  useEffect(() => {
    if (currentId === undefined) return;
    let live = true;
    api
      .call('review.item', { itemId: currentId })
      .then((d) => live && setDetail(d))
      .catch(onError);
    picturesOf(currentId)
      .then((p) => live && setShown({ id: currentId, pictures: p }))
      .catch(onError);
    const next = queue.get(cursor + 1);
    if (next) void picturesOf(next.id).catch(() => undefined);
    return () => void (live = false);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the queue object changes each render
  }, [api, currentId, picturesOf, onError]);

  const move = useCallback(
    (delta: number) => {
      activity();
      setCursor((c) => Math.max(0, Math.min(c + delta, Math.max(0, total - 1))));
    },
    [total, activity],
  );

  /**
   * Runs a write (decision or undo) with the busy flag held until the next item is on screen. A
   * decision has set the counts itself (they follow in full once the reviewer pauses); after an
   * undo they are reloaded at once.
   */
  const write = useCallback(
    async (run: () => Promise<void>, countsAfter: 'soon' | 'now' = 'soon') => {
      activity();
      setBusy(true);
      busyRef.current = true;
      try {
        await run();
        setError(null);
        // Written; now fetch what comes next before showing it.
        await queue.refresh(cursor);
        if (countsAfter === 'now') reloadCounts();
        else countsSoon();
      } catch (e) {
        onError(e);
      } finally {
        // Released once the next item is on screen (see the layout effect above).
        releaseOnRender.current = true;
        setBusy(false);
      }
    },
    [activity, queue, cursor, countsSoon, reloadCounts, onError],
  );

  const decide = useCallback(
    async (decision: ReviewDecision) => {
      const itemId = shownRef.current;
      if (busyRef.current || (!itemId && selected.size === 0)) return;
      await write(async () => {
        const itemIds = selected.size ? [...selected] : [itemId!];
        // Their rows as listed, read before the write refreshes the queue (decided-counts.ts).
        const rows = itemIds.map((id) =>
          id === current?.id ? current : queue.find((row) => row.id === id),
        );
        const known = rows.every(Boolean) ? (rows as ReviewItemSummary[]) : null;
        const r = await api.call('review.decide', {
          itemIds,
          decision,
          ...(note.trim() ? { note: note.trim() } : {}),
        });
        setSitting((s) => withDecision(s, decision, r));
        // The counts say what happened on the screen that says it.
        countsGen.current += 1;
        const from = filter.state ?? 'pending';
        setCounts((c) => c && countsAfterDecision(c, from, decision, r.decided, known));
        setDaily((d) => d && dailyAfterDecision(d, decision, r.decided));
        const listOnly = !selected.size && detail?.id === itemId && detail?.source === 'list';
        const one = !selected.size && current?.id === itemId ? current : undefined;
        const about = one ? withoutScheme(one.pageUrl || one.host) : null;
        setStatus(
          unsettled((tr) =>
            aboutItem(tr, about, decidedWords(tr, decision, r, listOnly ? 'list' : 'case')),
          ),
        );
        setSelected(new Set());
        setNote('');
      });
    },
    [selected, write, api, note, detail, current, queue, filter.state],
  );

  const undo = useCallback(async () => {
    if (busyRef.current) return;
    await write(async () => {
      const r = await api.call('review.undo', {});
      if (r) setSitting((s) => withUndo(s, r.batchId));
      setStatus(unsettled((tr) => undoneWords(tr, r)));
    }, 'now');
  }, [write, api]);

  const reveal = useCallback(
    (which: ReviewPicture[] | null) => {
      if (!which || !currentId || paused) {
        holding.current = false;
        setHeld(null);
        return;
      }
      holding.current = true;
      activity();
      for (const p of which) {
        if (p !== 'snapshot' && !(shown?.id === currentId && shown.pictures[p])) continue;
        if (p === 'snapshot' && detail?.snapshotKind !== 'png') continue;
        api
          .call('review.reveal', { itemId: currentId, picture: p })
          .then((img) => {
            if (holding.current)
              setHeld((h) => ({
                id: currentId,
                pictures: { ...(h?.id === currentId ? h.pictures : {}), [p]: img },
              }));
          })
          .catch(onError);
      }
    },
    [currentId, paused, activity, shown, detail, api, onError],
  );

  const toggleSelect = useCallback(() => {
    if (!currentId) return;
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(currentId)) n.delete(currentId);
      else n.add(currentId);
      return n;
    });
  }, [currentId]);
  const clearSelection = useCallback(() => setSelected(new Set()), []);

  const setFacet = (patch: Partial<ReviewFilterInput>) => {
    setFilter((f) => {
      const next = { ...f, ...patch } as Record<string, unknown>;
      for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
      return next as ReviewFilterInput;
    });
    setCursor(0);
    setSelected(new Set());
  };

  return {
    filter,
    setFacet,
    sitting,
    blur: settings.blur,
    counts,
    daily,
    queue,
    total,
    cursor,
    setCursor,
    current,
    /** The current item's detail, once it has loaded. */
    detail: detail && current && detail.id === current.id ? detail : null,
    pictures,
    revealed,
    selected,
    toggleSelect,
    clearSelection,
    note,
    setNote,
    status: status && statusShown(status, currentId) ? status.say(t) : null,
    busy,
    error,
    clearError: () => setError(null),
    pause,
    move,
    decide,
    undo,
    reveal,
  };
}
